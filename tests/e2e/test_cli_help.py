"""Every sme2go command is documented with an example (a test fails when one is not)."""

from __future__ import annotations

from django.core.management import load_command_class

from sme2go.cli import main, sme2go_commands


def test_every_command_has_help_with_an_example():
    commands = sme2go_commands()
    assert "demo" in commands
    for name, app in commands.items():
        help_text = load_command_class(app, name).help or ""
        assert "Example" in help_text, f"sme2go {name} has no example in its help"


def test_it_lists_its_commands_when_called_without_arguments(capsys):
    main([])
    out = capsys.readouterr().out
    assert "usage: sme2go COMMAND" in out
    assert "demo" in out
