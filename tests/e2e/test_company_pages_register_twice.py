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
    client.post("/companies/new/", dict(PROFILE_POST, legal_name="Tark Linn OÜ", status="prospect",
                                        registration_token=rendered_token(client)))
    assert sorted(Company.objects.values_list("legal_name", flat=True)) == ["Kolmas Linn OÜ", "Tark Linn OÜ", "Tark Linn OÜ"]
