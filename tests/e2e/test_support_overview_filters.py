"""The training-and-support overview at a programme's scale: the sessions and support actions of the
year chosen, for one partner or all, fifty actions to a page with the filters kept; bad filters named."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from sme2go.support.models import SupportAction, TrainingModule, TrainingSession
from tests.e2e.registry_pages import client_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_YEAR = datetime.date(TODAY.year - 1, 6, 1)


def section(html: str, name: str) -> str:
    return html.split(f'id="{name}"')[1].split("</section>")[0]


def listed(html: str) -> list[str]:
    """The (date, partner) of each support action listed."""
    return re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td>.*?<td>(\w+)(?: · [^<]*)?</td></tr>", section(html, "actions"), re.S)


@pytest.fixture
def programme(ee_company, fi_company, partners):
    """This year: 120 actions by Tehnopol and 10 by Turku; last year: 5 by Tehnopol; one session each year."""
    actions = [SupportAction(company=ee_company, partner=partners["Tehnopol"], given_on=TODAY, kind="advice",
                             hours=Decimal(1)) for _ in range(120)]
    actions += [SupportAction(company=fi_company, partner=partners["Turku"], given_on=TODAY, kind="coaching",
                              hours=Decimal(2)) for _ in range(10)]
    actions += [SupportAction(company=ee_company, partner=partners["Tehnopol"], given_on=LAST_YEAR, kind="advice",
                              hours=Decimal(3)) for _ in range(5)]
    SupportAction.objects.bulk_create(actions)
    module = TrainingModule.objects.create(title="Export pricing")
    TrainingSession.objects.create(module=module, partner=partners["Turku"], held_on=TODAY, place="Turku")
    TrainingSession.objects.create(module=module, partner=partners["Tehnopol"], held_on=LAST_YEAR, place="Old town")


def test_this_years_actions_come_fifty_to_a_page_with_the_filters_kept(advisor, programme):
    client = client_for(advisor)
    first = client.get("/support/").content.decode()
    assert "130 actions · page 1 of 3" in first and len(listed(first)) == 50
    assert "Turku" in section(first, "sessions") and "Old town" not in section(first, "sessions")
    tehnopol = client.get(f"/support/?year={TODAY.year}&partner=Tehnopol&page=3").content.decode()
    assert "120 actions · page 3 of 3" in tehnopol and len(listed(tehnopol)) == 20
    assert {partner for _, partner in listed(tehnopol)} == {"Tehnopol"}
    assert f'href="?year={TODAY.year}&amp;partner=Tehnopol&amp;page=2"' in tehnopol
    assert "No sessions in" in section(tehnopol, "sessions")  # Turku ran this year's


def test_an_earlier_year_shows_its_own_sessions_actions_and_count(advisor, programme):
    html = client_for(advisor).get(f"/support/?year={LAST_YEAR.year}").content.decode()
    assert f"1 unique company supported in {LAST_YEAR.year}" in html
    assert "5 actions" in section(html, "actions") and "Old town" in section(html, "sessions")
    assert {day for day, _ in listed(html)} == {LAST_YEAR.isoformat()}


@pytest.mark.parametrize(("query", "message"), [
    ("year=1990", "Year: Select a valid choice. 1990 is not one of the available choices."),
    ("partner=Nowhere", "Given by: Select a valid choice."),
])
def test_a_bad_filter_is_named_and_this_year_shown(advisor, programme, query, message):
    response = client_for(advisor).get(f"/support/?{query}")
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert "130 actions" in html


def test_the_years_sessions_are_listed_the_latest_first(advisor, partners):
    module = TrainingModule.objects.create(title="Pitching to city buyers")
    days = [datetime.date(LAST_YEAR.year, month, 1) for month in (3, 9, 5)]
    for day in days:
        TrainingSession.objects.create(module=module, partner=partners["Tehnopol"], held_on=day, place="Tallinn")
    html = client_for(advisor).get(f"/support/?year={LAST_YEAR.year}").content.decode()
    shown = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td>", section(html, "sessions"))
    assert shown == sorted((d.isoformat() for d in days), reverse=True)
