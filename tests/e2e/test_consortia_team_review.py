"""After each member change the consortium page recomputes who covers what and warns about broken rules."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from sme2go.consortia.models import Consortium
from tests.conftest import make_user
from tests.e2e.test_consortia_save_and_status import QUERY, save
from tests.integration.consortia_registry import LEAK, METER, small_registry

pytestmark = pytest.mark.django_db


def covers(html):
    """Company -> its Covers cell, as the members table shows them."""
    table = html.split('<table class="members">', 1)[1].split("</table>", 1)[0]
    return {name: cell for name, cell in re.findall(r"<tr><td>(?:<a [^>]*>)?([^<]+)(?:</a>)?</td>.*?<td class=\"covers\">(.*?)</td>", table, re.S)}


def warnings(html):
    section = re.search(r'<ul class="team-warnings"[^>]*>(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", section.group(1), re.S) if section else []


def test_covers_are_recomputed_after_each_member_change(client, advisor):
    companies = small_registry()
    save(client, advisor, companies, lead="aqua")
    consortium = Consortium.objects.get()
    url, page = f"/consortia/{consortium.pk}/members/", f"/consortia/{consortium.pk}/"
    client.post(url, {"add": companies["both"].pk})  # Aqua and Meter cover both capabilities better
    assert covers(client.get(page).content.decode())["Both AB"] == "–"
    client.post(url, {"remove": companies["meter"].pk})  # now Both AB is the best at metering
    assert covers(client.get(page).content.decode())["Both AB"] == "Smart water metering"
    client.post(url, {"add": companies["meter"].pk})  # Meter is back, and covers metering again
    html = client.get(page).content.decode()
    assert covers(html)["Meter Oy"] == "Smart water metering" and covers(html)["Both AB"] == "–"
    stored = {m.company.legal_name: m.capabilities for m in consortium.members.all()}
    assert stored == {"Aqua Leak OÜ": [LEAK], "Meter Oy": [METER], "Both AB": []}


def test_a_change_that_breaks_a_rule_is_made_and_warned_about(client, advisor):
    companies = small_registry()
    save(client, advisor, companies, lead="aqua")  # rules: 2-3 members, cover every capability
    consortium = Consortium.objects.get()
    url, page = f"/consortia/{consortium.pk}/members/", f"/consortia/{consortium.pk}/"
    assert warnings(client.get(page).content.decode()) == []
    response = client.post(url, {"remove": companies["meter"].pk}, follow=True)
    html = response.content.decode()
    assert "Removed Meter Oy. Smart water metering is no longer covered." in html
    assert warnings(html) == ["1 member: below Min size 2", "1 country (EE): below Min countries 2",
                              "Smart water metering is not covered: no member has a fit of at least 0.3"]
    for key in ("meter", "both", "weak"):
        client.post(url, {"add": companies[key].pk})
    html = client.get(page).content.decode()
    assert consortium.members.count() == 4, "the team is the advisor's decision"
    assert warnings(html) == ["4 members: above Max size 3"]
    client.post(f"/consortia/{consortium.pk}/status/", {"status": "lost", "confirmed": "yes"})
    assert warnings(client.get(page).content.decode()) == [], "a closed team is history, not advice"


def flash(response):
    """The messages shown after the request (the last page of a followed redirect)."""
    return [str(m) for m in response.context["messages"]]


def test_the_message_after_a_change_carries_the_warnings_of_the_consortium_page(client, advisor):
    companies = small_registry()
    save(client, advisor, companies, lead="aqua")  # rules: 2-3 members
    consortium = Consortium.objects.get()
    client.get(f"/consortia/{consortium.pk}/")  # "Saved consortium …" shown
    url = f"/consortia/{consortium.pk}/members/"
    client.post(url, {"add": companies["both"].pk}, follow=True)  # shows (and so consumes) its messages
    # "Add to team" on the consortium's suggestions page goes back to the suggestions: the page
    # with the warnings is not shown, so the message must say it (it used to say only "Added …").
    response = client.post(url, {"add": companies["weak"].pk, "then": "suggest", "k": "2"}, follow=True)
    assert response.redirect_chain[-1][0].startswith(f"/consortia/{consortium.pk}/suggest/")
    assert flash(response) == ["Added Weak Water AB. The team as it is now breaks its rules: 4 members: above Max size 3."]
    assert warnings(client.get(f"/consortia/{consortium.pk}/").content.decode()) == ["4 members: above Max size 3"]
    response = client.post(url, {"remove": companies["weak"].pk}, follow=True)
    assert flash(response) == ["Removed Weak Water AB."]


def test_a_member_that_brings_no_required_capability_is_warned_about_when_the_proposal_wanted_none(client, advisor):
    companies = small_registry()
    client.force_login(advisor)
    client.post("/consortia/save/", {"query": QUERY + "&" + urlencode({"capable_only": "on"}),
                                     "member": [companies["aqua"].pk, companies["meter"].pk], "name": "Capable team"})
    capable = Consortium.objects.get()
    client.get(f"/consortia/{capable.pk}/")
    assert capable.rules["capable_only"] is True
    response = client.post(f"/consortia/{capable.pk}/members/", {"add": companies["other"].pk}, follow=True)
    warning = ("Parking Oy brings no required capability (no fit of at least 0.3), but the team was proposed "
               "with “every member brings a required capability”")
    assert warnings(response.content.decode()) == [warning]
    assert flash(response) == [f"Added Parking Oy. The team as it is now breaks its rules: {warning}."]
    # Saved without the setting: a member for its country or ties is no rule broken.
    save(client, advisor, companies)
    free = Consortium.objects.exclude(pk=capable.pk).get()
    client.get(f"/consortia/{free.pk}/")
    assert free.rules["capable_only"] is False
    response = client.post(f"/consortia/{free.pk}/members/", {"add": companies["other"].pk}, follow=True)
    assert warnings(response.content.decode()) == [] and flash(response) == ["Added Parking Oy."]


def test_a_company_representative_is_not_told_the_team_is_their_decision(client, advisor, django_user_model):
    companies = small_registry()
    save(client, advisor, companies, lead="aqua")
    consortium = Consortium.objects.get()
    client.post(f"/consortia/{consortium.pk}/members/", {"remove": companies["meter"].pk})
    html = client.get(f"/consortia/{consortium.pk}/").content.decode()
    assert "the team is your decision" in html
    client.force_login(make_user(django_user_model, "aqua-rep", role="company", company=companies["aqua"]))
    html = client.get(f"/consortia/{consortium.pk}/").content.decode()
    assert warnings(html), "the representative sees what the team lacks"
    assert "your decision" not in html
    assert "the programme advisor who formed it decides the team" in html
