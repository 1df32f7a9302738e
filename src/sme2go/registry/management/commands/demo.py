"""`sme2go demo`: prepare the demo database and serve the product."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import get_template
from django.urls import get_resolver

from sme2go.registry.demo_loading import DEMO_PASSWORD, ensure_demo_users, load_demo_registry


class Command(BaseCommand):
    help = (
        "Prepare the demo database (migrate, load bundled real data and generated companies) and serve it.\n\n"
        "Example: sme2go demo --no-serve && sme2go demo --port 8080"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="prepare the database and exit")
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"), help="port to serve on (default $PORT or 8000)")
        parser.add_argument("--companies", type=int, default=500, help="generated companies to create (default 500)")
        # What the fresh server process of `sme2go demo` runs (see demo_server): warm up, then serve.
        parser.add_argument("--serve-only", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: object, **options: object) -> None:
        if options["serve_only"]:
            self.serve(str(options["port"]))
            return
        if not options["no_serve"]:
            check_port_free(str(options["port"]))  # before a minute of preparation, not after
        self.stdout.write("Migrating the database ...")
        call_command("migrate", interactive=False, verbosity=0)
        created = load_demo_registry(count=int(options["companies"]))  # type: ignore[call-overload]
        self.stdout.write(f"Registry: {created} generated companies created" if created else "Registry: already loaded")
        for step in demo_steps():
            self.stdout.write(step(self.stdout) or "")
        logins = ensure_demo_users()
        self.stdout.write(f"\nDemo logins (password: {DEMO_PASSWORD}):")
        for username, what in logins:
            self.stdout.write(f"  {username:<20} {what}")
        if options["no_serve"]:
            return
        port = str(options["port"])
        # WhiteNoise serves the files from the apps (finders) and warns at every start when
        # STATIC_ROOT, where `collectstatic` would put them in production, does not exist.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        self.stdout.write("\nStarting the server ...")
        self.stdout.flush()
        argv, env = demo_server(port, os.environ)
        os.execve(argv[0], argv, env)

    def serve(self, port: str) -> None:
        """In the server's own process: compute what the first pages need, then serve.

        The caches filled here live in this process, so the first visitor of /markets/ gets a warm
        page (computing it in the preparing process was lost at the execve)."""
        warm_up()
        self.stdout.write(f"Serving sme2go at http://127.0.0.1:{port}/  (Ctrl-C to stop)")
        self.stdout.write("This is Django's development server, fine for the demo; production runs sme2go.wsgi "
                          "under a WSGI server (docs/web.md).")
        self.stdout.flush()
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)


def check_port_free(port: str) -> None:
    """CommandError unless `port` is a port number that nothing on 127.0.0.1 listens on."""
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise CommandError(f"--port {port}: not a port number (1-65535)")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds it
        try:
            probe.bind(("127.0.0.1", int(port)))
        except OSError:
            raise CommandError(f"--port {port}: the port is already in use (is the demo already running?); "
                               "choose another with --port or PORT") from None


def demo_server(port: str, environ: Mapping[str, str]) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of the demo's server: a fresh process in demo mode
    (unless SME2GO_ENV says otherwise), so DEBUG is off and a visitor sees the product's own
    404 and 500 pages, never Django's list of URL patterns. Static files come from WhiteNoise.
    It runs `sme2go demo --serve-only`, which warms up that process and then runs runserver."""
    # Django's development-server warning reads like an error to a demo visitor; the demo says
    # the same in its own words (serve() below).
    env = {**environ, "SME2GO_ENV": environ.get("SME2GO_ENV") or "demo", "DJANGO_RUNSERVER_HIDE_WARNING": "true"}
    return [sys.executable, "-m", "sme2go.cli", "demo", "--serve-only", "--port", port], env


def warm_up() -> None:
    """Import the URLconf with every view, compile the ranking page's template and compute the
    default market ranking: what a process's first request would otherwise pay for (~1 s)."""
    from sme2go.markets.services import warm_up as warm_up_markets

    get_resolver().url_patterns  # noqa: B018 - importing them is the point
    get_template("markets/ranking.html")
    warm_up_markets()


def demo_steps() -> list:
    """Loaders of the other product areas, each idempotent, each returning a one-line summary."""
    from sme2go.collaboration.demo import demo_step as collaboration_step
    from sme2go.consortia.demo import demo_step as consortia_step
    from sme2go.markets.services import demo_step as markets_step
    from sme2go.missions.demo import demo_step as missions_step
    from sme2go.opportunities.services import demo_step as opportunities_step
    from sme2go.programme.demo import demo_step as targets_step
    from sme2go.readiness.demo import demo_step as readiness_step
    from sme2go.registry.dedupe_demo import demo_step as duplicates_step
    from sme2go.support.demo import demo_step as support_step

    return [markets_step, opportunities_step, duplicates_step, collaboration_step, support_step, missions_step,
            readiness_step, consortia_step, targets_step]
