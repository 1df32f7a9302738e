"""Files named on the command line of sme2go's commands, checked before any work.

Each error names the option (or argument) as the user typed it and says what is wrong
with the file, and is a CommandError with exit code 2 (bad input, as `consortia solve`).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import CommandError

BAD_INPUT = 2


def bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=BAD_INPUT)


def input_file(value: str, label: str) -> Path:
    """The file `value` given as `label` (e.g. "--queries"), if it is a readable file."""
    path = Path(value)
    if path.is_dir():
        raise bad_input(f"{label} {value}: is a directory, not a file")
    if not path.exists():
        raise bad_input(f"{label} {value}: no such file")
    if not os.access(path, os.R_OK):
        raise bad_input(f"{label} {value}: cannot be read (permission denied)")
    return path


def output_file(value: str, label: str) -> Path:
    """The file `value` given as `label` (e.g. "-o"), if it can be written: not a directory, in a
    folder that exists and may be written to."""
    path = Path(value)
    if path.is_dir():
        raise bad_input(f"{label} {value}: is a directory; give a file name, e.g. {path / 'suggestions.jsonl'}")
    folder = path.parent
    if not folder.is_dir():
        raise bad_input(f"{label} {value}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise bad_input(f"{label} {value}: cannot be written (permission denied)")
    return path
