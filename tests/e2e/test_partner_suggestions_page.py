"""Partner suggestions in the product: complete a team or a saved consortium, with reasons, for staff only."""

from __future__ import annotations

import io

import pytest

from sme2go.accounts.models import ApiToken
from sme2go.collaboration.completion import forget_history
from sme2go.collaboration.models import CompanyPic
from sme2go.collaboration.services import import_participations
from sme2go.consortia.models import Consortium, ConsortiumMember
from sme2go.registry.models import Company
from tests.e2e.registry_pages import client_for

pytestmark = pytest.mark.django_db

HEADER = "rcn,role,pic,type,country,start_year\n"
# 1 and 2: Aqua and Volt work together, Gata joins them in 2; 3: Meri works with the German institute
# that was in 1 (a partner of a partner); 4: Sola works alone.
ROWS = """1,coordinator,0111,PRC,EE,2016
1,participant,0222,PRC,FI,2016
1,participant,0333,REC,DE,2016
2,coordinator,0111,PRC,EE,2017
2,participant,0222,PRC,FI,2017
2,participant,0444,PRC,SE,2017
3,coordinator,0333,REC,DE,2017
3,participant,0555,PRC,SE,2017
4,coordinator,0666,PRC,EE,2017
"""


@pytest.fixture
def registry(db):
    forget_history()
    made = {}
    for key, name, country, pic in (
        ("aqua", "Aqua Sense OÜ", "EE", "0111"), ("volt", "Volttiväylä Oy", "FI", "0222"),
        ("gata", "Gata AB", "SE", "0444"), ("meri", "Meri AB", "SE", "0555"),
        ("sola", "Sola OÜ", "EE", "0666"), ("new", "Uusi Oy", "FI", None),
    ):
        made[key] = Company.objects.create(legal_name=name, country=country)
        if pic:
            CompanyPic.objects.create(company=made[key], pic=pic)
    import_participations(participations=io.StringIO(HEADER + ROWS))
    yield made
    forget_history()


def consortium(members, status="proposed", name="Leak team"):
    c = Consortium.objects.create(name=name, status=status, lead_company=members[0])
    for i, company in enumerate(members):
        ConsortiumMember.objects.create(consortium=c, company=company, role="lead" if i == 0 else "partner")
    return c


def names(response) -> list[str]:
    return [s.company.legal_name for s in response.context["completion"].suggestions]


def test_it_puts_first_the_company_that_worked_with_the_team_and_says_why(registry, advisor):
    team = f"{registry['aqua'].pk},{registry['volt'].pk}"
    response = client_for(advisor).get(f"/consortia/suggest/?company={team}")
    assert response.status_code == 200
    assert names(response) == ["Gata AB", "Meri AB", "Sola OÜ"]  # worked with both; partner of a partner; alone
    gata = response.context["completion"].suggestions[0]
    assert "tied to Aqua Sense OÜ: 1 CORDIS project" in gata.reasons
    # Gata was in one project with both members: one shared project, as many as it has in the history.
    assert "worked with 2 of the members in 1 shared project" in gata.reasons
    assert "1 project in the history" in gata.reasons
    assert "partner of a partner of the members" in response.context["completion"].suggestions[1].reasons
    page = response.content.decode()
    assert "Gata AB" in page and "worked with 2 of the members" in page
    assert "Uusi Oy" not in page  # no PIC, no agreed consortium: no history to learn from


def test_it_completes_a_saved_consortium_from_its_page(registry, advisor):
    saved = consortium([registry["aqua"], registry["volt"]])
    client = client_for(advisor)
    assert f"/consortia/{saved.pk}/suggest/" in client.get(f"/consortia/{saved.pk}/").content.decode()
    response = client.get(f"/consortia/{saved.pk}/suggest/?k=1")
    assert names(response) == ["Gata AB"]
    assert "Who could complete Leak team" in response.content.decode()


def test_it_learns_from_consortia_agreed_in_sme2go(registry, manager):
    client = client_for(manager)
    url = f"/consortia/suggest/?company={registry['sola'].pk}"
    assert "Uusi Oy" not in names(client.get(url))
    consortium([registry["sola"], registry["new"]], status="agreed", name="Agreed before")
    response = client.get(url)
    assert names(response)[0] == "Uusi Oy"
    assert "tied to Sola OÜ: 1 consortium formed in sme2go" in response.context["completion"].suggestions[0].reasons


