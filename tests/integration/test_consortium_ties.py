"""Which consortia formed in sme2go tie their companies: only teams that were agreed at some point."""

from __future__ import annotations

import pytest

from sme2go.collaboration.completion import forget_history, suggest_to_complete
from sme2go.collaboration.models import CompanyTie
from sme2go.collaboration.services import consortia_that_tie, recompute_ties
from sme2go.consortia.models import Consortium, ConsortiumMember
from sme2go.consortia.services import change_status
from sme2go.registry.models import Company

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db):
    return [Company.objects.create(legal_name=name, country="EE") for name in ("Sola OÜ", "Uusi OÜ", "Kolmas OÜ")]


def formed(companies, name):
    consortium = Consortium.objects.create(name=name, lead_company=companies[0])
    for company in companies:
        ConsortiumMember.objects.create(consortium=consortium, company=company)
    return consortium


def walk(user, consortium, *statuses):
    for status in statuses:
        consortium = change_status(user=user, consortium=consortium, to_status=status)
    return consortium


def tie_counts() -> dict[tuple[int, int], int]:
    return {(t.company_a_id, t.company_b_id): t.shared_consortia for t in CompanyTie.objects.all()}


def test_a_proposal_that_was_lost_without_being_agreed_ties_nobody(manager, team):
    walk(manager, formed(team, "Never agreed"), "lost")
    assert tie_counts() == {}
    recompute_ties()
    assert tie_counts() == {}


@pytest.mark.parametrize("path", [("agreed",), ("agreed", "offer_submitted", "won"), ("agreed", "lost"),
                                  ("agreed", "offer_submitted", "lost")])
def test_a_team_that_was_agreed_ties_its_members_whatever_came_after(manager, team, path):
    consortium = walk(manager, formed(team, "Agreed once"), *path)
    assert len(tie_counts()) == 3 and set(tie_counts().values()) == {1}
    assert list(consortia_that_tie()) == [consortium]


def test_a_lost_proposal_adds_nothing_to_the_partner_suggestions(manager, team):
    forget_history()
    outsider = Company.objects.create(legal_name="Neljas OÜ", country="EE")
    walk(manager, formed([team[0], outsider], "Never agreed"), "lost")
    walk(manager, formed(team, "Agreed"), "agreed")
    completion = suggest_to_complete(user=manager, company_ids=[team[0].pk])
    suggested = [s.company for s in completion.suggestions]
    assert outsider not in suggested and set(suggested) == {team[1], team[2]}
    forget_history()
