"""The engine instance built from the registry: fits, readiness proxy, countries, ties."""

from __future__ import annotations

import pytest

from sme2go.consortia.engine import Requirement, Rules, Weights
from sme2go.consortia.instance_builder import build_instance, capabilities_for_opportunity
from sme2go.opportunities.models import Opportunity, OpportunityTheme
from sme2go.registry.models import Company
from sme2go.taxonomy import load_taxonomy
from tests.integration.consortia_registry import LEAK, METER, small_registry

pytestmark = pytest.mark.django_db


def test_it_builds_fit_readiness_country_and_ties_from_the_registry():
    companies = small_registry()
    built = build_instance(
        companies=Company.objects.all(),
        required=(Requirement(LEAK, 3.0), Requirement(METER, 2.0)),
        rules=Rules(lock=(str(companies["both"].pk), "999999")),
        weights=Weights(),
    )
    instance = built.instance
    meter = instance.company(str(companies["meter"].pk))
    # fit = the best level over the company's solutions; only required capabilities are read
    assert meter.fit == {METER: 0.8, LEAK: 0.5}
    assert meter.readiness == pytest.approx(8 / 9)  # TRL proxy: best solution TRL / 9
    assert meter.country == "FI"
    assert instance.company(str(companies["other"].pk)).fit == {}
    assert instance.company(str(companies["unready"].pk)).readiness == pytest.approx(3 / 9)
    assert instance.tie_strength(str(companies["aqua"].pk), str(companies["meter"].pk)) == 2.0
    assert len(instance.ties) == 1
    assert instance.rules.lock == (str(companies["both"].pk),), "unknown ids are dropped"
    assert set(built.companies) == {str(c.pk) for c in companies.values()}


def test_it_prefills_the_capabilities_of_the_opportunitys_top_themes():
    opportunity = Opportunity.objects.create(external_id="P1", title="Water for Town", status="Active")
    OpportunityTheme.objects.create(opportunity=opportunity, theme_id="water", share=0.7)
    OpportunityTheme.objects.create(opportunity=opportunity, theme_id="energy", share=0.2)
    OpportunityTheme.objects.create(opportunity=opportunity, theme_id="health", share=0.1)
    taxonomy = load_taxonomy()
    expected = [c.id for c in taxonomy.theme("water").capabilities] + [c.id for c in taxonomy.theme("energy").capabilities]
    assert capabilities_for_opportunity(opportunity) == expected


def test_an_assessed_company_brings_its_readiness_score_the_others_the_trl_proxy(manager):
    from sme2go.readiness.questionnaire import QUESTIONS
    from sme2go.readiness.services import assess

    companies = small_registry()
    assess(actor=manager, company=companies["meter"], answers={q.key: 2 for q in QUESTIONS})  # 50/100
    assess(actor=manager, company=companies["meter"], answers={q.key: 1 for q in QUESTIONS})  # newer: 25/100
    built = build_instance(
        companies=Company.objects.all(), required=(Requirement(LEAK, 3.0),), rules=Rules(), weights=Weights()
    )
    meter, unready = str(companies["meter"].pk), str(companies["unready"].pk)
    assert built.instance.company(meter).readiness == pytest.approx(0.25)  # the latest assessment, not TRL 8/9
    assert built.source_of_readiness(meter).startswith("assessed 20")
    assert built.instance.company(unready).readiness == pytest.approx(3 / 9)
    assert built.source_of_readiness(unready) == "TRL proxy"