def test_it_suggests_only_companies_of_the_asked_countries(registry, advisor):
    response = client_for(advisor).get(f"/consortia/suggest/?company={registry['aqua'].pk}&countries=se")
    assert names(response) == ["Gata AB", "Meri AB"]


def test_it_names_the_field_of_a_bad_request(registry, advisor):
    client = client_for(advisor)
    response = client.get("/consortia/suggest/?company=abc")
    assert response.status_code == 400
    assert "Team: no company you may see is named like &#x27;abc&#x27;" in response.content.decode()
    response = client.get(f"/consortia/suggest/?company={registry['aqua'].pk}&k=0")
    assert response.status_code == 400
    assert "How many: must be a whole number between 1 and 50, got 0" in response.content.decode()
    response = client.get(f"/consortia/suggest/?company={registry['aqua'].pk}&k=ten")
    assert response.status_code == 400
    assert response.context["error"] == "How many: must be a whole number between 1 and 50, got 'ten'"
    response = client.get(f"/consortia/suggest/?company={registry['aqua'].pk}&k=²")  # a digit, but not 0-9
    assert response.status_code == 400 and response.context["error"].startswith("How many: must be a whole number")
    assert len(names(client.get(f"/consortia/suggest/?company={registry['aqua'].pk}&k="))) == 4  # empty: 10
    saved = consortium([registry["aqua"], registry["volt"]])
    response = client.get(f"/consortia/{saved.pk}/suggest/?k=51")
    assert response.context["error"] == "How many: must be a whole number between 1 and 50, got 51"
    response = client.get("/consortia/suggest/?company=999999")
    assert response.status_code == 400 and "Team: no company 999999 that you may see" in response.content.decode()


def test_the_team_can_be_typed_as_names_one_per_line(registry, advisor):
    client = client_for(advisor)
    typed = "aqua sense oü\nVolttiväylä"  # an exact name in another case, and the only name containing a word
    response = client.get("/consortia/suggest/", {"company": typed})
    assert response.status_code == 200
    assert names(response) == ["Gata AB", "Meri AB", "Sola OÜ"]  # the same team as by ids
    page = response.content.decode()
    # The field now shows each member as "name (id)", which the next search reads back unchanged.
    shown = f"Aqua Sense OÜ ({registry['aqua'].pk})\nVolttiväylä Oy ({registry['volt'].pk})"
    assert shown in response.context["team"] and "Aqua Sense OÜ (" in page
    again = client.get("/consortia/suggest/", {"company": shown, "k": "1"})
    assert names(again) == ["Gata AB"]


def test_an_ambiguous_name_lists_the_candidates_and_suggests_nothing(registry, advisor):
    response = client_for(advisor).get("/consortia/suggest/", {"company": "AB"})
    assert response.status_code == 400
    assert "completion" not in response.context
    error = response.context["error"]
    assert error.startswith("Team: 'AB' matches ")
    assert f"Gata AB ({registry['gata'].pk})" in error and f"Meri AB ({registry['meri'].pk})" in error


def test_every_ambiguous_name_of_the_team_is_reported_at_once(registry, advisor):
    response = client_for(advisor).get("/consortia/suggest/", {"company": "AB\nVolttiväylä\nOÜ\nNobody Oy"})
    assert response.status_code == 400 and "completion" not in response.context
    lines = response.context["error"].splitlines()
    assert len(lines) == 3 and all(line.startswith("Team: ") for line in lines)
    assert lines[0].startswith("Team: 'AB' matches Gata AB")
    assert lines[1].startswith("Team: 'OÜ' matches Aqua Sense OÜ") and "Sola OÜ" in lines[1]
    assert lines[2] == "Team: no company you may see is named like 'Nobody Oy'"
    page = response.content.decode()
    assert "Gata AB" in page and "Sola OÜ" in page and "<br>" in page  # one line each on the page


