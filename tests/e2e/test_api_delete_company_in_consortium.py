"""DELETE /api/companies/{id} of a consortium member: a 422 naming the team, and nothing removed.
(It answered 500: the member row protects the company, and the ProtectedError reached the client.)"""

from __future__ import annotations

import pytest
from django.test import Client

from sme2go.accounts.models import AuditEvent
from sme2go.consortia.models import Consortium
from sme2go.registry.models import Company
from tests.e2e.api_client import call, token_for
from tests.e2e.test_consortia_save_and_status import save
from tests.integration.consortia_registry import small_registry

pytestmark = pytest.mark.django_db


def test_removing_a_consortium_member_is_refused_naming_the_team_and_nothing_is_removed(manager, advisor):
    companies = small_registry()
    save(Client(), advisor, companies)
    team = Consortium.objects.get()
    aqua = companies["aqua"]
    token = token_for(manager)
    audited = AuditEvent.objects.count()

    response = call("delete", f"/api/companies/{aqua.pk}", token=token)

    assert response.status_code == 422, response.content
    assert response.data == {
        "detail": f"Aqua Leak OÜ is a member of consortium 'Leak team' ({team.pk}): take it off the team "
                  "before removing the company; nothing was removed",
        "field": "company_id",
    }
    assert Company.objects.filter(pk=aqua.pk).exists()
    assert team.members.count() == 2
    assert AuditEvent.objects.count() == audited


def test_a_company_in_no_consortium_is_still_removed(manager, advisor):
    companies = small_registry()
    save(Client(), advisor, companies)
    response = call("delete", f"/api/companies/{companies['weak'].pk}", token=token_for(manager))
    assert response.status_code == 204
    assert not Company.objects.filter(pk=companies["weak"].pk).exists()
