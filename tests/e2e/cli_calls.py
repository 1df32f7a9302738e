"""Calling the sme2go CLI from a test: a command that fails, and an export read back as CSV rows."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from sme2go.cli import main


def cli_failure(capsys, argv: list[str]) -> tuple[int, str]:
    """`sme2go <argv>` that must fail: its exit code and standard error (standard output must stay empty)."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    captured = capsys.readouterr()
    assert captured.out == ""
    return exit_.value.code, captured.err


def export_rows(*args: str) -> tuple[list[dict[str, str]], str]:
    """`sme2go export <args>` to standard output: its CSV rows and standard error."""
    out, err = io.StringIO(), io.StringIO()
    call_command("export", *args, stdout=out, stderr=err)
    return list(csv.DictReader(io.StringIO(out.getvalue()))), err.getvalue()