def test_company_users_get_no_suggestions(registry, company_user, ee_company):
    saved = consortium([ee_company, registry["aqua"]])
    client = client_for(company_user)
    assert client.get(f"/consortia/{saved.pk}/").status_code == 200
    assert "/suggest/" not in client.get(f"/consortia/{saved.pk}/").content.decode()
    assert client.get(f"/consortia/{saved.pk}/suggest/").status_code == 403
    assert client.get(f"/consortia/suggest/?company={ee_company.pk}").status_code == 403


def test_the_api_answers_the_same_as_the_page(registry, advisor, company_user):
    token = ApiToken.issue(user=advisor, name="t")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = client_for(advisor)
    body = {"company_ids": [registry["aqua"].pk, registry["volt"].pk], "k": 2}
    response = client.post("/api/partner-suggestions", body, content_type="application/json", **auth)
    assert response.status_code == 200
    data = response.json()
    assert [s["company"] for s in data["suggestions"]] == ["Gata AB", "Meri AB"]
    assert data["members_with_history"] == 2 and data["candidates"] == 3
    assert any("tied to Volttiväylä Oy" in r for r in data["suggestions"][0]["reasons"])
    saved = consortium([registry["aqua"], registry["volt"]])
    response = client.get(f"/api/consortia/{saved.pk}/partner-suggestions?k=1", **auth)
    assert [s["company"] for s in response.json()["suggestions"]] == ["Gata AB"]
    bad = client.post("/api/partner-suggestions", {"company_ids": []}, content_type="application/json", **auth)
    assert bad.status_code == 422 and bad.json()["field"] == "company_ids"
    company_token = ApiToken.issue(user=company_user, name="c")[1]
    denied = client_for(company_user).post(
        "/api/partner-suggestions", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {company_token}"
    )
    assert denied.status_code == 403
    from django.test import Client
    assert Client().post("/api/partner-suggestions", body, content_type="application/json").status_code == 401


def test_a_proposed_team_links_to_its_suggestions(client, advisor):
    from tests.e2e.test_consortia_proposal_page import page
    from tests.integration.consortia_registry import small_registry

    companies = small_registry()
    html = page(client, advisor).content.decode()
    team = {companies["aqua"].pk, companies["meter"].pk}
    links = [part.split('"')[0] for part in html.split('href="/consortia/suggest/?company=')[1:]]
    assert {int(i) for i in links[0].split(",")} == team
    assert client.get(f"/consortia/suggest/?company={links[0]}").status_code == 200


def test_staff_add_a_suggested_company_to_the_consortium_in_one_click(registry, manager):
    saved = consortium([registry["aqua"], registry["volt"]])
    client = client_for(manager)
    html = client.get(f"/consortia/{saved.pk}/suggest/?k=1").content.decode()
    assert 'aria-label="Add Gata AB to Leak team"' in html
    response = client.post(f"/consortia/{saved.pk}/members/", {"add": registry["gata"].pk}, follow=True)
    assert set(saved.members.values_list("company__legal_name", flat=True)) == {
        "Aqua Sense OÜ", "Volttiväylä Oy", "Gata AB"
    }
    assert "Added Gata AB." in response.content.decode()


