"""The readiness cohort page (/readiness/): a partner's companies compared by their latest assessment,
the questions they are weakest on with the training that addresses them, and the companies a page at a
time; for staff only, bad filters named, merged-away records never counted."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone

from sme2go.readiness.models import ReadinessAssessment
from sme2go.readiness.questionnaire import QUESTIONS, score
from sme2go.registry.models import Company, Partner
from sme2go.support.models import TrainingModule, TrainingSession
from tests.e2e.registry_pages import client_for

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def answers(level: int, **weak: int) -> dict[str, int]:
    return {q.key: weak.get(q.key, level) for q in QUESTIONS}


def assess(company: Company, given: dict[str, int], days_ago: int) -> ReadinessAssessment:
    result = score(given)
    assessment = ReadinessAssessment.objects.create(company=company, answers=given, organisational=result.organisational,
                                                    product=result.product, overall=result.overall, band=result.band)
    ReadinessAssessment.objects.filter(pk=assessment.pk).update(assessed_at=NOW - datetime.timedelta(days=days_ago))
    return assessment


def section(html: str, name: str) -> str:
    return html.split(f'id="{name}"')[1].split("</section>")[0]


def companies_listed(html: str) -> list[str]:
    return re.findall(r'/readiness/">([^<]+)</a>', section(html, "companies"))


def band_count(html: str, band: str) -> int:
    found = re.search(rf">{re.escape(band)}(?:</a>)?</td><td class=\"num\">(\d+)<", section(html, "summary"))
    assert found, band
    return int(found.group(1))


@pytest.fixture
def cohort(partners, ee_company, fi_company):
    """Tehnopol: Aqua Sense (assessed twice, 35 -> 75), Linnavalgus (never assessed), and a record merged
    into Aqua Sense with its own assessment; Turku: Volttiväylä (assessed once, 50, weak on pricing)."""
    assess(ee_company, answers(1), days_ago=300)  # 25, Early stage
    assess(ee_company, answers(3), days_ago=10)  # 75, Export-ready
    never = Company.objects.create(legal_name="Linnavalgus AS", country="EE", city="Tartu")
    never.partners.add(partners["Tehnopol"])
    merged = Company.objects.create(legal_name="Aqua Sense (duplicate)", country="EE", merged_into=ee_company)
    merged.partners.add(partners["Tehnopol"])
    assess(merged, answers(0), days_ago=20)
    assess(fi_company, answers(2, pricing=0), days_ago=40)
    return {"never": never, "merged": merged}


def test_the_manager_compares_every_partners_companies(manager, cohort):
    response = client_for(manager).get("/readiness/")
    assert response.status_code == 200
    html = response.content.decode()
    summary = section(html, "summary")
    assert "2 companies assessed, 1 never assessed" in summary
    assert band_count(html, "Export-ready") == 1 and band_count(html, "Developing") == 1  # Volttiväylä: 47.7
    assert band_count(html, "Early stage") == 0 and band_count(html, "Never assessed") == 1
    assert "1 improved</strong> since their first assessment (1 assessed more than once)" in summary
    assert "Median score <strong>61/100</strong>" in summary  # (75 + 47.7) / 2
    assert companies_listed(html) == ["Volttiväylä Oy", "Aqua Sense OÜ"]  # lowest score first
    assert "Aqua Sense (duplicate)" not in html  # merged away: never listed nor counted


def chart_titles(html: str) -> list[str]:
    return re.findall(r'<rect class="segment"[^>]*><title>([^<]*)</title>', section(html, "per-partner"))


def partner_rows(html: str) -> dict[str, list[str]]:
    table = section(html, "per-partner").split("<tbody>")[1].split("</tbody>")[0]
    rows = {}
    for row in table.split("</tr>")[:-1]:
        cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows[cells[0]] = cells[1:]
    return rows


def test_the_bands_per_partner_are_drawn_and_tabled(manager, partners, cohort):
    Company.objects.create(legal_name="Nobody's AB", country="SE")  # supported by no partner, never assessed
    html = client_for(manager).get("/readiness/").content.decode()
    # Export-ready, Nearly ready, Developing, Early stage, Never assessed, Companies
    assert partner_rows(html) == {
        "Posintra": ["0", "0", "0", "0", "0", "0"], "SISP": ["0", "0", "0", "0", "0", "0"],
        "Tehnopol": ["1", "0", "0", "0", "1", "2"], "Turku": ["0", "0", "1", "0", "0", "1"],
        "VSP": ["0", "0", "0", "0", "0", "0"], "No partner": ["0", "0", "0", "0", "1", "1"]}
    assert chart_titles(html) == ["Tehnopol, Export-ready: 1", "Tehnopol, Never assessed: 1", "Turku, Developing: 1",
                                  "No partner, Never assessed: 1"]
    chart = section(html, "per-partner")
    assert 'role="img" aria-labelledby="bands-title bands-desc"' in chart and "· no companies" in chart
    assert "<script" not in chart  # drawn on the server, nothing to run
    assert 'href="?partner=Tehnopol">Tehnopol</a>' in chart and ">No partner<" in chart


def test_the_chart_follows_the_partner_chosen_and_escapes_partner_names(manager, partners, cohort, ee_company):
    evil = Partner.objects.create(name="Evil", short_name='<img src=x onerror="alert(1)">', country="EE")
    ee_company.partners.add(evil)
    html = client_for(manager).get("/readiness/").content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;, Export-ready: 1" in html
    one = client_for(manager).get("/readiness/?partner=Turku").content.decode()
    assert list(partner_rows(one)) == ["Turku"] and chart_titles(one) == ["Turku, Developing: 1"]


def test_an_advisor_chooses_their_partner_and_sees_only_its_companies(advisor, cohort, ee_company):
    client = client_for(advisor)
    everyone = client.get("/readiness/").content.decode()
    assert 'href="?partner=Tehnopol">Only Tehnopol\'s companies</a>' in everyone
    html = client.get("/readiness/?partner=Tehnopol").content.decode()
    assert "Export readiness of the cohort · Tehnopol" in html
    assert "1 company assessed, 1 never assessed" in section(html, "summary")
    assert band_count(html, "Export-ready") == 1 and band_count(html, "Developing") == 0
    assert companies_listed(html) == ["Aqua Sense OÜ"]
    row = section(html, "companies").split("Aqua Sense OÜ")[1].split("</tr>")[0]
    assert ">75<" in row and "Export-ready" in row and "+50.0" in row
    assert f'href="/companies/{ee_company.pk}/readiness/"' in section(html, "companies")


def test_an_advisor_of_another_partner_reads_the_cohort_and_its_readiness_pages(other_advisor, cohort, ee_company):
    client = client_for(other_advisor)
    html = client.get("/readiness/?partner=Tehnopol").content.decode()
    assert companies_listed(html) == ["Aqua Sense OÜ"]
    page = client.get(f"/companies/{ee_company.pk}/readiness/")
    assert page.status_code == 200 and "Assess again" not in page.content.decode()


def test_company_users_are_refused_and_visitors_sent_to_log_in(company_user, client, cohort):
    assert client_for(company_user).get("/readiness/").status_code == 403
    response = client.get("/readiness/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_band_filter_lists_only_that_band_and_keeps_the_summary(manager, cohort):
    html = client_for(manager).get("/readiness/?band=Developing").content.decode()
    assert companies_listed(html) == ["Volttiväylä Oy"]
    assert "Companies: Developing" in html
    assert "2 companies assessed, 1 never assessed" in section(html, "summary")


@pytest.mark.parametrize(("query", "named"), [
    ("partner=Nowhere", "Supported by: Select a valid choice."),
    ("band=Great", "Band: Select a valid choice. Great is not one of the available choices."),
    ("order=size", "Order: Select a valid choice. size is not one of the available choices."),
])
def test_bad_filters_are_named(manager, cohort, query, named):
    response = client_for(manager).get(f"/readiness/?{query}")
    assert response.status_code == 400
    assert named in response.content.decode()


@pytest.fixture
def many_assessed(partners):
    """120 Tehnopol companies assessed once, at levels 0-4 in turn, and 10 of Turku's."""
    companies = Company.objects.bulk_create(
        Company(legal_name=f"Company {i:03d}", country="EE" if i < 120 else "FI") for i in range(130)
    )
    for i, company in enumerate(companies):
        company.partners.add(partners["Tehnopol" if i < 120 else "Turku"])
        assess(company, answers(i % 5), days_ago=i)
    return companies


