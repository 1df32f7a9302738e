"""The duplicates and merges pages: see a pair, preview, merge, undo; per role; bad input."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sme2go.registry.models import Company, MergeRecord, Solution
from tests.conftest import PASSWORD


@pytest.fixture
def twin(partners) -> Company:
    """`ee_company` registered again, by Turku, with a solution."""
    company = Company.objects.create(legal_name="AQUA SENSE", country="EE", website="aquasense.ee")
    company.partners.add(partners["Turku"])
    Solution.objects.create(company=company, name="Leak radar")
    return company


def logged_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_manager_sees_the_pair_side_by_side_with_reasons_and_merge_buttons(manager, ee_company, twin, fi_company):
    page = logged_in(manager).get("/duplicates/").content.decode()
    assert "Aqua Sense OÜ" in page and "AQUA SENSE" in page
    assert "same name without legal form, case, accents and punctuation" in page
    assert "Merge ←" in page and "csrfmiddlewaretoken" in page
    assert "Volttiväylä" not in page  # no duplicate of its own


def test_merge_shows_what_will_move_then_merges_and_undo_puts_it_back(manager, ee_company, twin):
    client = logged_in(manager)
    preview = client.post("/duplicates/merge/", {"keep": ee_company.pk, "duplicate": twin.pk, "reason": "same name"})
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "What will move to Aqua Sense OÜ" in text and "solutions: 1" in text
    assert "website: aquasense.ee" in text
    assert not MergeRecord.objects.exists()

    done = client.post("/duplicates/merge/", {"keep": ee_company.pk, "duplicate": twin.pk, "confirm": "yes"}, follow=True)
    assert "Merged AQUA SENSE into Aqua Sense OÜ" in done.content.decode()
    assert list(ee_company.solutions.values_list("name", flat=True)) == ["Leak radar"]
    assert "AQUA SENSE" not in client.get("/duplicates/").content.decode()
    assert ">Undo<" in client.get("/merges/").content.decode()

    record = MergeRecord.objects.get()
    undone = client.post(f"/merges/{record.pk}/undo/", follow=True).content.decode()
    assert "is a company of its own again" in undone
    assert list(twin.solutions.values_list("name", flat=True)) == ["Leak radar"]
    assert twin.partners.count() == 1 and ee_company.partners.count() == 1


def test_an_advisor_sees_pairs_but_merges_only_where_their_partner_supports_both(advisor, ee_company, twin):
    client = logged_in(advisor)
    page = client.get("/duplicates/").content.decode()
    assert "AQUA SENSE" in page and "Merge ←" not in page
    assert "Only the programme manager or an advisor of a partner supporting both may merge" in page
    response = client.post("/duplicates/merge/", {"keep": ee_company.pk, "duplicate": twin.pk, "confirm": "yes"})
    assert response.status_code == 403
    assert not MergeRecord.objects.exists()


def test_a_company_user_has_no_duplicates_or_merges_pages(company_user, ee_company, twin):
    client = logged_in(company_user)
    assert client.get("/duplicates/").status_code == 403
    assert client.get("/merges/").status_code == 403
    assert client.post("/duplicates/merge/", {"keep": ee_company.pk, "duplicate": twin.pk, "confirm": "yes"}).status_code == 403
    assert ">Duplicates<" not in client.get("/").content.decode()


def test_merging_a_company_into_itself_or_an_unknown_one_is_refused_with_a_message(manager, ee_company):
    client = logged_in(manager)
    page = client.post("/duplicates/merge/", {"keep": ee_company.pk, "duplicate": ee_company.pk, "confirm": "yes"}, follow=True)
    assert "Not merged: cannot merge Aqua Sense OÜ into itself" in page.content.decode()
    page = client.post("/duplicates/merge/", {"keep": ee_company.pk, "duplicate": "x'; DROP", "confirm": "yes"}, follow=True)
    assert "Not merged: choose two existing companies" in page.content.decode()
    assert not MergeRecord.objects.exists()


def test_merging_an_already_merged_company_is_refused_with_a_message(manager, ee_company, twin, fi_company):
    client = logged_in(manager)
    client.post("/duplicates/merge/", {"keep": ee_company.pk, "duplicate": twin.pk, "confirm": "yes"})
    page = client.post("/duplicates/merge/", {"keep": fi_company.pk, "duplicate": twin.pk, "confirm": "yes"}, follow=True)
    assert "Not merged: AQUA SENSE was already merged into another company" in page.content.decode()
    assert MergeRecord.objects.count() == 1


def test_merge_and_undo_need_a_post_with_a_csrf_token(manager, ee_company, twin):
    client = logged_in(manager, enforce_csrf_checks=True)
    assert client.get("/duplicates/merge/").status_code == 405
    assert client.post("/duplicates/merge/", {"keep": ee_company.pk, "duplicate": twin.pk, "confirm": "yes"}).status_code == 403
    assert not MergeRecord.objects.exists()


def test_an_advisor_sees_many_pairs_in_as_many_queries_as_one(advisor, partners):
    client = logged_in(advisor)

    def add_pair(number: int) -> None:
        for spelling in (f"Duplo Works {number} OÜ", f"DUPLO WORKS {number}"):
            Company.objects.create(legal_name=spelling, country="EE").partners.add(partners["Tehnopol"])

    def queries_for_page() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/duplicates/").content.decode()
        return len(captured), page.count("Merge ←")

    add_pair(1)
    one, buttons = queries_for_page()
    assert buttons == 1
    for number in range(2, 6):
        add_pair(number)
    many, buttons = queries_for_page()
    assert buttons == 5
    assert many == one  # whether the advisor may merge a pair is read from the prefetched partners


def test_a_repeat_visit_reuses_the_pairs_and_any_change_to_the_companies_recomputes_them(
        manager, ee_company, twin, fi_company, monkeypatch):
    from sme2go.registry import dedupe_pairs

    computed = []
    engine = dedupe_pairs.find_candidates
    monkeypatch.setattr(dedupe_pairs, "find_candidates", lambda records, **kw: computed.append(1) or engine(records, **kw))
    client = logged_in(manager)
    first = client.get("/duplicates/").content.decode()
    assert "AQUA SENSE" in first and len(computed) == 1
    assert client.get("/duplicates/").content.decode().count("Merge ←") == 1
    assert len(computed) == 1  # the second visit did not run the engine

    fi_company.legal_name = "Aqua Sense Oy"  # an edit: now a pair only in another country, still not a duplicate
    fi_company.save()
    client.get("/duplicates/")
    assert len(computed) == 2
    fi_company.country = "EE"  # the same company again, registered in the same country
    fi_company.save()
    assert client.get("/duplicates/").content.decode().count("Merge ←") == 3
    assert len(computed) == 3

    client.post("/duplicates/merge/", {"keep": ee_company.pk, "duplicate": twin.pk, "confirm": "yes"}, follow=True)
    after_merge = client.get("/duplicates/").content.decode()
    assert "AQUA SENSE" not in after_merge and after_merge.count("Merge ←") == 1
    client.post(f"/merges/{MergeRecord.objects.get().pk}/undo/", follow=True)
    assert client.get("/duplicates/").content.decode().count("Merge ←") == 3
    Company.objects.filter(pk=fi_company.pk).delete()
    assert client.get("/duplicates/").content.decode().count("Merge ←") == 1
