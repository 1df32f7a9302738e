"""Importing CORDIS participations into the database, and the company ties they imply."""

from __future__ import annotations

import io

import pytest

from sme2go.collaboration.history import HistoryError
from sme2go.collaboration.models import CompanyPic, CompanyTie, Organisation, Participation
from sme2go.collaboration.services import (
    import_participations,
    recompute_ties,
    stored_history,
    ties_among,
)
from sme2go.registry.models import Company

HEADER = "rcn,role,pic,type,contribution,country,start_date,end_date,max_contribution,total_cost,start_year,end_year,duration,group,nunique\n"
ROWS = [
    ("1", "coordinator", "0111", "PRC", "EE", "2016.0"),
    ("1", "participant", "0222", "PRC", "FI", "2016.0"),
    ("1", "participant", "0333", "REC", "DE", "2016.0"),
    ("2", "coordinator", "0111", "PRC", "EE", "2017.0"),
    ("2", "participant", "0222", "PRC", "FI", "2017.0"),
    ("3", "coordinator", "0222", "PRC", "FI", "2018.0"),
    ("3", "participant", "0444", "PRC", "SE", "2018.0"),
]
PARTS = "rcn,programme_part\n1,SC4\n1,LEIT\n2,SC5\n"


def csv_text(rows=ROWS) -> io.StringIO:
    lines = [f"{rcn},{role},{pic},{type_},,{country},,,,,{year},,,eu15,2\n" for rcn, role, pic, type_, country, year in rows]
    return io.StringIO(HEADER + "".join(lines))


@pytest.fixture
def companies(db):
    made = {}
    for pic, name, country in (("0111", "Aqua Sense OÜ", "EE"), ("0222", "Volttiväylä Oy", "FI"), ("0444", "Gata AB", "SE")):
        made[pic] = Company.objects.create(legal_name=name, country=country)
        CompanyPic.objects.create(company=made[pic], pic=pic)
    return made


def test_it_imports_participations_with_their_programme_parts(db):
    result = import_participations(participations=csv_text(), programme_parts=io.StringIO(PARTS))
    assert result.participations_created == 7 and result.organisations_created == 4
    first = Participation.objects.get(project_rcn="1", organisation__pic="0111")
    assert first.role == "coordinator" and first.start_year == 2016 and first.programme_parts == ["SC4", "LEIT"]
    assert Organisation.objects.get(pic="0333").type == "REC"


def test_it_changes_nothing_when_the_same_file_comes_again(companies):
    import_participations(participations=csv_text(), programme_parts=io.StringIO(PARTS))
    before = list(Participation.objects.values_list("id", "project_rcn", "organisation__pic", "programme_parts"))
    again = import_participations(participations=csv_text(), programme_parts=io.StringIO(PARTS))
    assert again.participations_created == 0 and again.participations_unchanged == 7
    assert again.organisations_created == 0
    assert list(Participation.objects.values_list("id", "project_rcn", "organisation__pic", "programme_parts")) == before
    assert CompanyTie.objects.count() == 2


def test_it_writes_nothing_when_a_row_is_bad(db):
    rows = [*ROWS, ("4", "participant", "0555", "PRC", "EE", "next year")]
    with pytest.raises(HistoryError, match="line 9: field start_year"):
        import_participations(participations=csv_text(rows))
    assert not Participation.objects.exists() and not Organisation.objects.exists()


def test_it_ties_companies_by_shared_projects(companies):
    import_participations(participations=csv_text(), programme_parts=io.StringIO(PARTS))
    ee, fi, se = companies["0111"], companies["0222"], companies["0444"]
    ties = {(t.company_a_id, t.company_b_id): t for t in CompanyTie.objects.all()}
    assert set(ties) == {tuple(sorted((ee.id, fi.id))), tuple(sorted((fi.id, se.id)))}
    strong = ties[tuple(sorted((ee.id, fi.id)))]
    assert strong.strength == 2.0 and strong.shared_projects == 2 and strong.source == "cordis"
    assert sorted(ties_among([ee.id, fi.id])) == [(min(ee.id, fi.id), max(ee.id, fi.id), 2.0)]


def test_it_follows_pic_changes_when_recomputing(companies):
    import_participations(participations=csv_text())
    CompanyPic.objects.filter(pic="0444").delete()
    assert recompute_ties() == 1


def test_it_reads_the_stored_history_back_for_the_engine(db):
    import_participations(participations=csv_text(), programme_parts=io.StringIO(PARTS))
    h = stored_history()
    assert sorted(h.pics) == ["0111", "0222", "0333", "0444"]
    assert h.project_count == 3
    assert dict(zip(h.project_ids, h.project_parts, strict=True))["1"] in (("SC4", "LEIT"), ("LEIT", "SC4"))


def test_it_ties_companies_of_agreed_consortia_and_keeps_ties_current(companies):
    from sme2go.consortia.models import Consortium, ConsortiumMember

    import_participations(participations=csv_text())
    ee, se = companies["0111"], companies["0444"]
    consortium = Consortium.objects.create(name="Leak detection for Tartu")
    ConsortiumMember.objects.create(consortium=consortium, company=ee)
    ConsortiumMember.objects.create(consortium=consortium, company=se)
    pair = (min(ee.id, se.id), max(ee.id, se.id))
    assert not CompanyTie.objects.filter(company_a_id=pair[0], company_b_id=pair[1]).exists()  # only proposed
    consortium.status = Consortium.Status.AGREED
    consortium.save()
    tie = CompanyTie.objects.get(company_a_id=pair[0], company_b_id=pair[1])
    assert tie.strength == 1.0 and tie.shared_consortia == 1 and tie.source == "consortium"
    ConsortiumMember.objects.filter(consortium=consortium, company=se).delete()
    assert not CompanyTie.objects.filter(company_a_id=pair[0], company_b_id=pair[1]).exists()


def test_it_updates_rows_that_changed_in_a_new_file(db):
    import_participations(participations=csv_text(), programme_parts=io.StringIO(PARTS))
    rows = [("1", "participant", "0111", "PRC", "LV", "2016.0"), *ROWS[1:]]
    again = import_participations(participations=csv_text(rows), programme_parts=io.StringIO(PARTS))
    assert again.participations_updated == 1 and again.participations_unchanged == 6
    assert again.organisations_updated == 1
    assert Participation.objects.get(project_rcn="1", organisation__pic="0111").role == "participant"
    assert Organisation.objects.get(pic="0111").country == "LV"
    assert Participation.objects.count() == 7
