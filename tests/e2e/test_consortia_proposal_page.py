"""The proposal page: proposes teams with reasons, near misses, and re-solves on lock / exclude."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.integration.consortia_registry import LEAK, METER, small_registry

pytestmark = pytest.mark.django_db

BASE = [("go", "1"), ("cap", LEAK), ("weight_" + LEAK, "3"), ("cap", METER), ("weight_" + METER, "2"),
        ("min_size", "2"), ("max_size", "3"), ("min_countries", "2"), ("cover_all", "on"), ("top", "2")]


def page(client, user, extra=()):
    client.force_login(user)
    return client.get("/consortia/new/?" + urlencode(BASE + list(extra)))


def members(response, index=0):
    return {int(m) for m in response.context["proposal"].teams[index].consortium.members}


def test_it_proposes_the_best_teams_with_reasons(client, advisor):
    companies = small_registry()
    response = page(client, advisor)
    assert response.status_code == 200
    proposal = response.context["proposal"]
    assert proposal.result.status == "OPTIMAL"
    # Aqua (leak 0.9) + Meter (metering 0.8) with their tie beat every other team.
    assert members(response) == {companies["aqua"].pk, companies["meter"].pk}
    html = response.content.decode()
    assert "Proposal 1" in html and "Proposal 2" in html
    assert "Leak detection (0.90)" in html and "Meter Oy <span class=\"muted\">(2 CORDIS projects)</span>" in html
    assert "Readiness" in html and "(TRL proxy)" in html
    # The unready company (TRL 3) fits best of all but fails min_readiness: named as a near miss.
    misses = {m.company.pk: m.reason for m in proposal.near_misses}
    assert misses[companies["unready"].pk].startswith("Min readiness: readiness 0.33")
    assert "scores" in misses[companies["both"].pk] and "less" in misses[companies["both"].pk]


def test_it_resolves_with_a_locked_company(client, advisor):
    companies = small_registry()
    response = page(client, advisor, [("do_lock", str(companies["both"].pk))])
    assert companies["both"].pk in members(response)
    assert companies["both"].pk in members(response, 1)
    html = response.content.decode()
    assert "Locked: Both AB" in html
    # In the teams, a locked company offers Unlock, not Lock again; the others still offer Lock.
    assert 'aria-label="Lock Both AB"' not in html and html.count('aria-label="Unlock Both AB"') == 2
    assert 'aria-label="Lock Aqua Sense' in html or 'aria-label="Lock Meter Oy"' in html
    unlocked = page(client, advisor, [("lock", str(companies["both"].pk)), ("unlock", str(companies["both"].pk))])
    assert "Locked: Both AB" not in unlocked.content.decode()


def test_it_resolves_without_an_excluded_company(client, advisor):
    companies = small_registry()
    response = page(client, advisor, [("do_exclude", str(companies["meter"].pk))])
    for team in response.context["proposal"].teams:
        assert str(companies["meter"].pk) not in team.consortium.members
    assert "Excluded: Meter Oy" in response.content.decode()
    # Bringing it back restores the best team.
    response = page(client, advisor, [("exclude", str(companies["meter"].pk)), ("unexclude", str(companies["meter"].pk))])
    assert members(response) == {companies["aqua"].pk, companies["meter"].pk}


def test_it_names_the_rule_when_no_team_is_possible(client, advisor):
    small_registry()
    response = page(client, advisor, [("cap", "mobility.parking-guidance")])
    assert response.context["proposal"].result.status == "INFEASIBLE"
    assert "Cover every capability: no eligible company covers mobility.parking-guidance" in response.content.decode()


def test_it_shows_bad_rules_naming_the_field(client, advisor):
    small_registry()
    response = page(client, advisor, [("min_size", "5"), ("max_size", "2")])
    assert response.context["proposal"] is None
    assert "Min size: 5 is greater than Max size (2)" in response.content.decode()


def test_it_prefills_the_need_from_an_opportunity(client, advisor):
    from sme2go.opportunities.models import Opportunity, OpportunityTheme

    opportunity = Opportunity.objects.create(
        external_id="P9", title="Leaks in Lusaka", status="Active", iso3="ZMB", country_name="Zambia"
    )
    OpportunityTheme.objects.create(opportunity=opportunity, theme_id="water", share=1.0)
    client.force_login(advisor)
    response = client.get(f"/consortia/new/?opportunity={opportunity.pk}")
    assert response.status_code == 200
    assert "Leaks in Lusaka" in response.content.decode()
    assert response.context["query"].capabilities, "water capabilities are pre-checked"
    assert response.context["query"].need.target_country == "Zambia"


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/consortia/new/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_near_misses_show_the_exact_loss_and_the_rule_that_keeps_them_out(client, advisor):
    from dataclasses import replace

    from sme2go.consortia.engine import brute_force_top_k

    companies = small_registry()
    response = page(client, advisor)
    proposal = response.context["proposal"]
    html = response.content.decode()
    both = str(companies["both"].pk)
    # The loss shown is the exact one: the best team with Both AB locked in, found by brute force.
    instance = proposal.built.instance
    with_both = brute_force_top_k(replace(instance, rules=replace(instance.rules, lock=(both,))), 1)[0]
    loss = proposal.teams[0].consortium.score - with_both.score
    assert loss > 0
    assert f"the best team with it scores {loss:.2f} less" in html
    assert "not proven" not in html

    # With both places taken by locked companies, Both AB cannot join: the page names the rule.
    response = page(client, advisor, [("max_size", "2"), ("lock", str(companies["aqua"].pk)),
                                      ("lock", str(companies["meter"].pk))])
    misses = {m.company.pk: m.reason for m in response.context["proposal"].near_misses}
    assert misses[companies["both"].pk] == "cannot join: Max size: 3 companies are locked but Max size is 2"
    assert misses[companies["unready"].pk].startswith("Min readiness: readiness 0.33 (TRL proxy)")
    assert "cannot join: Max size: 3 companies are locked but Max size is 2" in response.content.decode()


def _tied_filler(companies):
    """Parking Oy brings no water capability but has strong ties to Aqua and Meter."""
    from sme2go.collaboration.models import CompanyTie

    for key in ("aqua", "meter"):
        a, b = sorted((companies[key].pk, companies["other"].pk))
        CompanyTie.objects.create(company_a_id=a, company_b_id=b, strength=3.0, source="cordis", shared_projects=3)


def test_by_default_on_the_page_every_member_brings_a_required_capability(client, advisor):
    companies = small_registry()
    _tied_filler(companies)
    client.force_login(advisor)
    # The form as a user first sees it: the box is checked.
    form = client.get(f"/consortia/new/?cap={LEAK}").content.decode()
    assert 'name="capable_only" checked' in form
    response = page(client, advisor, [("capable_only", "on")])
    assert members(response) == {companies["aqua"].pk, companies["meter"].pk}
    assert str(companies["other"].pk) not in response.context["proposal"].built.companies
    assert "that bring a required capability" in response.content.decode()


def test_unchecked_a_company_may_join_for_its_ties_alone(client, advisor):
    companies = small_registry()
    _tied_filler(companies)
    response = page(client, advisor)  # submitted without capable_only: the box was unchecked
    assert members(response) == {companies["aqua"].pk, companies["meter"].pk, companies["other"].pk}
    page_text = response.content.decode()
    assert "no required capability: in for size, countries, readiness or ties" in page_text
    # Each tie says where it comes from, not only its strength.
    other = next(m for m in response.context["proposal"].teams[0].members if m.company == companies["other"])
    assert {(t.other.pk, t.strength, t.origin) for t in other.ties} == {
        (companies["aqua"].pk, 3.0, "3 CORDIS projects"), (companies["meter"].pk, 3.0, "3 CORDIS projects"),
    }
    assert "(3 CORDIS projects)" in page_text


def test_a_locked_company_stays_a_candidate_without_a_capability(client, advisor):
    companies = small_registry()
    response = page(client, advisor, [("capable_only", "on"), ("do_lock", str(companies["other"].pk))])
    assert companies["other"].pk in members(response)


def test_a_reason_about_a_locked_company_names_it(client, advisor):
    companies = small_registry()
    response = page(client, advisor, [("lock", str(companies["unready"].pk)), ("min_readiness", "0.5")])
    assert response.context["proposal"].result.status == "INFEASIBLE"
    reason = response.context["infeasible_reason"]
    assert reason.startswith("Min readiness: locked Unready OÜ has readiness 0.33")
    assert f"company {companies['unready'].pk}" not in response.content.decode()
