"""A merged company's old link leads to the company it lives on now, through every later merge."""

from __future__ import annotations

from sme2go.registry.merging import live_company_id, merge_companies
from sme2go.registry.models import Company
from tests.e2e.registry_pages import client_for


def test_an_old_link_follows_two_merges(manager, partners):
    first, second, third = (Company.objects.create(legal_name=f"Gridwise {n} OÜ", country="EE") for n in (1, 2, 3))
    merge_companies(keep=second, duplicate=first, actor=manager)
    merge_companies(keep=third, duplicate=second, actor=manager)
    client = client_for(manager)
    response = client.get(f"/companies/{first.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/companies/{third.pk}/"
    assert client.get(f"/companies/{second.pk}/")["Location"] == f"/companies/{third.pk}/"


def test_a_loop_of_merges_made_by_hand_is_a_404_not_a_hang(manager):
    a = Company.objects.create(legal_name="Loop A Oy", country="FI")
    b = Company.objects.create(legal_name="Loop B Oy", country="FI", merged_into=a)
    Company.objects.filter(pk=a.pk).update(merged_into=b)
    assert live_company_id(a.pk) is None and live_company_id(999_999) is None
    assert client_for(manager).get(f"/companies/{a.pk}/").status_code == 404


def test_a_company_user_is_not_led_to_a_company_they_may_not_see(company_user, ee_company, manager):
    gone = Company.objects.create(legal_name="Gone Oy", country="FI")
    middle = Company.objects.create(legal_name="Middle Oy", country="FI")
    merge_companies(keep=middle, duplicate=gone, actor=manager)
    merge_companies(keep=ee_company, duplicate=middle, actor=manager)
    assert client_for(company_user).get(f"/companies/{gone.pk}/")["Location"] == f"/companies/{ee_company.pk}/"
    other = Company.objects.create(legal_name="Other Oy", country="FI")
    merge_companies(keep=other, duplicate=Company.objects.create(legal_name="Other 2 Oy", country="FI"), actor=manager)
    assert client_for(company_user).get(f"/companies/{other.pk + 1}/").status_code == 404
