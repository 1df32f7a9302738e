"""`sme2go partners suggest` and `sme2go import participations`, driven in-process."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sme2go.collaboration.models import Participation

HEADER = "rcn,role,pic,type,contribution,country,start_date,end_date,max_contribution,total_cost,start_year,end_year,duration,group,nunique\n"
PROJECTS = {
    "1": ("2016.0", [("0100", "PRC", "EE"), ("0400", "REC", "DE"), ("0200", "PRC", "FI")]),
    "2": ("2017.0", [("0400", "REC", "DE"), ("0500", "HES", "FI"), ("0300", "PRC", "SE")]),
    "3": ("2017.0", [("0500", "HES", "FI"), ("0600", "PRC", "EE"), ("0700", "PRC", "DK")]),
}


@pytest.fixture
def files(tmp_path):
    participations = tmp_path / "participations.csv.gz"
    with gzip.open(participations, "wt", encoding="utf-8") as f:
        f.write(HEADER)
        for rcn, (year, members) in PROJECTS.items():
            for i, (pic, type_, country) in enumerate(members):
                role = "coordinator" if i == 0 else "participant"
                f.write(f"{rcn},{role},{pic},{type_},,{country},,,,,{year},,,eu15,3\n")
    parts = tmp_path / "parts.csv"
    parts.write_text("rcn,programme_part\n1,SC4\n2,SC4\n2,LEIT\n3,SC5\n", encoding="utf-8")
    return participations, parts, tmp_path


def suggest(files, lines: list[str], *extra: str) -> list[dict]:
    participations, parts, tmp_path = files
    queries = tmp_path / "q.jsonl"
    queries.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("partners", "suggest", "--participations", str(participations), "--programme-parts", str(parts),
                 "--queries", str(queries), *extra, stdout=out, stderr=io.StringIO())
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_answers_each_query_with_allowed_non_members_best_first(files):
    answers = suggest(files, [
        json.dumps({"id": "q1", "programme_part": "SC4", "members": ["0400", "0500"],
                    "candidate_countries": ["EE", "FI", "SE"], "candidate_types": ["PRC"]}),
        json.dumps({"id": "q2", "members": ["0100"], "k": 1}),
    ], "--k", "2")
    assert [a["id"] for a in answers] == ["q1", "q2"]
    first = answers[0]["suggestions"]
    assert len(first) == 2
    assert all(s["pic"] in {"0100", "0200", "0300", "0600"} for s in first)
    assert first[0]["score"] >= first[1]["score"]
    assert all(isinstance(s["pic"], str) and s["reasons"] for s in first)
    assert len(answers[1]["suggestions"]) == 1 and answers[1]["suggestions"][0]["pic"] != "0100"


def test_it_ranks_with_a_named_baseline(files):
    [answer] = suggest(files, [json.dumps({"id": "q", "members": ["0400", "0500"], "candidate_types": ["PRC"]})],
                       "--method", "common_neighbours", "--k", "1")
    # 0300 worked with both members; every other company with one at most.
    assert answer["suggestions"][0]["pic"] == "0300"


def test_it_names_the_line_of_a_malformed_query(files):
    with pytest.raises(CommandError, match="line 2: unknown key"):
        suggest(files, [json.dumps({"id": "q1", "members": ["0100"]}),
                        json.dumps({"id": "q2", "members": ["0100"], "size": 3})])


def test_it_rejects_missing_files(files):
    participations, parts, tmp_path = files
    with pytest.raises(CommandError, match="no such file"):
        call_command("partners", "suggest", "--participations", str(tmp_path / "nope.csv"),
                     "--queries", str(parts))


def test_it_imports_participations_twice_without_duplicates(db, files):
    participations, parts, _ = files
    out = io.StringIO()
    call_command("import", "participations", str(participations), "--programme-parts", str(parts), stdout=out)
    assert "9 participations created" in out.getvalue()
    out = io.StringIO()
    call_command("import", "participations", str(participations), "--programme-parts", str(parts), stdout=out)
    assert "0 participations created" in out.getvalue() and "9 unchanged" in out.getvalue()
    assert Participation.objects.count() == 9
    assert Participation.objects.get(project_rcn="2", organisation__pic="0300").programme_parts == ["SC4", "LEIT"]


def test_it_recomputes_ties_on_request(db, files):
    from sme2go.collaboration.models import CompanyPic
    from sme2go.registry.models import Company

    participations, _, _ = files
    call_command("import", "participations", str(participations), stdout=io.StringIO())
    for pic in ("0100", "0200"):
        CompanyPic.objects.create(company=Company.objects.create(legal_name=f"Company {pic}", country="EE"), pic=pic)
    out = io.StringIO()
    call_command("partners", "ties", stdout=out)
    assert out.getvalue().strip() == "1 company ties"


def sme2go(capsys, *args: str) -> tuple[int, str, str]:
    """Run `sme2go ARGS` as a user would (exit code, stdout, stderr)."""
    from sme2go.cli import main

    try:
        main(list(args))
        code = 0
    except SystemExit as done:
        code = int(done.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def suggest_cli(files, capsys, queries: str, *extra: str) -> tuple[int, str, str]:
    participations, parts, tmp_path = files
    path = tmp_path / "cli-q.jsonl"
    path.write_text(queries, encoding="utf-8")
    return sme2go(capsys, "partners", "suggest", "--participations", str(participations),
                  "--programme-parts", str(parts), "--queries", str(path), *extra)


ONE_QUERY = json.dumps({"id": "q1", "members": ["0400", "0500"]}) + "\n"


@pytest.mark.parametrize(
    ("extra", "weights", "message"),
    [
        (("-o", "{tmp}/no/such/folder/out.jsonl"), None, "-o {tmp}/no/such/folder/out.jsonl: the folder "
                                                         "{tmp}/no/such/folder does not exist"),
        (("-o", "{tmp}"), None, "-o {tmp}: is a directory; give a file name"),
        (("--weights", "{tmp}/w.json"), "[1]", "--weights {tmp}/w.json: must be a JSON object with small_team_max, "
                                               "small_team and whole_consortium"),
        (("--weights", "{tmp}/w.json"), '{"small_team_max": 4, "small_team": {}}',
         "--weights {tmp}/w.json: missing key(s) whole_consortium"),
        (("--weights", "{tmp}/w.json"), '{"features": [], "weights": [1], "mean": [0], "scale": [1]}',
         "--weights {tmp}/w.json: missing key(s) small_team_max, small_team, whole_consortium"),
        (("--weights", "{tmp}/w.json"), '{"small_team_max": 4, "whole_consortium": {}, "small_team": {"features": '
                                        '["log_popularity"], "weights": [1], "mean": [0], "scale": [1]}}',
         "--weights {tmp}/w.json: small_team: 'features' must be the 22 features this engine computes"),
        (("--weights", "{tmp}"), None, "--weights {tmp}: is a directory, not a file"),
        (("--k", "0"), None, "--k 0: must be at least 1"),
    ],
)
def test_bad_options_are_one_line_naming_the_option_with_exit_code_2(files, capsys, extra, weights, message):
    tmp = str(files[2])
    if weights is not None:
        (files[2] / "w.json").write_text(weights, encoding="utf-8")
    code, out, err = suggest_cli(files, capsys, ONE_QUERY, *(e.format(tmp=tmp) for e in extra))
    assert code == 2 and out == ""
    assert err.startswith("sme2go partners suggest: " + message.format(tmp=tmp))
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and "CommandError" not in err


@pytest.mark.parametrize("option", ["--participations", "--programme-parts", "--queries"])
def test_a_directory_given_as_an_input_file_is_called_a_directory(files, capsys, option):
    participations, parts, tmp_path = files
    queries = tmp_path / "q.jsonl"
    queries.write_text(ONE_QUERY, encoding="utf-8")
    given = {"--participations": str(participations), "--programme-parts": str(parts), "--queries": str(queries)}
    given[option] = str(tmp_path)
    code, _, err = sme2go(capsys, "partners", "suggest", *(x for pair in given.items() for x in pair))
    assert code == 2
    assert err.strip() == f"sme2go partners suggest: {option} {tmp_path}: is a directory, not a file"


def test_a_missing_file_is_named_as_given(files, capsys):
    code, _, err = sme2go(capsys, "partners", "suggest", "--participations", "nope.csv", "--queries", "q.jsonl")
    assert code == 2 and err.strip() == "sme2go partners suggest: --participations nope.csv: no such file"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"id": "q1", "members": ["0400"], "candidate_countries": ["Estonia"]},
         "line 2: 'candidate_countries': 'Estonia' is not a two-letter country code (EE, FI, SE, ...)"),
        ({"id": "q1", "members": ["0400"], "candidate_types": ["XYZ"]},
         "line 2: 'candidate_types': 'XYZ' is not a CORDIS organisation type; use PRC, HES, REC, PUB, OTH"),
        ({"id": "q1", "members": []}, "line 2: 'members' is empty; give the pics of the consortium's members so far"),
        ({"id": "q1", "members": ["0400"], "programme_part": "NOPE"},
         "line 2: 'programme_part' 'NOPE' is not a programme part of the history; known parts: LEIT, SC4, SC5"),
    ],
)
def test_a_query_that_would_quietly_give_nothing_useful_is_refused_by_line_and_key(files, capsys, query, message):
    code, out, err = suggest_cli(files, capsys, ONE_QUERY.replace("q1", "q0") + json.dumps(query) + "\n")
    assert code == 2 and out == ""
    assert err.strip() == f"sme2go partners suggest: --queries {files[2] / 'cli-q.jsonl'}: {message}"


def test_a_newcomer_member_is_warned_about_on_stderr_and_stdout_stays_json_lines(files, capsys):
    queries = ONE_QUERY + json.dumps({"id": "new", "members": ["0400", "9999", "8888"]}) + "\n"
    code, out, err = suggest_cli(files, capsys, queries, "--k", "2")
    assert code == 0
    answers = [json.loads(line) for line in out.splitlines()]  # every stdout line is JSON
    assert [a["id"] for a in answers] == ["q1", "new"] and len(answers[1]["suggestions"]) == 2
    assert "warning: query 'new' (line 2): member pic(s) 9999, 8888 not in the history" in err
    assert "q1" not in err.split("queries against")[0]


def test_a_file_with_a_byte_order_mark_is_read(files, capsys):
    participations, parts, tmp_path = files
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + ONE_QUERY.encode())
    code, out, err = sme2go(capsys, "partners", "suggest", "--participations", str(participations),
                            "--queries", str(path))
    assert code == 0 and json.loads(out)["id"] == "q1"


def test_a_json_error_at_the_end_of_a_line_names_its_column(files, capsys):
    line = '{"id": "q1", "members": ["0400"]'  # the closing brace is missing
    code, _, err = suggest_cli(files, capsys, line + "\n")
    assert code == 2 and f"line 1: not valid JSON (Expecting ',' delimiter at column {len(line) + 1})" in err


def test_a_file_that_is_not_utf8_names_the_line(files, capsys):
    participations, parts, tmp_path = files
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(ONE_QUERY.encode() + '{"id": "Käru", "members": ["0400"]}\n'.encode("latin-1"))
    code, _, err = sme2go(capsys, "partners", "suggest", "--participations", str(participations),
                          "--queries", str(path))
    assert code == 2 and "line 2: not UTF-8 text (byte 0xe4 at column 10)" in err


def test_the_import_of_participations_calls_a_directory_a_directory(files, capsys, db):
    code, _, err = sme2go(capsys, "import", "participations", str(files[2]))
    assert code == 2
    assert err.strip() == f"sme2go import participations: participations file {files[2]}: is a directory, not a file"
