"""Saving a proposed team as a consortium, its status transitions and history, and who may do what."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from sme2go.consortia.models import Consortium
from tests.integration.consortia_registry import LEAK, METER, small_registry

pytestmark = pytest.mark.django_db

QUERY = urlencode([("go", "1"), ("cap", LEAK), ("weight_" + LEAK, "3"), ("cap", METER), ("weight_" + METER, "2"),
                   ("min_size", "2"), ("max_size", "3"), ("cover_all", "on"), ("target_city", "Lusaka")])


def save(client, user, companies, names=("aqua", "meter"), lead="meter"):
    client.force_login(user)
    return client.post("/consortia/save/", {
        "query": QUERY, "member": [companies[n].pk for n in names], "lead": companies[lead].pk, "name": "Leak team",
    })


def test_it_saves_a_team_with_members_lead_target_and_history(client, advisor, partners):
    companies = small_registry()
    response = save(client, advisor, companies)
    consortium = Consortium.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/consortia/{consortium.pk}/"
    assert consortium.name == "Leak team" and consortium.status == "proposed"
    assert consortium.lead_company == companies["meter"] and consortium.target_city == "Lusaka"
    assert consortium.partner == partners["Tehnopol"]
    covers = {m.company.legal_name: (m.role, m.capabilities) for m in consortium.members.all()}
    assert covers == {"Aqua Leak OÜ": ("partner", [LEAK]), "Meter Oy": ("lead", [METER])}
    assert abs(consortium.score - (2.7 + 1.6 + 2.0 + 0.5 * (1 + 8 / 9) - 2)) < 1e-9
    page = client.get(f"/consortia/{consortium.pk}/").content.decode()
    assert "Leak team" in page and "Created" in page and "Mark agreed" in page
    assert "<dt>Formed by</dt><dd>Tehnopol · advisor-ee · " in page


def test_a_consortium_formed_by_the_programme_manager_says_so(client, manager):
    companies = small_registry()
    save(client, manager, companies)
    page = client.get(f"/consortia/{Consortium.objects.get().pk}/").content.decode()
    assert "<dt>Formed by</dt><dd>programme office · manager · " in page  # was "– ·"
    assert "Leak team" in client.get("/consortia/").content.decode()


def test_it_refuses_a_team_that_breaks_a_rule(client, advisor):
    companies = small_registry()
    response = save(client, advisor, companies, names=("aqua",), lead="aqua")
    assert response.status_code == 302 and response["Location"].startswith("/consortia/new/?")
    assert not Consortium.objects.exists()
    follow = client.get(response["Location"])
    assert "This team breaks a rule. Min size: 1 members, at least 2 needed." in follow.content.decode()


def test_it_moves_through_the_allowed_statuses_only(client, advisor):
    companies = small_registry()
    save(client, advisor, companies)
    consortium = Consortium.objects.get()
    url = f"/consortia/{consortium.pk}/status/"
    client.post(url, {"status": "won"})  # proposed -> won skips steps
    consortium.refresh_from_db()
    assert consortium.status == "proposed"
    page = client.get(f"/consortia/{consortium.pk}/").content.decode()
    assert "Status: cannot go from Proposed to Won" in page
    for step in ("agreed", "offer_submitted", "won"):
        client.post(url, {"status": step})
    consortium.refresh_from_db()
    assert consortium.status == "won"
    client.post(url, {"status": "lost", "confirmed": "yes"})
    consortium.refresh_from_db()
    assert consortium.status == "won", "a closed consortium stays closed"
    history = [(e.kind, e.from_status, e.to_status) for e in consortium.events.all()]
    assert history == [("created", "", "proposed"), ("status", "proposed", "agreed"),
                       ("status", "agreed", "offer_submitted"), ("status", "offer_submitted", "won")]


def test_only_programme_staff_may_save(client, company_user):
    companies = small_registry()
    assert save(client, company_user, companies).status_code == 403
    assert not Consortium.objects.exists()


def test_an_advisor_of_another_partner_may_not_change_the_status(client, advisor, other_advisor):
    companies = small_registry()
    save(client, advisor, companies)
    consortium = Consortium.objects.get()
    client.force_login(other_advisor)
    assert client.get(f"/consortia/{consortium.pk}/").status_code == 200
    assert "Mark agreed" not in client.get(f"/consortia/{consortium.pk}/").content.decode()
    assert client.post(f"/consortia/{consortium.pk}/status/", {"status": "agreed"}).status_code == 403
    consortium.refresh_from_db()
    assert consortium.status == "proposed"


def test_a_company_sees_only_consortia_it_belongs_to(client, advisor, django_user_model):
    from tests.conftest import make_user

    companies = small_registry()
    save(client, advisor, companies)
    consortium = Consortium.objects.get()
    member = make_user(django_user_model, "aqua-rep", role="company", company=companies["aqua"])
    outsider = make_user(django_user_model, "both-rep", role="company", company=companies["both"])
    client.force_login(member)
    assert client.get(f"/consortia/{consortium.pk}/").status_code == 200
    client.force_login(outsider)
    assert client.get(f"/consortia/{consortium.pk}/").status_code == 404
    assert "Leak team" not in client.get("/consortia/").content.decode()


def test_saving_the_same_rendered_proposal_twice_keeps_one_consortium(client, advisor):
    companies = small_registry()
    client.force_login(advisor)
    data = {"query": QUERY, "member": [companies["aqua"].pk, companies["meter"].pk], "name": "Leak team",
            "proposal_token": "0123456789abcdef0123456789abcdef"}
    first = client.post("/consortia/save/", data)
    again = client.post("/consortia/save/", data | {"name": "Leak team again"}, follow=True)
    consortium = Consortium.objects.get()
    assert first["Location"] == f"/consortia/{consortium.pk}/"
    assert again.redirect_chain[-1][0] == f"/consortia/{consortium.pk}/"
    assert "This proposal was already saved as “Leak team”." in again.content.decode()
    # The proposal page opened again later (another token): the same team for the same need is found too.
    later = client.post("/consortia/save/", data | {"proposal_token": "fedcba9876543210fedcba9876543210"},
                        follow=True)
    assert Consortium.objects.count() == 1
    assert "This proposal was already saved as “Leak team”." in later.content.decode()
    # Another team for the need is a new consortium; so is the same team once the first one is lost.
    bigger = [companies["aqua"].pk, companies["meter"].pk, companies["other"].pk]
    client.post("/consortia/save/", data | {"proposal_token": "", "member": bigger})
    assert Consortium.objects.count() == 2
    Consortium.objects.filter(name="Leak team").update(status="lost")
    client.post("/consortia/save/", data | {"proposal_token": ""})
    assert Consortium.objects.count() == 3


def test_statuses_are_shown_by_their_labels(client, advisor):
    companies = small_registry()
    save(client, advisor, companies)
    consortium = Consortium.objects.get()
    url = f"/consortia/{consortium.pk}/status/"
    html = client.post(url, {"status": "won"}, follow=True).content.decode()
    assert "Status: cannot go from Proposed to Won; allowed next: Agreed, Lost" in html
    client.post(url, {"status": "agreed"})
    html = client.post(url, {"status": "offer_submitted"}, follow=True).content.decode()
    assert "Status changed: Proposed → Agreed" in html and "Status changed: Agreed → Offer submitted" in html
    assert "offer_submitted" not in html.split("<h2>History</h2>", 1)[1]


def test_marking_lost_asks_for_a_confirmation_first(client, advisor):
    companies = small_registry()
    save(client, advisor, companies)
    consortium = Consortium.objects.get()
    page = f"/consortia/{consortium.pk}/"
    response = client.post(f"{page}status/", {"status": "lost"})
    consortium.refresh_from_db()
    assert consortium.status == "proposed"
    assert response["Location"] == f"{page}?confirm=lost"
    html = client.get(response["Location"]).content.decode()
    assert "Mark this consortium lost?" in html and "Yes, mark lost" in html
    client.post(f"{page}status/", {"status": "lost", "confirmed": "yes"})
    consortium.refresh_from_db()
    assert consortium.status == "lost"


def test_a_default_name_names_the_capabilities(client, advisor):
    companies = small_registry()
    client.force_login(advisor)
    client.post("/consortia/save/", {"query": QUERY, "member": [companies["aqua"].pk, companies["meter"].pk],
                                     "lead": companies["aqua"].pk})
    assert Consortium.objects.get().name == "Aqua Leak OÜ team for Leak detection, Smart water metering"
