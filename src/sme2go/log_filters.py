"""Logging filters: what the server's console shows."""

from __future__ import annotations

import logging


class NoTracebackForClientErrors(logging.Filter):
    """Django logs a refused request (403, 404) with the exception's traceback; a line is enough for a
    client's mistake. Server errors (5xx) keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
