"""A small programme with one of everything the API serves, for the fuzz test (not a test module):
companies with solutions, contacts and notes, a saved consortium, markets and opportunities, training
sessions with attendance, support, readiness, a mission with a meeting and a lead."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.utils import timezone

from sme2go.consortia.models import Consortium
from sme2go.markets.models import Country
from sme2go.missions.models import Lead, Meeting, Mission, MissionParticipant
from sme2go.opportunities.models import Opportunity
from sme2go.readiness.questionnaire import QUESTIONS
from sme2go.registry.models import Company, CompanyNote, Contact, Partner, Solution
from sme2go.support.models import Attendance, SupportAction, TrainingModule, TrainingSession
from tests.e2e.api_client import call, token_for
from tests.e2e.market_data import load_markets
from tests.e2e.test_consortia_save_and_status import save
from tests.integration.consortia_registry import small_registry


def build_programme(*, advisor: Any, ee_company: Company, fi_company: Company,
                    partners: dict[str, Partner]) -> None:
    today = timezone.localdate()
    companies = small_registry()
    save(Client(), advisor, companies)
    load_markets()
    Contact.objects.create(company=ee_company, name="Mari Maasikas", role="CEO", email="mari@example.com",
                           consent_to_contact=True)
    CompanyNote.objects.create(company=ee_company, partner=partners["Tehnopol"], author=advisor, text="met at expo")
    Solution.objects.create(company=ee_company, name="Leak finder", trl=7)
    module = TrainingModule.objects.create(title="Public procurement abroad", hours=4)
    session = TrainingSession.objects.create(module=module, partner=partners["Tehnopol"], place="Tallinn",
                                             held_on=today - datetime.timedelta(days=30))
    Attendance.objects.create(session=session, company=ee_company, people=2)
    SupportAction.objects.create(company=ee_company, partner=partners["Tehnopol"], advisor=advisor,
                                 given_on=today - datetime.timedelta(days=3), kind="advice", hours=2)
    mission = Mission.objects.create(name="Nairobi smart water", country="KE", city="Nairobi",
                                     starts_on=today - datetime.timedelta(days=10),
                                     ends_on=today - datetime.timedelta(days=6), partner=partners["Tehnopol"])
    MissionParticipant.objects.create(mission=mission, company=ee_company)
    MissionParticipant.objects.create(mission=mission, company=fi_company)
    Meeting.objects.create(mission=mission, company=ee_company, counterpart="Nairobi Water",
                           held_on=mission.starts_on, outcome="wants a pilot")
    Lead.objects.create(company=ee_company, mission=mission, partner=partners["Tehnopol"], buyer="Nairobi Water",
                        country="KE", value_eur=40_000)
    answers = {question.key: 2 for question in QUESTIONS}
    created = call("post", f"/api/companies/{ee_company.pk}/readiness", token=token_for(advisor),
                   body={"answers": answers})
    assert created.status_code == 201, created.data


def known_ids() -> dict[str, list[Any]]:
    """Path parameter name -> the values that name stored records, so fuzzed paths reach real ones."""
    return {
        "company_id": list(Company.objects.values_list("pk", flat=True)),
        "solution_id": list(Solution.objects.values_list("pk", flat=True)),
        "contact_id": list(Contact.objects.values_list("pk", flat=True)),
        "partner_id": list(Partner.objects.values_list("pk", flat=True)),
        "consortium_id": list(Consortium.objects.values_list("pk", flat=True)),
        "opportunity_id": list(Opportunity.objects.values_list("pk", flat=True)[:5]),
        "session_id": list(TrainingSession.objects.values_list("pk", flat=True)),
        "mission_id": list(Mission.objects.values_list("pk", flat=True)),
        "meeting_id": list(Meeting.objects.values_list("pk", flat=True)),
        "lead_id": list(Lead.objects.values_list("pk", flat=True)),
        "iso3": list(Country.objects.values_list("iso3", flat=True)[:5]),
    }
