"""`sme2go demo` on a port that is taken says so at once, before preparing anything."""

from __future__ import annotations

import os
import socket

import pytest
from django.core.management import CommandError, call_command

from sme2go.registry.models import Company


@pytest.fixture(autouse=True)
def never_serve(monkeypatch):
    """Were the check gone, the command would go on to replace this process with the server."""
    def serve(*args):
        raise AssertionError("the demo went on to serve")
    monkeypatch.setattr(os, "execve", serve)


@pytest.mark.django_db
def test_a_port_in_use_is_refused_before_the_database_is_prepared():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        with pytest.raises(CommandError, match=f"--port {port}: the port is already in use"):
            call_command("demo", "--port", port, "--companies", "5")
    assert not Company.objects.exists()  # nothing was loaded


@pytest.mark.parametrize("port", ["eighty", "0", "70000"])
def test_a_port_that_is_no_port_number_is_named(port):
    with pytest.raises(CommandError, match=f"--port {port}: not a port number"):
        call_command("demo", "--port", port)
