"""Adding a suggested company to a consortium its members have agreed on (or offered with) asks
first, naming the company and the consortium's status; a proposed team is still added in one click."""

from __future__ import annotations

import pytest

from tests.e2e.registry_pages import client_for
from tests.e2e.test_partner_suggestions_page import consortium, names, registry  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def members(saved) -> set[str]:
    return set(saved.members.values_list("company__legal_name", flat=True))


@pytest.mark.parametrize(("status", "label"), [("agreed", "Agreed"), ("offer_submitted", "Offer submitted")])
def test_adding_to_an_agreed_team_asks_first_naming_company_and_status(registry, manager, status, label):  # noqa: F811
    saved = consortium([registry["aqua"], registry["volt"]], status=status)
    client = client_for(manager)
    page = client.get(f"/consortia/{saved.pk}/suggest/?k=2").content.decode()
    # The button opens the question; it does not post to the members form.
    assert f'name="confirm_add" value="{registry["gata"].pk}"' in page
    assert f'name="add" value="{registry["gata"].pk}"' not in page

    asked = client.get(f"/consortia/{saved.pk}/suggest/?k=2&countries=&confirm_add={registry['gata'].pk}")
    text = " ".join(asked.content.decode().split())
    assert f"<strong>Add Gata AB to Leak team?</strong> The consortium is {label}:" in text
    assert f'name="add" value="{registry["gata"].pk}">Yes, add Gata AB</button>' in text
    assert f'href="/consortia/{saved.pk}/suggest/?k=2&amp;countries=&amp;bring=required">Cancel</a>' in text
    assert '<input type="hidden" name="confirmed" value="yes">' in text
    assert members(saved) == {"Aqua Sense OÜ", "Volttiväylä Oy"}  # asking changes nothing

    # The members form itself asks too when the answer is missing, back on the suggestions page.
    unasked = client.post(f"/consortia/{saved.pk}/members/", {"add": registry["gata"].pk, "then": "suggest", "k": "2"})
    assert unasked["Location"] == f"/consortia/{saved.pk}/suggest/?k=2&confirm_add={registry['gata'].pk}"
    assert members(saved) == {"Aqua Sense OÜ", "Volttiväylä Oy"}

    done = client.post(f"/consortia/{saved.pk}/members/",
                       {"add": registry["gata"].pk, "then": "suggest", "k": "2", "confirmed": "yes"}, follow=True)
    assert "Added Gata AB." in done.content.decode()
    assert members(saved) == {"Aqua Sense OÜ", "Volttiväylä Oy", "Gata AB"}


def test_a_proposed_team_is_still_completed_in_one_click_and_never_asked(registry, manager):  # noqa: F811
    saved = consortium([registry["aqua"], registry["volt"]])
    client = client_for(manager)
    page = client.get(f"/consortia/{saved.pk}/suggest/?k=2&confirm_add={registry['gata'].pk}").content.decode()
    assert f'name="add" value="{registry["gata"].pk}" aria-label="Add Gata AB to Leak team"' in page
    assert "Yes, add" not in page and "confirm_add" not in page


def test_after_adding_the_suggestions_keep_the_chosen_filter(registry, manager):  # noqa: F811
    saved = consortium([registry["aqua"], registry["volt"]])
    page = client_for(manager).get(f"/consortia/{saved.pk}/suggest/?k=2&bring=any").content.decode()
    assert '<input type="hidden" name="bring" value="any">' in page  # sent with "Add to team"
    back = client_for(manager).post(f"/consortia/{saved.pk}/members/",
                                    {"add": registry["gata"].pk, "then": "suggest", "k": "2", "bring": "any"})
    assert back.status_code == 302 and back["Location"].endswith("?k=2&bring=any")
