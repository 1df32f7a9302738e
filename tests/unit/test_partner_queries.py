"""The JSON-lines contract of `sme2go partners suggest`."""

from __future__ import annotations

import json

import pytest

from sme2go.collaboration.queries import QueryError, answer_line, parse_queries
from sme2go.collaboration.suggest import Suggestion


def test_it_reads_a_query_per_line():
    lines = [
        '{"id": "q1", "programme_part": "SC4", "members": ["999993953", "0012"], '
        '"candidate_countries": ["EE", "fi"], "candidate_types": ["PRC"]}',
        "",
        '{"id": "q2", "programme_part": ["SC4", "LEIT"], "members": [], "k": 3}',
    ]
    first, second = parse_queries(lines, default_k=7)
    assert first.id == "q1"
    assert first.query.members == ("999993953", "0012")
    assert first.query.programme_parts == ("SC4",)
    assert first.query.candidate_countries == frozenset({"EE", "FI"})
    assert first.query.k == 7
    assert second.query.programme_parts == ("SC4", "LEIT")
    assert second.query.candidate_countries is None and second.query.k == 3


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ("[1, 2]", "line 2: a query must be a JSON object"),
        ('{"id": "q", "members": [], "colour": "red"}', "line 2: unknown key"),
        ('{"members": []}', "line 2: 'id' must be a non-empty string"),
        ('{"id": "q"}', "line 2: 'members' is missing"),
        ('{"id": "q", "members": [999993953]}', "line 2: 'members' must be a list of strings"),
        ('{"id": "q", "members": [], "candidate_types": "PRC"}', "line 2: 'candidate_types' must be a list"),
        ('{"id": "q", "members": [], "k": 0}', "line 2: 'k' must be a positive integer"),
        ('{"id": "q0", "members": []}', "line 2: id 'q0' already used on line 1"),
    ],
)
def test_it_names_the_line_and_key_of_a_bad_query(line, message):
    with pytest.raises(QueryError, match=message):
        parse_queries(['{"id": "q0", "members": []}', line])


def test_it_writes_one_line_per_query():
    line = answer_line("q1", [Suggestion(pic="0012", score=1.5, reasons=("worked with 1 of the members",))])
    assert "\n" not in line
    assert json.loads(line) == {
        "id": "q1",
        "suggestions": [{"pic": "0012", "score": 1.5, "reasons": ["worked with 1 of the members"]}],
    }