def test_after_adding_from_the_suggestions_the_next_suggestions_follow(registry, manager):
    saved = consortium([registry["aqua"], registry["volt"]])
    client = client_for(manager)
    html = client.get(f"/consortia/{saved.pk}/suggest/?k=2&countries=SE").content.decode()
    assert 'name="then" value="suggest"' in html and 'name="k" value="2"' in html
    response = client.post(
        f"/consortia/{saved.pk}/members/",
        {"add": registry["gata"].pk, "then": "suggest", "k": "2", "countries": "SE"}, follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/consortia/{saved.pk}/suggest/?k=2&countries=SE"
    assert "Added Gata AB." in response.content.decode()
    assert names(response) == ["Meri AB"]  # Gata is a member now; the next Swedish suggestion is left


def test_no_add_button_for_a_closed_consortium_or_someone_who_may_not_change_it(registry, advisor, manager):
    open_team = consortium([registry["aqua"], registry["volt"]])
    # The advisor's partner did not form it: suggestions yes, adding no.
    html = client_for(advisor).get(f"/consortia/{open_team.pk}/suggest/?k=1").content.decode()
    assert "Gata AB" in html and "Add to team" not in html
    won = consortium([registry["aqua"], registry["volt"]], status="won", name="Won team")
    html = client_for(manager).get(f"/consortia/{won.pk}/suggest/?k=1").content.decode()
    assert "Gata AB" in html and "Add to team" not in html


@pytest.mark.parametrize("asked", ["Estonia", "XX"])
def test_a_country_that_is_not_a_two_letter_code_is_refused_by_name(registry, manager, asked):
    saved = consortium([registry["aqua"], registry["volt"]])
    client = client_for(manager)
    response = client.get(f"/consortia/{saved.pk}/suggest/", {"countries": f"se, {asked}"})
    assert response.status_code == 400 and "completion" not in response.context
    assert response.context["error"] == f"Countries: '{asked}' is not a two-letter country code (EE, FI, SE, …)"
    assert "no other company you may see has collaboration history" not in response.content.decode()
    response = client.get("/consortia/suggest/", {"company": registry["aqua"].pk, "countries": asked})
    assert response.status_code == 400 and response.context["error"].startswith(f"Countries: '{asked}' is not")
    token = ApiToken.issue(user=manager, name="t")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = {"company_ids": [registry["aqua"].pk], "countries": [asked]}
    bad = client.post("/api/partner-suggestions", body, content_type="application/json", **auth)
    assert bad.status_code == 422 and bad.json()["field"] == "countries" and asked in bad.json()["detail"]
    bad = client.get(f"/api/consortia/{saved.pk}/partner-suggestions?countries={asked}", **auth)
    assert bad.status_code == 422 and bad.json()["field"] == "countries"


def test_the_countries_field_says_it_wants_two_letter_codes(registry, advisor):
    response = client_for(advisor).get(f"/consortia/suggest/?company={registry['aqua'].pk}&countries=se+ fi")
    assert response.status_code == 200 and "Countries (two-letter codes)" in response.content.decode()
    assert {s.company.country for s in response.context["completion"].suggestions} == {"SE", "FI"}


def test_a_line_of_names_separated_by_commas_is_the_team(registry, advisor):
    client = client_for(advisor)
    response = client.get("/consortia/suggest/", {"company": "aqua sense ou, Volttivayla"})  # no accents either
    assert response.status_code == 200
    assert names(response) == ["Gata AB", "Meri AB", "Sola OÜ"]
    assert response.context["team"] == f"Aqua Sense OÜ ({registry['aqua'].pk})\nVolttiväylä Oy ({registry['volt'].pk})"
    response = client.get("/consortia/suggest/", {"company": "Aqua Sense OÜ, Nobody Oy"})
    assert response.status_code == 400
    assert response.context["error"] == "Team: no company you may see is named like 'Nobody Oy'"


def test_an_empty_team_says_what_is_missing(registry, advisor):
    client = client_for(advisor)
    response = client.get("/consortia/suggest/", {"company": "  \n", "countries": "", "k": "10"})
    assert response.status_code == 400 and "completion" not in response.context
    assert "Team: give at least one company" in response.content.decode()
    first_visit = client.get("/consortia/suggest/")
    assert first_visit.status_code == 200 and "error" not in first_visit.context


def test_a_suggestion_is_added_to_an_unsaved_team_by_its_link(registry, advisor):
    client = client_for(advisor)
    aqua, volt, gata = registry["aqua"].pk, registry["volt"].pk, registry["gata"].pk
    response = client.get("/consortia/suggest/", {"company": str(aqua), "countries": "SE, FI", "k": "5"})
    links = response.context["add_links"]
    assert set(links) == {s.company.pk for s in response.context["completion"].suggestions}
    assert links[gata] == f"/consortia/suggest/?company={aqua}%2C{gata}&countries=SE%2C+FI&k=5"
    assert 'aria-label="Add Gata AB to the team"' in response.content.decode()
    grown = client.get(links[gata])
    assert {m.pk for m in grown.context["completion"].members} == {aqua, gata}
    assert grown.context["countries"] == "SE, FI" and grown.context["k"] == "5"
    assert "Gata AB" not in names(grown)
    assert f"Gata AB ({gata})" in grown.context["team"]
    again = client.get(grown.context["add_links"][volt])
    assert {m.pk for m in again.context["completion"].members} == {aqua, gata, volt}


def test_a_grown_team_can_be_proposed_as_consortia_with_its_companies_locked(registry, advisor):
    client = client_for(advisor)
    aqua, gata = registry["aqua"].pk, registry["gata"].pk
    response = client.get("/consortia/suggest/", {"company": f"{aqua},{gata}"})
    assert response.context["propose_url"] == f"/consortia/new/?lock={aqua}&lock={gata}"
    html = response.content.decode()
    assert f'<a href="/consortia/new/?lock={aqua}&amp;lock={gata}">Propose consortia with this team</a>' in html
    proposal = client.get(response.context["propose_url"]).content.decode()
    assert "Locked: Aqua Sense OÜ" in proposal and "Locked: Gata AB" in proposal


def test_the_proposal_link_is_only_for_those_who_may_form_consortia(registry, advisor, monkeypatch):
    from sme2go.accounts import scoping

    monkeypatch.setattr(scoping, "can_form_consortia", lambda user: False)
    response = client_for(advisor).get("/consortia/suggest/", {"company": registry["aqua"].pk})
    assert response.status_code == 200 and "propose_url" not in response.context
    assert "Propose consortia with this team" not in response.content.decode()


def test_a_saved_consortium_page_has_no_proposal_link(registry, manager):
    saved = consortium([registry["aqua"], registry["volt"]])
    html = client_for(manager).get(f"/consortia/{saved.pk}/suggest/").content.decode()
    assert "Gata AB" in html and "Propose consortia with this team" not in html


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"company_ids": ["AQUA"], "countires": ["EE"]}, "countires"),  # a typo is not silently ignored
        ({"company_ids": ["AQUA"], "k": "5"}, "k"),
        ({"company_ids": ["AQUA"], "k": True}, "k"),
        ({"company_ids": ["AQUA"], "k": 2.0}, "k"),
        ({"company_ids": [True]}, "company_ids[0]"),  # not company 1
        ({"company_ids": ["AQUA", "12"]}, "company_ids[1]"),
        ({"company_ids": ["AQUA"], "countries": [1]}, "countries[0]"),
        ({"company_ids": ["AQUA"], "countries": "EE"}, "countries"),
    ],
)
def test_the_api_refuses_unknown_fields_and_values_of_the_wrong_type_naming_the_field(
    registry, manager, body, field
):
    token = ApiToken.issue(user=manager, name="t")[1]
    body = {key: [registry["aqua"].pk if v == "AQUA" else v for v in value] if isinstance(value, list) else value
            for key, value in body.items()}
    response = client_for(manager).post(
        "/api/partner-suggestions", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 422, response.json()
    assert response.json()["field"] == field


def test_the_api_still_takes_a_well_typed_team(registry, manager):
    token = ApiToken.issue(user=manager, name="t")[1]
    body = {"company_ids": [registry["aqua"].pk], "k": 5, "countries": ["se"]}
    response = client_for(manager).post(
        "/api/partner-suggestions", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    assert [s["company"] for s in response.json()["suggestions"]] == ["Gata AB", "Meri AB"]


def test_a_company_user_cannot_tell_that_another_companys_consortium_exists(registry, company_user):
    others = consortium([registry["aqua"], registry["volt"]])
    client = client_for(company_user)
    assert client.get(f"/consortia/{others.pk}/").status_code == 404
    assert client.get(f"/consortia/{others.pk}/suggest/").status_code == 404  # was 403: "it exists"
    assert client.get(f"/consortia/{others.pk + 1000}/suggest/").status_code == 404


def test_a_consortium_without_a_target_city_shows_its_country_alone(registry, advisor):
    saved = consortium([registry["aqua"], registry["volt"]])
    saved.target_country = "Lesotho"
    saved.save(update_fields=["target_country"])
    page = client_for(advisor).get(f"/consortia/{saved.pk}/").content.decode()
    assert "<dt>Target</dt><dd>Lesotho</dd>" in page  # was "–, Lesotho"