def test_the_companies_come_fifty_to_a_page_with_the_filters_kept(advisor, many_assessed):
    client = client_for(advisor)
    first = client.get("/readiness/?partner=Tehnopol&order=name").content.decode()
    assert "120 companies · page 1 of 3, company name" in first and len(companies_listed(first)) == 50
    assert 'href="?partner=Tehnopol&amp;order=name&amp;page=2"' in first  # paging keeps the filters
    seen = [name for p in (1, 2, 3)
            for name in companies_listed(client.get(f"/readiness/?partner=Tehnopol&order=name&page={p}").content.decode())]
    assert seen == [f"Company {i:03d}" for i in range(120)]  # every company once, in order, none of Turku's
    band = client.get("/readiness/?partner=Tehnopol&band=Export-ready").content.decode()
    assert "48 companies" in band  # levels 3 and 4: 24 each
    assert 'href="?partner=Tehnopol&amp;band=Export-ready&amp;order=-score"' in band  # sorting keeps the filters


def test_the_companies_sort_by_score_both_ways(manager, many_assessed):
    client = client_for(manager)
    lowest = companies_listed(client.get("/readiness/").content.decode())
    assert lowest[:3] == ["Company 000", "Company 005", "Company 010"]  # level 0, by name on ties
    highest = companies_listed(client.get("/readiness/?order=-score").content.decode())
    assert highest[:3] == ["Company 004", "Company 009", "Company 014"]


