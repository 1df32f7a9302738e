"""Files named on the command line of sme2go's commands, checked before any work.

Each error names the option (or argument) as the user typed it and says what is wrong
with the file, in one line, and is a CommandError with exit code 2 (bad input, as
`consortia solve`); exit code 1 is left for a command that failed for another reason.
"""

from __future__ import annotations

import os
import re
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


# Bytes no text file holds (controls other than tab, line feed, form feed and carriage return).
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _not_utf8(value: str, label: str, data: bytes, error: UnicodeDecodeError, what: str) -> CommandError:
    return bad_input(f"{label} {value}: is not UTF-8 {what} (byte 0x{data[error.start]:02x} at position "
                     f"{error.start} is no UTF-8 character: a binary file?)")


def _read_bytes(path: Path, value: str, label: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise bad_input(f"{label} {value}: cannot be read ({error.strerror or error})") from None


def utf8_text(value: str, label: str, what: str = "text") -> str:
    """The text of the file `value` given as `label`, which must be UTF-8 `what` ("JSON text");
    a byte-order mark is dropped."""
    path = input_file(value, label)
    data = _read_bytes(path, value, label)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_utf8(value, label, data, error, what) from None


def refuse_binary(value: str, label: str, what: str = "text") -> Path:
    """The file `value` given as `label`, if it is text: UTF-8, or another 8-bit encoding
    (Latin-1, as older exports are) without the control bytes only binary data has."""
    path = input_file(value, label)
    data = _read_bytes(path, value, label)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if _BINARY.search(data):
            raise _not_utf8(value, label, data, error, what) from None
    return path
