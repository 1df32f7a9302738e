"""An "Undo" button in the message that follows a removal.

A view that removes something it can put back adds the undo address to its success message:

    messages.success(request, "Removed the mission Nairobi.", extra_tags=undo_tag("/missions/removed/7/undo/"))

and base.html shows the message with an Undo button that POSTs there (a form, so it works without
JavaScript). What is undone, and whether it still can be, is the undo view's business, as with merges
(registry/views_dedupe.undo_merge): this only carries the address from one page to the next.
"""

from __future__ import annotations

# base.html tests for this prefix with `slice:":5"` and reads the address with `slice:"5:"`.
UNDO_PREFIX = "undo "


def undo_tag(url: str) -> str:
    """The message's extra tags that make base.html offer Undo, posting to `url` (a path, no spaces)."""
    if not url.startswith("/") or " " in url:
        raise ValueError(f"an undo address is a path without spaces, got {url!r}")
    return UNDO_PREFIX + url
