"""The pipeline and the support overview download what they show for a spreadsheet: the same table as
`sme2go export leads` / `support-actions`, of the partner (and year) chosen, CSV or XLSX."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from sme2go.missions.models import Lead
from sme2go.support.models import SupportAction
from tests.e2e.registry_pages import client_for
from tests.e2e.test_lead_pipeline_page import many_leads  # noqa: F401 (a fixture)
from tests.e2e.test_support_overview_filters import LAST_YEAR, TODAY
from tests.e2e.test_support_overview_filters import programme as support_programme  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def table(response) -> list[dict[str, str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_pipeline_downloads_the_chosen_partners_leads(advisor, many_leads):  # noqa: F811
    client = client_for(advisor)
    page = client.get("/leads/?partner=Turku").content.decode()
    assert 'href="/leads/download/?partner=Turku&amp;format=csv"' in page
    rows = table(client.get("/leads/download/?partner=Turku&format=csv"))
    assert len(rows) == 30 and {r["partner"] for r in rows} == {"Turku"}
    assert {r["buyer"] for r in rows} == {f"Buyer {i:03d}" for i in range(120, 150)}
    assert len(table(client.get("/leads/download/"))) == 150
    response = client.get("/leads/download/?partner=Tehnopol&format=xlsx")
    assert 'filename="sme2go-leads-Tehnopol-' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + 120 and sheet.cell(1, 4).value == "buyer"


def test_a_buyer_that_looks_like_a_formula_stays_text(advisor, ee_company, partners):
    Lead.objects.create(company=ee_company, partner=partners["Tehnopol"], buyer='=HYPERLINK("http://x","y")',
                        country="KE", value_eur=1)
    rows = table(client_for(advisor).get("/leads/download/"))
    assert rows[0]["buyer"] == '\'=HYPERLINK("http://x","y")'


def test_the_support_overview_downloads_the_years_actions(advisor, support_programme):  # noqa: F811
    client = client_for(advisor)
    page = client.get(f"/support/?year={TODAY.year}&partner=Turku").content.decode()
    assert f'href="/support/actions/download/?year={TODAY.year}&amp;partner=Turku&amp;format=csv"' in page
    rows = table(client.get(f"/support/actions/download/?year={TODAY.year}&partner=Turku"))
    assert len(rows) == 10 and {(r["partner"], r["kind"]) for r in rows} == {("Turku", "coaching")}
    last_year = table(client.get(f"/support/actions/download/?year={LAST_YEAR.year}"))
    assert len(last_year) == 5 and {r["given_on"] for r in last_year} == {LAST_YEAR.isoformat()}
    assert len(table(client.get("/support/actions/download/"))) == 130  # this year, every partner
    assert {Decimal(r["hours"]) for r in last_year} == {Decimal(3)}


@pytest.mark.parametrize(("path", "message"), [
    ("/leads/download/?format=pdf", "Unknown format 'pdf': use csv or xlsx."),
    ("/leads/download/?partner=Nowhere", "Followed by: Select a valid choice."),
    ("/support/actions/download/?year=1990", "Year: Select a valid choice. 1990 is not one of the available choices."),
    ("/support/actions/download/?partner=Nowhere&format=xlsx", "Given by: Select a valid choice."),
])
def test_bad_download_requests_are_named(advisor, path, message):
    response = client_for(advisor).get(path)
    assert response.status_code == 400 and message in response.content.decode()


def test_company_users_download_neither(company_user):
    client = client_for(company_user)
    assert client.get("/leads/download/").status_code == 403
    assert client.get("/support/actions/download/").status_code == 403


def test_an_advisor_downloads_the_notes_staff_wrote(advisor, ee_company, partners):
    SupportAction.objects.create(company=ee_company, partner=partners["Tehnopol"], given_on=TODAY, kind="advice",
                                 hours=Decimal(1), note="Pitch deck for Riga", advisor=advisor)
    rows = table(client_for(advisor).get("/support/actions/download/"))
    assert (rows[0]["note"], rows[0]["advisor"]) == ("Pitch deck for Riga", advisor.get_username())
