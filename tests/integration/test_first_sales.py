"""A company's first export sale: its earliest won lead, recomputed as leads move."""

from __future__ import annotations

import datetime

import pytest

from sme2go.missions.models import Lead
from sme2go.missions.services import first_sales, move_lead

pytestmark = pytest.mark.django_db


def lead(company, partner, won_on=None, stage="identified", value=1000):
    return Lead.objects.create(company=company, partner=partner, buyer="Buyer", country="KE", value_eur=value,
                               stage=stage, won_on=won_on)


def test_the_earliest_sale_is_the_first_and_a_reopened_one_no_longer_counts(manager, ee_company, fi_company, partners):
    tehnopol = partners["Tehnopol"]
    later = lead(ee_company, tehnopol, datetime.date(2026, 6, 1), "won")
    earlier = lead(ee_company, tehnopol, datetime.date(2026, 2, 1), "won")
    same_day = lead(ee_company, tehnopol, datetime.date(2026, 2, 1), "won")
    lead(fi_company, partners["Turku"])  # open: no sale
    assert first_sales() == {ee_company.pk: earlier}
    assert same_day.pk > earlier.pk
    move_lead(actor=manager, lead=earlier, stage="negotiation", note="the buyer withdrew the order")
    assert first_sales() == {ee_company.pk: same_day}
    earlier.refresh_from_db()
    assert earlier.won_on is None
    move_lead(actor=manager, lead=same_day, stage="lost", note="cancelled")
    assert first_sales() == {ee_company.pk: later}


def test_an_advisor_acts_for_their_own_partner_only(advisor, manager, ee_company, partners):
    from django.core.exceptions import PermissionDenied, ValidationError

    from sme2go.missions.services import create_lead

    with pytest.raises(PermissionDenied, match="advisors act for their own partner only"):
        create_lead(actor=advisor, company=ee_company, buyer="Kisumu City", country="KE", value_eur=1,
                    partner=partners["Turku"])
    with pytest.raises(ValidationError, match="choose the partner"):
        create_lead(actor=manager, company=ee_company, buyer="Kisumu City", country="KE", value_eur=1)
    own = create_lead(actor=advisor, company=ee_company, buyer="Kisumu City", country="KE", value_eur=1)
    assert own.partner == partners["Tehnopol"] and Lead.objects.count() == 1
