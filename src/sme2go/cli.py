"""The `sme2go` command: a thin layer over the Django management commands of sme2go's apps.

`sme2go` with no arguments (or `--help`) lists sme2go's own commands with their
one-line help; `sme2go COMMAND --help` shows a command's full help with an example.
Django's own commands (migrate, runserver, createsuperuser, ...) run too.

An error of one of sme2go's commands is one line on stderr, "sme2go COMMAND: message"
(with the sub-command, e.g. "sme2go partners suggest: ..."), and its exit code: 2 for bad
input (a usage error, a file that cannot be read or is not what it should be, a value out of
range), 1 when the command could not do its work otherwise (e.g. no such user) or failed
unexpectedly; never a Python traceback, unless asked for with --traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import textwrap
from typing import Any

OVERVIEW_WIDTH = 100  # the command list of `sme2go --help`, wrapped under the command's column


def sme2go_commands() -> dict[str, str]:
    """Map each sme2go management command to the app that defines it (an sme2go app of INSTALLED_APPS)."""
    from django.conf import settings
    from django.core.management import get_commands

    ours = {app for app in settings.INSTALLED_APPS if app.startswith("sme2go.")}
    return {name: app for name, app in get_commands().items() if app in ours}


# Words whose period does not end a sentence.
_ABBREVIATIONS = ("e.g", "i.e", "etc", "vs")


def first_sentence(help_text: str) -> str:
    """The first sentence of a command's help, whole even when it runs over several lines
    ("... (--dry-run changes nothing) and\nstores all rows or none ..." is one sentence)."""
    paragraph = " ".join(help_text.strip().split("\n\n")[0].split())
    for match in re.finditer(r"[.!?](?=\s|$)", paragraph):
        if not paragraph[: match.start()].endswith(_ABBREVIATIONS):
            return paragraph[: match.end()]
    return paragraph


def print_overview() -> None:
    from django.core.management import load_command_class

    print("usage: sme2go COMMAND [ARGS]  (sme2go COMMAND --help for details and an example)\n")
    print("Commands:")
    for name, app in sorted(sme2go_commands().items()):
        sentence = first_sentence(load_command_class(app, name).help or "")
        lines = textwrap.wrap(sentence, width=OVERVIEW_WIDTH - 17) or [""]
        print(f"  {name:<14} {lines[0]}")
        for line in lines[1:]:
            print(f"{'':17}{line}")
    print("\nDjango's own commands (migrate, runserver, createsuperuser, ...) work too.")
    print("An error is one line on stderr naming the command. Exit codes: 0 done; 2 bad input (a usage error, a\n"
          "file that is missing or not what it should be, a number out of range); 1 any other failure.")


def command_words(parser: argparse.ArgumentParser, args: list[str]) -> list[str]:
    """The sub-command words at the start of `args` that `parser` knows (["suggest"] for
    `partners suggest --k 3`), to name the command in an error."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and args and args[0] in action.choices:
            return [args[0], *command_words(action.choices[args[0]], args[1:])]
    return []


def run_sme2go_command(name: str, app: str, args: list[str]) -> None:
    """Run one of sme2go's commands as Django's `run_from_argv` would, but report errors in one line."""
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import load_command_class
    from django.core.management.base import CommandError, SystemCheckError, handle_default_options
    from django.db import connections

    command: Any = load_command_class(app, name)
    command._called_from_command_line = True
    parser = command.create_parser("sme2go", name)
    options = parser.parse_args(args)  # a usage error exits 2 with argparse's message
    prog = " ".join(["sme2go", name, *command_words(parser, args)])
    cmd_options = vars(options)
    positional = cmd_options.pop("args", ())
    handle_default_options(options)
    try:
        command.execute(*positional, **cmd_options)
    except SystemCheckError as error:
        if options.traceback:
            raise
        print(error, file=sys.stderr)
        sys.exit(error.returncode)
    except CommandError as error:
        if options.traceback:
            raise
        print(f"{prog}: {error}", file=sys.stderr)
        sys.exit(error.returncode)
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as error:  # a bug: still one line, the traceback on request
        if options.traceback:
            raise
        print(f"{prog}: unexpected error ({type(error).__name__}: {error}); run it again with --traceback "
              "to see where", file=sys.stderr)
        sys.exit(1)
    finally:
        try:
            connections.close_all()
        except ImproperlyConfigured:
            pass


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
    ours = sme2go_commands()
    if argv[0] in ours:
        run_sme2go_command(argv[0], ours[argv[0]], argv[1:])
        return
    execute_from_command_line(["sme2go", *argv])


if __name__ == "__main__":
    main()
