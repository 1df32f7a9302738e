"""The `sme2go` command: a thin layer over the Django management commands of sme2go's apps.

`sme2go` with no arguments (or `--help`) lists sme2go's own commands with their
one-line help; `sme2go COMMAND --help` shows a command's full help with an example.
Django's own commands (migrate, runserver, createsuperuser, ...) run too.
"""

from __future__ import annotations

import os
import sys


def sme2go_commands() -> dict[str, str]:
    """Map each sme2go management command to the app that defines it (an sme2go app of INSTALLED_APPS)."""
    from django.conf import settings
    from django.core.management import get_commands

    ours = {app for app in settings.INSTALLED_APPS if app.startswith("sme2go.")}
    return {name: app for name, app in get_commands().items() if app in ours}


def print_overview() -> None:
    from django.core.management import load_command_class

    print("usage: sme2go COMMAND [ARGS]  (sme2go COMMAND --help for details and an example)\n")
    print("Commands:")
    for name, app in sorted(sme2go_commands().items()):
        help_text = (load_command_class(app, name).help or "").strip().splitlines()
        print(f"  {name:<14} {help_text[0] if help_text else ''}")
    print("\nDjango's own commands (migrate, runserver, createsuperuser, ...) work too.")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sme2go.settings")
    import django
    from django.conf import settings
    from django.core.management import execute_from_command_line

    settings.SME2GO_HOME.mkdir(parents=True, exist_ok=True)
    django.setup()
    if not argv or argv[0] in ("-h", "--help", "help"):
        print_overview()
        return
    execute_from_command_line(["sme2go", *argv])


if __name__ == "__main__":
    main()
