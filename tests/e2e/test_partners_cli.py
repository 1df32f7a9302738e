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
        suggest(files, [json.dumps({"id": "q1", "members": []}), json.dumps({"id": "q2", "members": [], "size": 3})])


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
