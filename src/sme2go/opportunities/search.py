"""Word search over opportunities, served by an index on both databases.

Semantics (unchanged from the plain `LIKE '%word%'` it replaces): the query and the stored
`search_text` are folded alike (lower case, accents removed: `search_text_of`), the query is
split on white space, and every word must occur somewhere in the text, also inside a longer
word (`water` finds "wastewater", `transp` finds "transport", `e-gov` finds "e-government").

How it stays fast at hundreds of thousands of opportunities (bench/bench_opportunities.py):
- PostgreSQL: a `pg_trgm` GIN index on `search_text` (migration 0003) serves the same
  `LIKE '%word%'` that Django's `contains` writes.
- SQLite: an FTS5 table with the trigram tokenizer (`opportunities_opportunity_fts`, external
  content, kept in sync by triggers on every INSERT, UPDATE and DELETE of the table, whatever
  wrote it). A phrase of the trigram tokenizer matches exactly the rows whose text holds it as a
  substring. Each word is sent as one quoted FTS5 string (`"` doubled) in a query parameter, so
  FTS5 syntax typed in the box (`"`, `*`, `-`, `NEAR`, `:`, `^`, parentheses) is only text.
- Words shorter than 3 characters have no trigram: they fall back to `LIKE` (still correct,
  only filtered after the indexed words), as does a SQLite built without FTS5 or trigram.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from sme2go.registry.names import fold_accents

FTS_TABLE = "opportunities_opportunity_fts"
# The ids whose search text holds every phrase of the parameter (an FTS5 query of quoted words).
FTS_MATCH = "SELECT rowid FROM opportunities_opportunity_fts WHERE opportunities_opportunity_fts MATCH %s"
TRIGRAM = 3  # characters of a trigram: shorter words cannot use either index


def search_text_of(*parts: str) -> str:
    """Lower-case, accent-folded text that a search matches against (stored and typed alike)."""
    return " ".join((p if p.isascii() else fold_accents(p)).lower() for p in parts if p)


def search_words(query: str) -> list[str]:
    """The folded words a query must all match: `"Côte  D'Ivoire"` -> ["cote", "d'ivoire"].

    NUL characters are dropped (no stored text holds one, and PostgreSQL refuses them in a query).
    """
    return search_text_of(query.replace("\x00", "")).split()


def fts_phrase(word: str) -> str:
    """`word` as one FTS5 string: quoted, with `"` doubled, so no character of it is FTS5 syntax.

    >>> fts_phrase('say "hi" NEAR*')
    '"say ""hi"" NEAR*"'
    """
    return '"' + word.replace('"', '""') + '"'


_FTS_READY: dict[tuple[str, str], bool] = {}


def has_fts_index(alias: str) -> bool:
    """Whether this SQLite database has the FTS5 table (migration 0003 skips it where SQLite lacks FTS5)."""
    connection = connections[alias]
    key = (alias, str(connection.settings_dict["NAME"]))
    if key not in _FTS_READY:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
            _FTS_READY[key] = cursor.fetchone() is not None
    return _FTS_READY[key]


def with_words(opportunities: QuerySet, query: str) -> QuerySet:
    """`opportunities` narrowed to those whose search text contains every word of `query`."""
    words = search_words(query)
    alias = opportunities.db
    indexed = [w for w in words if len(w) >= TRIGRAM]
    if indexed and connections[alias].vendor == "sqlite" and has_fts_index(alias):
        match = " ".join(fts_phrase(w) for w in indexed)
        opportunities = opportunities.filter(
            pk__in=RawSQL(FTS_MATCH, [match])  # noqa: S611 - the query is a parameter
        )
        words = [w for w in words if len(w) < TRIGRAM]
    for word in words:
        opportunities = opportunities.filter(search_text__contains=word)
    return opportunities
