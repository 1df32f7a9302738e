"""The JSON-lines contract of `sme2go partners suggest`: read queries, write suggestions.

Pure: no Django. One query per line:
    {"id": "q1", "programme_part": "SC4", "members": ["999993953", ...],
     "candidate_countries": ["EE", "FI", "SE"], "candidate_types": ["PRC"]}
"programme_part" may also be a list of parts (a project in several), "k" may
override the command's k for one query; missing candidate_countries or
candidate_types allow any. One line out per query:
    {"id": "q1", "suggestions": [{"pic": "...", "score": 1.23, "reasons": ["..."]}, ...]}

Checked on reading (`parse_queries`): JSON, keys, types, non-empty members,
two-letter countries, CORDIS organisation types, unique ids, k >= 1. Checked
against the history (`check_against_history`): programme parts it knows (an error
otherwise); member PICs it does not know are newcomers, reported as warnings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sme2go.collaboration.suggest import PartnerQuery, Suggestion

QUERY_KEYS = ("id", "programme_part", "members", "candidate_countries", "candidate_types", "k")
# The organisation types of CORDIS: private company, higher education, research, public body, other.
ORGANISATION_TYPES = ("PRC", "HES", "REC", "PUB", "OTH")
COUNTRY_CODE = re.compile(r"[A-Z]{2}")
BYTE_ORDER_MARK = "\ufeff"


class QueryError(ValueError):
    """A query line that does not follow the contract; the message names the line and the key."""


@dataclass(frozen=True)
class NamedQuery:
    id: str
    query: PartnerQuery
    line: int = 0  # the line of the queries file it was read from


def _strings(value: Any, *, line: int, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QueryError(f"line {line}: {key!r} must be a list of strings, got {json.dumps(value)[:80]}")
    return tuple(v.strip() for v in value)


def _countries(value: Any, *, line: int) -> frozenset[str]:
    codes = [c.upper() for c in _strings(value, line=line, key="candidate_countries")]
    for given, code in zip(value, codes, strict=True):
        if not COUNTRY_CODE.fullmatch(code):
            raise QueryError(
                f"line {line}: 'candidate_countries': {given!r} is not a two-letter country code (EE, FI, SE, ...)"
            )
    return frozenset(codes)


def _types(value: Any, *, line: int) -> frozenset[str]:
    types = [t.upper() for t in _strings(value, line=line, key="candidate_types")]
    for given, code in zip(value, types, strict=True):
        if code not in ORGANISATION_TYPES:
            raise QueryError(
                f"line {line}: 'candidate_types': {given!r} is not a CORDIS organisation type; "
                f"use {', '.join(ORGANISATION_TYPES)}"
            )
    return frozenset(types)


def _json_object(text: str, *, line: int) -> dict[str, Any]:
    text = text.rstrip("\r\n")  # an error at the end of the line is at its last column, not on "line 2"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QueryError(f"line {line}: not valid JSON ({exc.msg} at column {exc.pos + 1})") from None
    if not isinstance(data, dict):
        raise QueryError(f"line {line}: a query must be a JSON object")
    return data


def parse_query(text: str, *, line: int, default_k: int) -> NamedQuery:
    """Parse one JSON line into a query, or raise QueryError naming the line and key."""
    data = _json_object(text, line=line)
    unknown = sorted(set(data) - set(QUERY_KEYS))
    if unknown:
        raise QueryError(f"line {line}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(QUERY_KEYS)}")
    query_id = data.get("id")
    if not isinstance(query_id, str) or not query_id:
        raise QueryError(f"line {line}: 'id' must be a non-empty string")
    if "members" not in data:
        raise QueryError(f"line {line}: 'members' is missing (a list of pics)")
    members = tuple(m for m in _strings(data["members"], line=line, key="members") if m)
    if not members:
        raise QueryError(f"line {line}: 'members' is empty; give the pics of the consortium's members so far")
    part = data.get("programme_part")
    if part is None:
        parts: tuple[str, ...] = ()
    elif isinstance(part, str):
        parts = (part.strip(),) if part.strip() else ()
    else:
        parts = tuple(p for p in _strings(part, line=line, key="programme_part") if p)
    countries = data.get("candidate_countries")
    types = data.get("candidate_types")
    k = data.get("k", default_k)
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise QueryError(f"line {line}: 'k' must be a positive integer")
    return NamedQuery(
        id=query_id,
        query=PartnerQuery(
            members=members,
            programme_parts=parts,
            candidate_countries=None if countries is None else _countries(countries, line=line),
            candidate_types=None if types is None else _types(types, line=line),
            k=k,
        ),
        line=line,
    )


def parse_queries(lines: Iterable[str], *, default_k: int = 10) -> list[NamedQuery]:
    """Every query of a JSON-lines text (blank lines skipped, a leading byte-order mark
    ignored); duplicate ids are an error."""
    queries: list[NamedQuery] = []
    seen: dict[str, int] = {}
    for number, text in enumerate(lines, start=1):
        if number == 1:
            text = text.removeprefix(BYTE_ORDER_MARK)
        if not text.strip():
            continue
        named = parse_query(text, line=number, default_k=default_k)
        if named.id in seen:
            raise QueryError(f"line {number}: id {named.id!r} already used on line {seen[named.id]}")
        seen[named.id] = number
        queries.append(named)
    return queries


def check_against_history(
    queries: Iterable[NamedQuery], *, known_parts: set[str], known_pics: set[str] | dict[str, int]
) -> list[str]:
    """QueryError for a programme part the history does not know (naming the known ones);
    returns one warning per query with member PICs the history does not know (newcomers:
    legitimate, but the engine knows nothing about them)."""
    warnings = []
    for named in queries:
        unknown_parts = [p for p in named.query.programme_parts if p not in known_parts]
        if unknown_parts:
            known = ", ".join(sorted(known_parts)) if known_parts else "none (give --programme-parts)"
            raise QueryError(
                f"line {named.line}: 'programme_part' {', '.join(map(repr, unknown_parts))} is not a programme "
                f"part of the history; known parts: {known}"
            )
        newcomers = [pic for pic in named.query.members if pic not in known_pics]
        if newcomers:
            everyone = " (none of its members is: the suggestions are the most active organisations)" if len(
                newcomers) == len(named.query.members) else ""
            warnings.append(
                f"query {named.id!r} (line {named.line}): member pic(s) {', '.join(newcomers)} not in the "
                f"history, taken as newcomers{everyone}"
            )
    return warnings


def answer_line(query_id: str, suggestions: list[Suggestion]) -> str:
    """One output line of the contract."""
    return json.dumps(
        {
            "id": query_id,
            "suggestions": [{"pic": s.pic, "score": s.score, "reasons": list(s.reasons)} for s in suggestions],
        },
        ensure_ascii=False,
    )
