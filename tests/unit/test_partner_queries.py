"""The JSON-lines contract of `sme2go partners suggest`."""

from __future__ import annotations

import json

import pytest

from sme2go.collaboration.queries import (
    QueryError,
    answer_line,
    check_against_history,
    parse_queries,
)
from sme2go.collaboration.suggest import Suggestion


def test_it_reads_a_query_per_line():
    lines = [
        '{"id": "q1", "programme_part": "SC4", "members": ["999993953", "0012"], '
        '"candidate_countries": ["EE", "fi"], "candidate_types": ["PRC"]}',
        "",
        '{"id": "q2", "programme_part": ["SC4", "LEIT"], "members": ["0012"], "k": 3}',
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
        ('{"id": "q", "members": ["1"], "colour": "red"}', "line 2: unknown key"),
        ('{"members": ["1"]}', "line 2: 'id' must be a non-empty string"),
        ('{"id": "q"}', "line 2: 'members' is missing"),
        ('{"id": "q", "members": [999993953]}', "line 2: 'members' must be a list of strings"),
        ('{"id": "q", "members": ["1"], "candidate_types": "PRC"}', "line 2: 'candidate_types' must be a list"),
        ('{"id": "q", "members": ["1"], "k": 0}', "line 2: 'k' must be a positive integer"),
        ('{"id": "q0", "members": ["1"]}', "line 2: id 'q0' already used on line 1"),
        ('{"id": "q", "members": []}', "line 2: 'members' is empty"),
        ('{"id": "q", "members": [" "]}', "line 2: 'members' is empty"),
        ('{"id": "q", "members": ["1"], "candidate_countries": ["EE", "Estonia"]}',
         "line 2: 'candidate_countries': 'Estonia' is not a two-letter country code"),
        ('{"id": "q", "members": ["1"], "candidate_types": ["PRC", "XYZ"]}',
         "line 2: 'candidate_types': 'XYZ' is not a CORDIS organisation type; use PRC, HES, REC, PUB, OTH"),
    ],
)
def test_it_names_the_line_and_key_of_a_bad_query(line, message):
    with pytest.raises(QueryError, match=message):
        parse_queries(['{"id": "q0", "members": ["1"]}', line])


def test_cordis_country_codes_and_types_in_any_case_are_accepted():
    [named] = parse_queries(['{"id": "q", "members": ["1"], "candidate_countries": ["el", "UK"], '
                             '"candidate_types": ["prc", "HES"]}'])
    assert named.query.candidate_countries == frozenset({"EL", "UK"})  # CORDIS writes Greece EL, the UK UK
    assert named.query.candidate_types == frozenset({"PRC", "HES"})


def test_a_file_that_starts_with_a_byte_order_mark_is_read():
    [named] = parse_queries(['\ufeff{"id": "q1", "members": ["1"]}\n'])
    assert named.id == "q1" and named.line == 1


def test_a_json_error_at_the_end_of_a_line_names_that_column():
    text = '{"id": "q1", "members": ["1"]'
    with pytest.raises(QueryError, match=f"line 1: not valid JSON .* at column {len(text) + 1}"):
        parse_queries([text + "\n"])
    with pytest.raises(QueryError, match="line 1: not valid JSON .* at column 8"):
        parse_queries(['{"id": q1}\r\n'])


def test_a_programme_part_the_history_does_not_know_is_an_error_naming_the_known_parts():
    queries = parse_queries(['{"id": "q1", "members": ["1"], "programme_part": "SC4"}',
                             '{"id": "q2", "members": ["1"], "programme_part": ["SC4", "NOPE"]}'])
    with pytest.raises(QueryError, match="line 2: 'programme_part' 'NOPE' is not a programme part of the "
                                         "history; known parts: LEIT, SC4"):
        check_against_history(queries, known_parts={"SC4", "LEIT"}, known_pics={"1"})
    with pytest.raises(QueryError, match="line 1: .* known parts: none \\(give --programme-parts\\)"):
        check_against_history(queries, known_parts=set(), known_pics={"1"})


def test_member_pics_unknown_to_the_history_are_newcomers_named_in_a_warning():
    queries = parse_queries(['{"id": "q1", "members": ["1", "2"]}', '{"id": "q2", "members": ["9", "1", "8"]}',
                             '{"id": "q3", "members": ["7"]}'])
    warnings = check_against_history(queries, known_parts=set(), known_pics={"1", "2"})
    assert len(warnings) == 2
    assert warnings[0].startswith("query 'q2' (line 2): member pic(s) 9, 8 not in the history")
    assert "query 'q3' (line 3): member pic(s) 7" in warnings[1] and "none of its members is" in warnings[1]


def test_it_writes_one_line_per_query():
    line = answer_line("q1", [Suggestion(pic="0012", score=1.5, reasons=("worked with 1 of the members",))])
    assert "\n" not in line
    assert json.loads(line) == {
        "id": "q1",
        "suggestions": [{"pic": "0012", "score": 1.5, "reasons": ["worked with 1 of the members"]}],
    }
