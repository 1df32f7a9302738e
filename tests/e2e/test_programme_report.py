"""The funder's report: KPIs from what the product records, targets, dashboard, CSV and PDF."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from sme2go.accounts.models import AuditEvent
from sme2go.consortia.models import Consortium, ConsortiumEvent
from sme2go.missions.models import Lead, Mission, MissionParticipant
from sme2go.programme.kpis import programme_report
from sme2go.programme.models import KpiTarget
from sme2go.readiness.questionnaire import QUESTIONS
from sme2go.readiness.services import assess
from sme2go.registry.models import Company
from sme2go.support.models import Attendance, SupportAction, TrainingModule, TrainingSession
from tests.e2e.registry_pages import client_for

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 5, 4)


@pytest.fixture
def programme(partners, manager, ee_company, fi_company):
    """Aqua (Tehnopol) and Volt (Turku); a third company both support; support, training, readiness, consortia."""
    both = Company.objects.create(legal_name="Gata AB", country="SE")
    both.partners.add(partners["Tehnopol"], partners["Turku"])
    SupportAction.objects.create(company=ee_company, partner=partners["Tehnopol"], given_on=DAY, kind="advice", hours=3)
    SupportAction.objects.create(company=both, partner=partners["Tehnopol"], given_on=DAY, kind="coaching", hours=2)
    SupportAction.objects.create(company=both, partner=partners["Turku"], given_on=DAY, kind="advice", hours="1.5")
    module = TrainingModule.objects.create(title="Tenders abroad")
    session = TrainingSession.objects.create(module=module, partner=partners["Turku"], held_on=DAY, place="Turku")
    Attendance.objects.create(session=session, company=fi_company, people=4)
    assess(actor=manager, company=ee_company, answers={q.key: 1 for q in QUESTIONS})
    assess(actor=manager, company=ee_company, answers={q.key: 3 for q in QUESTIONS})  # rose
    assess(actor=manager, company=fi_company, answers={q.key: 2 for q in QUESTIONS})
    agreed = Consortium.objects.create(name="Leak team", status="agreed", partner=partners["Tehnopol"],
                                       lead_company=ee_company)
    won = Consortium.objects.create(name="Meter team", status="won", partner=partners["Turku"], lead_company=fi_company)
    ConsortiumEvent.objects.create(consortium=won, kind="status", from_status="offer_submitted", to_status="won")
    Consortium.objects.create(name="Idea", status="proposed", partner=partners["Turku"], lead_company=fi_company)
    mission = Mission.objects.create(name="Nairobi smart water", country="KE", starts_on=DAY, ends_on=DAY,
                                     partner=partners["Turku"])
    for company in (fi_company, both):
        MissionParticipant.objects.create(mission=mission, company=company)
    for company, partner, stage, value, won_on in (
        (ee_company, "Tehnopol", "won", 50000, DAY), (ee_company, "Tehnopol", "won", 20000, datetime.date(2026, 9, 1)),
        (fi_company, "Turku", "proposal", 10000, None), (both, "Turku", "lost", 5000, None),
    ):
        Lead.objects.create(company=company, partner=partners[partner], buyer="Nairobi Water", country="KE",
                            value_eur=value, stage=stage, won_on=won_on)
    return {"both": both, "agreed": agreed, "won": won}


def totals(report):
    return {r.kpi.key: r.actual.total for r in report.results}


def test_the_kpis_count_what_the_product_recorded(programme):
    report = programme_report(datetime.date(2026, 11, 28))
    assert totals(report) == {
        "companies_registered": 3,
        "companies_supported": 3,  # Aqua, Gata (by both partners, once) and Volt (trained)
        "companies_assessed": 2,
        "readiness_improved": 1,
        "people_trained": 4,
        "support_hours": 6.5,
        "consortia_formed": 2,  # agreed and won; a proposal is not a formed team
        "consortia_won": 1,
        "companies_on_missions": 2,
        "leads_generated": 4,
        "companies_first_sale": 1,  # Aqua's two sales: one first sale
        "sales_value_eur": 70000,  # won leads only
    }
    supported = report.result("companies_supported").actual
    assert supported.by_partner == {"Tehnopol": 2, "Turku": 2}  # Gata counts for both partners
    assert supported.by_year == {2026: 3}
    assert report.result("companies_registered").actual.by_partner["Turku"] == 2
    expected = (report.erdf_total / 3).quantize(1)
    assert report.erdf_per_company_supported == expected and report.erdf_total > 0


def test_the_manager_sets_targets_and_the_dashboard_shows_the_share(programme, manager, partners):
    client = client_for(manager)
    turku = partners["Turku"].pk
    response = client.post("/report/targets/", {"t-companies_supported-programme": "6",
                                                f"t-companies_supported-{turku}": "4", "t-people_trained-programme": ""})
    assert response.status_code == 302
    assert {(t.kpi, t.partner_id): float(t.target) for t in KpiTarget.objects.all()} == {
        ("companies_supported", None): 6.0, ("companies_supported", turku): 4.0}
    page = client.get("/report/").content.decode()
    assert "50 %" in page  # 3 of 6 companies supported
    assert "2 / 4" in page  # Turku: 2 of 4
    assert '<td class="num">70,000</td>' in page  # export sales won, in thousands as people read them
    assert AuditEvent.objects.filter(action="programme.targets", actor=manager).exists()


def test_bad_targets_are_named_and_nothing_is_saved(programme, manager, partners):
    KpiTarget.objects.create(kpi="consortia_won", target=2)
    response = client_for(manager).post("/report/targets/", {
        "t-companies_supported-programme": "many", f"t-people_trained-{partners['VSP'].pk}": "-5",
        "t-consortia_won-programme": "3",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unique companies supported, programme: &#x27;many&#x27; is not a number" in html
    assert "People trained, VSP: must be between 0 and 1,000,000,000, got -5" in html
    assert [(t.kpi, float(t.target)) for t in KpiTarget.objects.all()] == [("consortia_won", 2.0)]


def test_the_csv_has_every_kpi_for_the_programme_each_partner_and_year(programme, advisor):
    response = client_for(advisor).get("/report/kpis.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by = {(r["kpi"], r["scope"], r["year"]): r["actual"] for r in rows}
    assert by[("companies_supported", "programme", "all")] == "3"
    assert by[("companies_supported", "Turku", "all")] == "2"
    assert by[("support_hours", "programme", "2026")] == "6.5"
    assert by[("consortia_won", "programme", "2026")] == "1"


def test_the_pdf_is_a_report_with_the_kpis(programme, advisor):
    response = client_for(advisor).get("/report/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"%%EOF" in response.content[-1024:]
    assert b"Unique companies supported" in response.content and b"Results against targets" in response.content
    assert 'filename="sme2go-report-' in response["Content-Disposition"]


def test_advisors_read_the_report_but_only_the_manager_sets_targets(advisor):
    client = client_for(advisor)
    assert client.get("/report/").status_code == 200
    assert client.get("/report/targets/").status_code == 403
    assert client.post("/report/targets/", {"t-companies_supported-programme": "1"}).status_code == 403
    assert not KpiTarget.objects.exists()


def test_company_users_never_see_the_programme_report(company_user):
    client = client_for(company_user)
    for url in ("/report/", "/report/kpis.csv", "/report/report.pdf", "/report/targets/"):
        assert client.get(url).status_code == 403, url


def test_a_partner_name_a_spreadsheet_would_run_stays_text_in_the_csv(programme, advisor, partners):
    vsp = partners["VSP"]
    vsp.short_name = "=HYPERLINK(1)"
    vsp.save()
    rows = list(csv.reader(io.StringIO(client_for(advisor).get("/report/kpis.csv").content.decode())))
    scopes = {row[2] for row in rows[1:]}
    assert "'=HYPERLINK(1)" in scopes and "=HYPERLINK(1)" not in scopes