def test_the_weakest_questions_come_first_with_the_training_that_addresses_them(manager, partners, cohort):
    pricing = TrainingModule.objects.create(title="Export pricing", hours=3)
    session = TrainingSession.objects.create(module=pricing, partner=partners["Turku"], place="online",
                                             held_on=timezone.localdate() + datetime.timedelta(days=5))
    TrainingSession.objects.create(module=pricing, partner=partners["Turku"], place="online",
                                   held_on=timezone.localdate() + datetime.timedelta(days=30))
    html = client_for(manager).get("/readiness/").content.decode()
    weakest = section(html, "weakest")
    first_row = weakest.split("<tbody>")[1].split("</tr>")[0]
    # Pricing: Aqua Sense 3, Volttiväylä 0, a mean of 1.5; every other question 2.5.
    assert "Export pricing" in first_row and ">1.5<" in first_row and "1 of 2" in first_row
    assert (f'Training: Export pricing — next session <a href="/support/sessions/{session.pk}/">'
            f'{session.held_on:%Y-%m-%d}</a> (Turku)') in first_row
    # "Data protection for smart-city solutions" is not in this catalogue: nothing shown for compliance.
    assert "Data protection" not in weakest and weakest.count("Training:") == 1


def test_the_cohort_downloads_as_the_page_lists_it(advisor, company_user, cohort, many_assessed):
    client = client_for(advisor)
    page = client.get("/readiness/?partner=Tehnopol&band=Export-ready&order=name").content.decode()
    link = "/readiness/download/?partner=Tehnopol&amp;band=Export-ready&amp;order=name&amp;format=csv"
    assert f'href="{link}"' in page
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["company"] for r in rows] == companies_listed(page) and len(rows) == 49  # 48 + Aqua Sense: one page
    aqua = next(r for r in rows if r["company"] == "Aqua Sense OÜ")
    assert (aqua["band"], aqua["overall"], aqua["first_overall"], aqua["change"], aqua["assessments"]) == (
        "Export-ready", "75.0", "25.0", "50.0", "2")
    assert "Aqua Sense (duplicate)" not in {r["company"] for r in rows}
    xlsx = client.get("/readiness/download/?partner=Turku&format=xlsx")
    assert 'filename="sme2go-readiness-Turku-' in xlsx["Content-Disposition"]
    assert client.get("/readiness/download/?band=Ready").status_code == 400
    assert client_for(company_user).get("/readiness/download/").status_code == 403
