"""The server console: one line for a refused request, the traceback for a server error."""

from __future__ import annotations

import logging
import sys

from sme2go.log_filters import NoTracebackForClientErrors


def record(status_code: int) -> logging.LogRecord:
    try:
        raise PermissionError("no")
    except PermissionError:
        exc_info = sys.exc_info()
    made = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden: /x/", (), exc_info)
    made.status_code = status_code
    return made


def test_a_refused_request_is_one_line_and_a_server_error_keeps_its_traceback():
    formatter, keep = logging.Formatter(), NoTracebackForClientErrors()
    forbidden, broken = record(403), record(500)
    assert keep.filter(forbidden) and keep.filter(broken)
    assert formatter.format(forbidden) == "Forbidden: /x/"
    assert "Traceback (most recent call last)" in formatter.format(broken)
