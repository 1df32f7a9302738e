"""Every sme2go command is documented with an example (a test fails when one is not), and its errors
are one line naming the command."""

from __future__ import annotations

import argparse
import shlex

import pytest
from django.core.management import load_command_class
from django.core.management.base import CommandError

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


# --- every sub-command has a working example that uses the demo's names -----------------------------

# The commands whose examples must run as written on the demo (their help is kept by the partner-suggestion part).
CHECKED = ("partners", "tokens", "markets", "import")


def parsers(name: str, app: str):
    """(words, parser) for `sme2go NAME` and each of its sub-commands, depth first."""

    def walk(words, parser):
        yield words, parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, subparser in action.choices.items():
                    yield from walk([*words, sub], subparser)

    yield from walk(["sme2go", name], load_command_class(app, name).create_parser("sme2go", name))


def example_commands(help_text: str) -> list[list[str]]:
    """The `sme2go ...` commands of a help text's example lines: "Example: CMD" lines, and the indented
    lines under an "Example ...:" heading; a pipe or && joins several commands on one line."""
    lines, in_block = [], False
    for line in help_text.splitlines():
        if line.startswith("Example"):
            rest = line.split(":", 1)[1].strip()
            in_block = not rest
            lines += [rest] if rest else []
        elif in_block and line.startswith("  ") and line.strip():
            lines.append(line.strip())
        else:
            in_block = False
    commands = []
    for line in lines:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        segment: list[str] = []
        for token in [*lexer, "|"]:
            if token in ("|", "&&", ";"):
                if segment[:1] == ["sme2go"]:
                    commands.append(segment)
                segment = []
            else:
                segment.append(token)
    return commands


def test_every_sub_command_shows_an_example_in_its_help():
    for name, app in sme2go_commands().items():
        for words, parser in parsers(name, app):
            assert "Example" in parser.format_help(), f"`{' '.join(words)} --help` has no example"


@pytest.fixture
def demo_names(db):
    """The user and partner names of `sme2go demo`."""
    from sme2go.registry.demo import PROGRAMME_PARTNERS
    from sme2go.registry.demo_loading import ensure_demo_users
    from sme2go.registry.models import Company, Partner

    for name, short, country, website, budget, erdf in PROGRAMME_PARTNERS:
        Partner.objects.create(name=name, short_name=short, country=country, website=website,
                               budget_eur=budget, erdf_eur=erdf)
    Company.objects.create(legal_name="Demo OÜ", country="EE", is_generated=True)
    return {"users": {user for user, _ in ensure_demo_users()}, "partners": {p[1] for p in PROGRAMME_PARTNERS}}


@pytest.mark.parametrize("name", CHECKED)
def test_each_example_is_a_valid_command_with_the_demo_names(name, demo_names):
    app = sme2go_commands()[name]
    checked = 0
    for words, parser in parsers(name, app):
        commands = example_commands(parser.format_help())
        assert commands, f"`{' '.join(words)} --help`: no example command on a line of its own"
        for command in commands:
            assert command[1] == name, f"`{' '.join(words)} --help` shows an example of another command: {command}"
            try:
                options = load_command_class(app, name).create_parser("sme2go", name).parse_args(command[2:])
            except (SystemExit, CommandError) as error:
                pytest.fail(f"`{' '.join(words)} --help`: the example {' '.join(command)!r} does not parse: {error}")
            if getattr(options, "user", None):
                assert options.user in demo_names["users"], f"{' '.join(command)}: no demo user {options.user!r}"
            if getattr(options, "partner", None):
                assert options.partner in demo_names["partners"], f"{' '.join(command)}: no demo partner"
            checked += 1
    assert checked
    assert "advisor-tehnopol" in demo_names["users"]


def test_an_error_is_one_line_naming_the_command_not_a_python_class(capsys, db):
    with pytest.raises(SystemExit) as done:
        main(["tokens", "create", "--user", "advisor-nowhere", "--name", "x"])
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert err == "sme2go tokens create: no user named 'advisor-nowhere'\n"


def test_an_unexpected_failure_is_one_line_too(capsys, db, monkeypatch):
    from sme2go.collaboration import services

    def broken() -> int:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "recompute_ties", broken)
    with pytest.raises(SystemExit) as done:
        main(["partners", "ties"])
    err = capsys.readouterr().err
    assert done.value.code == 1 and "Traceback" not in err
    assert err == ("sme2go partners ties: unexpected error (RuntimeError: the database went away); "
                   "run it again with --traceback to see where\n")
