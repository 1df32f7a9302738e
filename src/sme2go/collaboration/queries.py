"""The JSON-lines contract of `sme2go partners suggest`: read queries, write suggestions.

Pure: no Django. One query per line:
    {"id": "q1", "programme_part": "SC4", "members": ["999993953", ...],
     "candidate_countries": ["EE", "FI", "SE"], "candidate_types": ["PRC"]}
"programme_part" may also be a list of parts (a project in several), "k" may
override the command's k for one query; missing candidate_countries or
candidate_types allow any. One line out per query:
    {"id": "q1", "suggestions": [{"pic": "...", "score": 1.23, "reasons": ["..."]}, ...]}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sme2go.collaboration.suggest import PartnerQuery, Suggestion

QUERY_KEYS = ("id", "programme_part", "members", "candidate_countries", "candidate_types", "k")


class QueryError(ValueError):
    """A query line that does not follow the contract; the message names the line and the key."""


@dataclass(frozen=True)
class NamedQuery:
    id: str
    query: PartnerQuery


def _strings(value: Any, *, line: int, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QueryError(f"line {line}: {key!r} must be a list of strings, got {json.dumps(value)[:80]}")
    return tuple(v.strip() for v in value)


def parse_query(text: str, *, line: int, default_k: int) -> NamedQuery:
    """Parse one JSON line into a query, or raise QueryError naming the line and key."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QueryError(f"line {line}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise QueryError(f"line {line}: a query must be a JSON object")
    unknown = sorted(set(data) - set(QUERY_KEYS))
    if unknown:
        raise QueryError(f"line {line}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(QUERY_KEYS)}")
    query_id = data.get("id")
    if not isinstance(query_id, str) or not query_id:
        raise QueryError(f"line {line}: 'id' must be a non-empty string")
    if "members" not in data:
        raise QueryError(f"line {line}: 'members' is missing (a list of pics)")
    members = _strings(data["members"], line=line, key="members")
    part = data.get("programme_part")
    if part is None:
        parts: tuple[str, ...] = ()
    elif isinstance(part, str):
        parts = (part.strip(),) if part.strip() else ()
    else:
        parts = _strings(part, line=line, key="programme_part")
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
            candidate_countries=None if countries is None else frozenset(
                c.upper() for c in _strings(countries, line=line, key="candidate_countries")
            ),
            candidate_types=None if types is None else frozenset(
                t.upper() for t in _strings(types, line=line, key="candidate_types")
            ),
            k=k,
        ),
    )


def parse_queries(lines: Iterable[str], *, default_k: int = 10) -> list[NamedQuery]:
    """Every query of a JSON-lines text (blank lines skipped); duplicate ids are an error."""
    queries: list[NamedQuery] = []
    seen: dict[str, int] = {}
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        named = parse_query(text, line=number, default_k=default_k)
        if named.id in seen:
            raise QueryError(f"line {number}: id {named.id!r} already used on line {seen[named.id]}")
        seen[named.id] = number
        queries.append(named)
    return queries


def answer_line(query_id: str, suggestions: list[Suggestion]) -> str:
    """One output line of the contract."""
    return json.dumps(
        {
            "id": query_id,
            "suggestions": [{"pic": s.pic, "score": s.score, "reasons": list(s.reasons)} for s in suggestions],
        },
        ensure_ascii=False,
    )
