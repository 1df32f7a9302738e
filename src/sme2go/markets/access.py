"""Who may open the market and opportunity pages (the rule itself lives in accounts.scoping)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from sme2go.accounts.scoping import can_read_market_data


def market_reader(view: Any) -> Any:
    """Anonymous users go to the login page; logged-in users need `can_read_market_data`."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_read_market_data(request.user):
            raise PermissionDenied("you may not read market data")
        return view(request, *args, **kwargs)

    return wrapped
