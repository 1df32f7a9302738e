"""Companies through the API, for each role: who reads what, who changes what."""

from __future__ import annotations

import pytest

from sme2go.registry.models import Company
from tests.e2e.api_client import call, token_for


@pytest.fixture
def tokens(manager, advisor, other_advisor, company_user, ee_company, fi_company) -> dict[str, str]:
    return {
        "manager": token_for(manager),
        "advisor": token_for(advisor),
        "other_advisor": token_for(other_advisor),
        "company_user": token_for(company_user),
    }


def names(response) -> list[str]:
    return [item["legal_name"] for item in response.data["items"]]


@pytest.mark.parametrize("role", ["manager", "advisor", "other_advisor"])
def test_the_programme_reads_every_company(tokens, role):
    response = call("get", "/api/companies", token=tokens[role])
    assert response.status_code == 200
    assert names(response) == ["Aqua Sense OÜ", "Volttiväylä Oy"]


def test_a_company_user_reads_only_their_own_company(tokens, ee_company, fi_company):
    assert names(call("get", "/api/companies", token=tokens["company_user"])) == ["Aqua Sense OÜ"]
    own = call("get", f"/api/companies/{ee_company.pk}", token=tokens["company_user"])
    assert own.status_code == 200
    assert "Aqua Sense OÜ".encode() in own.content  # UTF-8 as it is, not \u escapes
    assert own.data["partners"][0]["short_name"] == "Tehnopol"
    # Another company answers exactly like a company that does not exist.
    other = call("get", f"/api/companies/{fi_company.pk}", token=tokens["company_user"])
    missing = call("get", "/api/companies/999999", token=tokens["company_user"])
    assert other.status_code == missing.status_code == 404
    assert other.data["detail"] == f"company {fi_company.pk} not found"


def test_an_advisor_registers_a_company_supported_by_their_partner(tokens):
    response = call("post", "/api/companies", token=tokens["advisor"], body={
        "legal_name": "Tark Linn OÜ", "country": "ee", "city": "Tartu", "nace_codes": ["62.01"], "size_band": "small",
    })
    assert response.status_code == 201, response.data
    assert response.data["country"] == "EE"
    assert [p["short_name"] for p in response.data["partners"]] == ["Tehnopol"]
    assert Company.objects.get(pk=response.data["id"]).city == "Tartu"


def test_a_company_user_may_not_register_companies(tokens):
    response = call("post", "/api/companies", token=tokens["company_user"], body={"legal_name": "X Oy", "country": "FI"})
    assert response.status_code == 403
    assert not Company.objects.filter(legal_name="X Oy").exists()


def test_an_advisor_changes_their_partners_company_but_not_another_partners(tokens, ee_company, fi_company):
    own = call("patch", f"/api/companies/{ee_company.pk}", token=tokens["advisor"], body={"city": "Tartu"})
    assert own.status_code == 200
    assert own.data["city"] == "Tartu"
    assert own.data["legal_name"] == "Aqua Sense OÜ"  # fields not sent stay as they were

    other = call("patch", f"/api/companies/{fi_company.pk}", token=tokens["advisor"], body={"city": "Tartu"})
    assert other.status_code == 403
    fi_company.refresh_from_db()
    assert fi_company.city == "Turku"


def test_a_company_user_edits_their_profile_but_not_the_programme_status(tokens, ee_company, fi_company):
    profile = call("patch", f"/api/companies/{ee_company.pk}", token=tokens["company_user"],
                   body={"description": "Leak detection for water utilities"})
    assert profile.status_code == 200
    status = call("patch", f"/api/companies/{ee_company.pk}", token=tokens["company_user"], body={"status": "active"})
    assert status.status_code == 403
    assert "status" in status.data["detail"]
    other = call("patch", f"/api/companies/{fi_company.pk}", token=tokens["company_user"], body={"city": "Espoo"})
    assert other.status_code == 404
    ee_company.refresh_from_db()
    assert ee_company.status == "prospect"


def test_only_the_manager_removes_a_company(tokens, ee_company, fi_company):
    assert call("delete", f"/api/companies/{ee_company.pk}", token=tokens["advisor"]).status_code == 403
    assert call("delete", f"/api/companies/{ee_company.pk}", token=tokens["company_user"]).status_code == 403
    assert call("delete", f"/api/companies/{fi_company.pk}", token=tokens["company_user"]).status_code == 404
    assert Company.objects.count() == 2
    assert call("delete", f"/api/companies/{ee_company.pk}", token=tokens["manager"]).status_code == 204
    assert list(Company.objects.values_list("legal_name", flat=True)) == ["Volttiväylä Oy"]
    assert call("get", f"/api/companies/{ee_company.pk}", token=tokens["manager"]).status_code == 404


def test_it_filters_and_paginates_the_list(manager, partners):
    token = token_for(manager)
    for number in range(30):
        country = "EE" if number % 2 else "FI"
        company = Company.objects.create(
            legal_name=f"Firma {number:02d}", country=country, city="Narva" if number < 5 else "Oulu",
            status="active" if number % 3 == 0 else "prospect",
        )
        company.partners.add(partners["Tehnopol"] if country == "EE" else partners["Turku"])

    first = call("get", "/api/companies?page_size=10", token=token)
    assert (first.data["count"], first.data["pages"], len(first.data["items"])) == (30, 3, 10)
    last = call("get", "/api/companies?page_size=10&page=3", token=token)
    assert names(last)[-1] == "Firma 29"
    assert not set(names(first)) & set(names(last))

    assert call("get", "/api/companies?q=narva", token=token).data["count"] == 5
    assert call("get", "/api/companies?country=ee", token=token).data["count"] == 15
    assert call("get", "/api/companies?partner=Turku", token=token).data["count"] == 15
    assert call("get", f"/api/companies?partner={partners['Turku'].pk}", token=token).data["count"] == 15
    assert call("get", "/api/companies?status=active", token=token).data["count"] == 10
    assert call("get", "/api/companies?q=narva&country=EE", token=token).data["count"] == 2


def test_it_filters_by_capability_or_theme(manager, ee_company, fi_company):
    token = token_for(manager)
    call("post", f"/api/companies/{ee_company.pk}/solutions", token=token, body={
        "name": "LeakSense", "capabilities": [{"capability_id": "water.leak-detection", "level": 0.9}],
    })
    by_capability = call("get", "/api/companies?capability=water.leak-detection", token=token)
    assert names(by_capability) == ["Aqua Sense OÜ"]
    assert names(call("get", "/api/companies?capability=water", token=token)) == ["Aqua Sense OÜ"]
    assert call("get", "/api/companies?capability=energy", token=token).data["count"] == 0
    assert names(call("get", "/api/companies?country=ee", token=token)) == ["Aqua Sense OÜ"]


@pytest.mark.parametrize(("query", "field"), [
    ("capability=water.xyz", "capability"),
    ("country=Estonia", "country"),  # was 200 with no company at all
    ("partner=Nowhere", "partner"),
    ("status=sleeping", "status"),
    ("page=0", "page"),
    ("page_size=1000", "page_size"),
])
def test_a_bad_filter_is_named(manager, query, field):
    response = call("get", f"/api/companies?{query}", token=token_for(manager))
    assert response.status_code == 422
    assert response.data["field"] == field
