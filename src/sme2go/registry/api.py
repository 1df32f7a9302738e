"""REST API of registry."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["registry"])
