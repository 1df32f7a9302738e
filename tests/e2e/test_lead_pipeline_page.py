"""The lead pipeline at the scale of a national programme: one page of leads at a time, per partner,
follow-ups due only, with the filters kept while paging and bad filters named."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from sme2go.missions.models import Lead, Stage
from tests.e2e.registry_pages import client_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def section(html: str, name: str) -> str:
    return html.split(f'id="{name}"')[1].split("</section>")[0]


def rows(html: str) -> list[str]:
    """The buyers listed in the leads table, in order."""
    return re.findall(r'/leads/\d+/">([^<]+)</a>', section(html, "leads"))


@pytest.fixture
def many_leads(ee_company, fi_company, partners):
    """120 leads followed by Tehnopol (every 4th won, every 5th due yesterday) and 30 by Turku."""
    leads = []
    for i in range(150):
        tehnopol = i < 120
        stage = Stage.WON if i % 4 == 0 else Stage.CONTACTED
        leads.append(Lead(company=ee_company if tehnopol else fi_company,
                          partner=partners["Tehnopol" if tehnopol else "Turku"], buyer=f"Buyer {i:03d}", country="KE",
                          value_eur=1000, stage=stage, won_on=TODAY if stage == Stage.WON else None,
                          follow_up_on=TODAY - datetime.timedelta(days=1 + i) if i % 5 == 0 else None))
    Lead.objects.bulk_create(leads)


def test_the_leads_come_fifty_to_a_page_with_the_filters_kept(advisor, many_leads):
    client = client_for(advisor)
    first = client.get("/leads/").content.decode()
    assert "150 leads · page 1 of 3" in first and len(rows(first)) == 50
    tehnopol = client.get("/leads/?partner=Tehnopol&page=3").content.decode()
    assert "120 leads · page 3 of 3" in tehnopol and len(rows(tehnopol)) == 20
    assert 'href="?partner=Tehnopol&amp;page=2"' in tehnopol  # paging keeps the partner
    seen = {b for p in (1, 2, 3) for b in rows(client.get(f"/leads/?partner=Tehnopol&page={p}").content.decode())}
    assert seen == {f"Buyer {i:03d}" for i in range(120)}  # every lead once, none of Turku's


def test_one_partners_pipeline_counts_only_its_leads(advisor, many_leads):
    html = client_for(advisor).get("/leads/?partner=Turku").content.decode()
    summary = section(html, "stages")
    # Turku follows leads 120-149: 8 of them won (120, 124, ..., 148), 22 open.
    assert "22 open leads</strong> worth 22,000 EUR" in summary
    assert "8 sales</strong> worth 8,000 EUR by 1 company" in summary and "followed by Turku" in summary
    assert "(1 first export sale)" in summary  # Volttiväylä's first: lead 120 (same day, lowest id)
    assert all(int(b.split()[1]) >= 120 for b in rows(html))


def test_follow_ups_due_show_ten_and_link_to_all_of_them(advisor, many_leads):
    client = client_for(advisor)
    due = section(client.get("/leads/").content.decode(), "due")
    # every 5th lead is due, won ones too (only lost ones are left out): 30 leads
    assert "Follow-ups due (30)" in due and due.count("<li>") == 10 and "All 30 follow-ups due" in due
    only_due = client.get("/leads/?due=on").content.decode()
    assert "30 leads" in only_due
    listed = rows(only_due)
    assert listed[0] == "Buyer 145"  # the most overdue first (145 days)


def test_an_advisor_gets_a_link_to_their_partners_leads(advisor, manager, many_leads):
    assert 'href="?partner=Tehnopol">Only Tehnopol\'s leads</a>' in client_for(advisor).get("/leads/").content.decode()
    assert "Only " not in client_for(manager).get("/leads/").content.decode()


@pytest.mark.parametrize(("query", "message"), [
    ("partner=Nowhere", "Followed by: Select a valid choice."),
    ("stage=sold", "Stage: Select a valid choice. sold is not one of the available choices."),
])
def test_a_bad_filter_is_named_and_the_whole_pipeline_shown(advisor, many_leads, query, message):
    response = client_for(advisor).get(f"/leads/?{query}")
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert "150 leads · page 1 of 3" in html
