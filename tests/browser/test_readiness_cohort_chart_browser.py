"""The cohort page's chart of bands per partner in Chromium: visible, each part titled with the count the
table beside it shows, and the page still fits a 390 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sme2go.readiness.models import ReadinessAssessment
from sme2go.readiness.questionnaire import QUESTIONS, score
from sme2go.registry.models import Company, Partner

pytestmark = pytest.mark.django_db(transaction=True)

BANDS = ("Export-ready", "Nearly ready", "Developing", "Early stage", "Never assessed")


def assess(company, level: int) -> None:
    answers = {q.key: level for q in QUESTIONS}
    result = score(answers)
    ReadinessAssessment.objects.create(company=company, answers=answers, organisational=result.organisational,
                                       product=result.product, overall=result.overall, band=result.band)


@pytest.fixture
def cohort(partners, ee_company, fi_company):
    """Tehnopol: Aqua Sense (Export-ready) and two never assessed; Turku: Volttiväylä (Developing) and one
    more (Early stage); a partner with a long name and a company of no one's."""
    assess(ee_company, 3)
    for name in ("Linnavalgus AS", "Tarkvara OÜ"):
        Company.objects.create(legal_name=name, country="EE").partners.add(partners["Tehnopol"])
    assess(fi_company, 2)
    slow = Company.objects.create(legal_name="Hidas Oy", country="FI")
    slow.partners.add(partners["Turku"])
    assess(slow, 0)
    long = Partner.objects.create(name="Long", short_name="Kaupunkiinnovaatio<Pohjois-Pohjanmaa>",
                                  country="FI")
    Company.objects.create(legal_name="Pitkä Oy", country="FI").partners.add(long)


def table_counts(page) -> dict[tuple[str, str], str]:
    """(partner, band) -> the count in the table of bands per partner."""
    counts = {}
    for row in page.locator("#per-partner tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        for band, cell in zip(BANDS, cells[1:], strict=False):
            counts[(cells[0].strip(), band)] = cell.strip()
    return counts


def test_the_chart_shows_the_tables_counts_and_fits_a_phone(manager_page, cohort):
    page = manager_page
    page.goto("/readiness/")
    chart = page.get_by_role("img", name="Readiness per partner: each partner's companies by their latest assessment")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    titles = page.locator("#per-partner svg.chart rect.segment title").all_text_contents()
    counts = table_counts(page)
    assert counts[("Tehnopol", "Never assessed")] == "2" and counts[("Turku", "Early stage")] == "1"
    drawn = {}
    for title in titles:
        where, count = title.rsplit(": ", 1)
        partner, band = where.rsplit(", ", 1)
        drawn[(partner, band)] = count
    assert drawn == {key: n for key, n in counts.items() if n != "0"}  # every count drawn, and no zero
    assert ("Kaupunkiinnovaatio<Pohjois-Pohjanmaa>", "Never assessed") in drawn  # a name, not markup
    parts = page.locator("#per-partner svg.chart rect.segment")
    assert all((parts.nth(i).bounding_box() or {"width": 0})["width"] > 0 for i in range(parts.count()))

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/readiness/")
    expect(chart).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    box = chart.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
