"""Two scripts changing the same record: If-Match with the ETag read refuses a change over someone else's."""

from __future__ import annotations

import pytest

from sme2go.registry.models import Company, Contact, Solution
from tests.e2e.api_client import call, token_for


@pytest.fixture
def token(advisor) -> str:
    return token_for(advisor)


def test_a_change_over_someone_elses_is_refused_with_412_and_nothing_is_saved(token, ee_company):
    read = call("get", f"/api/companies/{ee_company.pk}", token=token)
    etag = read.headers["ETag"]
    assert etag.startswith('"') and len(etag) > 10
    other = call("patch", f"/api/companies/{ee_company.pk}", token=token, body={"city": "Pärnu"})
    assert other.status_code == 200 and other.headers["ETag"] != etag
    mine = call("patch", f"/api/companies/{ee_company.pk}", token=token, body={"city": "Narva"}, If_Match=etag)
    assert mine.status_code == 412, mine.data
    assert mine.data["detail"].startswith(f"company {ee_company.pk} was changed since you read it")
    assert other.headers["ETag"] in mine.data["detail"]
    assert Company.objects.get(pk=ee_company.pk).city == "Pärnu"
    again = call("patch", f"/api/companies/{ee_company.pk}", token=token, body={"city": "Narva"},
                 If_Match=other.headers["ETag"])
    assert again.status_code == 200 and again.data["city"] == "Narva"


def test_without_if_match_a_change_is_saved_as_before(token, ee_company):
    call("patch", f"/api/companies/{ee_company.pk}", token=token, body={"city": "Pärnu"})
    assert call("patch", f"/api/companies/{ee_company.pk}", token=token, body={"city": "Narva"},
                If_Match="*").status_code == 200
    assert Company.objects.get(pk=ee_company.pk).city == "Narva"


def test_solutions_and_contacts_take_if_match_too(token, ee_company):
    solution = Solution.objects.create(company=ee_company, name="LeakSense", trl=7)
    contact = Contact.objects.create(company=ee_company, name="Liis Tamm")
    for path, change, field, stored in (
        (f"/api/solutions/{solution.pk}", {"trl": 8}, "trl", lambda: Solution.objects.get(pk=solution.pk).trl),
        (f"/api/contacts/{contact.pk}", {"role": "CEO"}, "role", lambda: Contact.objects.get(pk=contact.pk).role),
    ):
        etag = call("get", path, token=token).headers["ETag"]
        assert call("patch", path, token=token, body=change).status_code == 200
        before = stored()
        late = call("patch", path, token=token, body={field: change[field]}, If_Match=etag)
        assert late.status_code == 412 and "was changed since you read it" in late.data["detail"]
        assert stored() == before
        weak = call("get", path, token=token).headers["ETag"]
        assert call("patch", path, token=token, body=change, If_Match=f"W/{weak}").status_code == 200


def test_the_schema_documents_the_412(token):
    schema = call("get", "/api/openapi.json", token=token).data
    assert "412" in schema["paths"]["/api/companies/{company_id}"]["patch"]["responses"]
