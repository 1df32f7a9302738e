"""Back after "Register", then Register again: the same rendered form registers one company."""

from __future__ import annotations

import re

from sme2go.registry.models import Company
from tests.e2e.registry_pages import PROFILE_POST, client_for


def rendered_token(client) -> str:
    page = client.get("/companies/new/").content.decode()
    return re.search(r'name="registration_token" value="([0-9a-f]{32})"', page).group(1)


def test_sending_the_register_form_twice_registers_one_company(advisor):
    client = client_for(advisor)
    post = dict(PROFILE_POST, legal_name="Tark Linn OÜ", status="prospect", registration_token=rendered_token(client))
    first = client.post("/companies/new/", post)
    company = Company.objects.get(legal_name="Tark Linn OÜ")
    assert first["Location"] == f"/companies/{company.pk}/"

    again = client.post("/companies/new/", post, follow=True)
    assert Company.objects.filter(legal_name="Tark Linn OÜ").count() == 1
    assert again.redirect_chain[-1][0] == f"/companies/{company.pk}/"
    assert "This form was already sent: Tark Linn OÜ was registered then. Nothing new was registered." in \
        again.content.decode()


def test_a_new_form_or_the_same_form_for_another_name_registers_another_company(advisor):
    client = client_for(advisor)
    token = rendered_token(client)
    client.post("/companies/new/", dict(PROFILE_POST, legal_name="Tark Linn OÜ", status="prospect",
                                        registration_token=token))
    client.post("/companies/new/", dict(PROFILE_POST, legal_name="Kolmas Linn OÜ", status="prospect",
                                        registration_token=token))
    # Back in a real browser reloads the form, so the second send carries a new token: the name
    # already registered in that country is what stops it, until the user says it is another company.
    again = dict(PROFILE_POST, legal_name="TARK LINN", status="prospect", registration_token=rendered_token(client))
    warned = client.post("/companies/new/", again)
    assert warned.status_code == 200 and Company.objects.count() == 2
    page = warned.content.decode()
    first = Company.objects.get(legal_name="Tark Linn OÜ")
    assert "Already registered under this name in EE:" in page and f'href="/companies/{first.pk}/"' in page
    assert 'name="register_anyway" value="yes"' in page and 'value="TARK LINN"' in page  # what was typed stays
    client.post("/companies/new/", dict(again, register_anyway="yes"))
    assert sorted(Company.objects.values_list("legal_name", flat=True)) == ["Kolmas Linn OÜ", "TARK LINN", "Tark Linn OÜ"]
