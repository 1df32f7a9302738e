"""A company representative on the consortium pages: nothing offered that leads nowhere, no links to 404s."""

from __future__ import annotations

import re

import pytest

from sme2go.consortia.models import Consortium
from tests.conftest import make_user
from tests.e2e.test_consortia_save_and_status import save
from tests.integration.consortia_registry import small_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def aqua_rep(django_user_model):
    companies = small_registry()
    return companies, make_user(django_user_model, "aqua-rep", role="company", company=companies["aqua"])


def test_the_list_offers_proposing_only_to_programme_staff(client, advisor, aqua_rep):
    companies, rep = aqua_rep
    save(client, advisor, companies)
    assert "Propose consortia for a need" in client.get("/consortia/").content.decode()
    client.force_login(rep)
    html = client.get("/consortia/").content.decode()
    assert "Leak team" in html
    assert "Propose consortia for a need" not in html and 'href="/consortia/new/"' not in html


def test_every_company_link_on_the_consortium_page_opens_for_a_company_user(client, advisor, aqua_rep):
    companies, rep = aqua_rep
    save(client, advisor, companies)
    consortium = Consortium.objects.get()
    client.force_login(rep)
    html = client.get(f"/consortia/{consortium.pk}/").content.decode()
    links = re.findall(r'href="(/companies/\d+/)"', html)
    assert links == [f"/companies/{companies['aqua'].pk}/"]
    assert "Meter Oy" in html, "other members are named, without a link"
    for link in links:
        assert client.get(link).status_code == 200
    client.force_login(advisor)
    html = client.get(f"/consortia/{consortium.pk}/").content.decode()
    assert f'href="/companies/{companies["meter"].pk}/"' in html


def test_the_proposal_page_tells_a_company_user_it_only_sees_its_own_company(client, aqua_rep):
    _, rep = aqua_rep
    client.force_login(rep)
    html = client.get("/consortia/new/").content.decode()
    assert "only your own company" in html
