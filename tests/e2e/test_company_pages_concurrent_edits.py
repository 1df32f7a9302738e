"""Two people edit the same record: the second save is refused instead of silently undoing the
first one's change, with the current version shown and what the second person typed kept."""

from __future__ import annotations

import re

from sme2go.registry.models import Contact, Solution, SolutionCapability
from tests.e2e.registry_pages import PROFILE_POST, client_for


def opened_version(client, url: str) -> str:
    match = re.search(r'name="version" value="([0-9a-f]+)"', client.get(url).content.decode())
    assert match, "the form carries the version it was opened on"
    return match.group(1)


def test_a_save_over_someone_elses_change_is_refused_and_keeps_what_was_typed(advisor, manager, ee_company, partners):
    url = f"/companies/{ee_company.pk}/edit/"
    supported = {"status": "prospect", "partners": [partners["Tehnopol"].pk]}
    first, second = client_for(manager), client_for(advisor)
    first_version, second_version = opened_version(first, url), opened_version(second, url)
    saved = first.post(url, dict(PROFILE_POST, city="Kemi", version=first_version, **supported))
    assert saved.status_code == 302

    refused = second.post(url, dict(PROFILE_POST, city="Tallinn", description="New description",
                                    version=second_version, **supported))
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Someone changed this company since you opened it." in page
    assert "<tr><td>City</td><td>Kemi</td><td>Tallinn</td></tr>" in page
    assert "New description" in page  # what the second advisor typed is still in the form
    ee_company.refresh_from_db()
    assert (ee_company.city, ee_company.description) == ("Kemi", "Leak detection for water utilities")

    # Having seen the current version, saving again is the second advisor's decision.
    current = re.search(r'name="version" value="([0-9a-f]+)"', page).group(1)
    again = second.post(url, dict(PROFILE_POST, city="Kemi", description="New description",
                                  version=current, **supported))
    assert again.status_code == 302
    ee_company.refresh_from_db()
    assert (ee_company.city, ee_company.description) == ("Kemi", "New description")


def test_a_stale_save_that_changes_nothing_new_is_simply_saved(advisor, manager, ee_company, partners):
    url = f"/companies/{ee_company.pk}/edit/"
    tehnopol = [partners["Tehnopol"].pk]
    version = opened_version(client_for(advisor), url)
    assert client_for(manager).post(url, dict(PROFILE_POST, status="prospect", partners=tehnopol,
                                              version=version)).status_code == 302
    assert client_for(advisor).post(url, dict(PROFILE_POST, status="prospect", partners=tehnopol,
                                              version=version)).status_code == 302


def test_solutions_and_contacts_refuse_a_stale_save_too(advisor, manager, ee_company):
    solution = Solution.objects.create(company=ee_company, name="Leak radar", trl=5)
    SolutionCapability.objects.create(solution=solution, capability_id="water.leak-detection", level=0.5)
    url = f"/companies/{ee_company.pk}/solutions/{solution.pk}/edit/"
    version = opened_version(client_for(advisor), url)
    post = {"name": "Leak radar", "trl": "5", "references": "", "cap-TOTAL_FORMS": "3", "cap-INITIAL_FORMS": "1",
            "cap-0-capability": "water.leak-detection", "cap-0-level": "0.5"}
    assert client_for(manager).post(url, dict(post, trl="8", version=version)).status_code == 302
    refused = client_for(advisor).post(url, dict(post, description="Radar for pipes", version=version))
    assert "Someone changed this solution since you opened it." in refused.content.decode()
    assert "<tr><td>TRL</td><td>8</td><td>5</td></tr>" in refused.content.decode()
    solution.refresh_from_db()
    assert (solution.trl, solution.description) == (8, "")

    contact = Contact.objects.create(company=ee_company, name="Liis Tamm", role="CEO")
    url = f"/companies/{ee_company.pk}/contacts/{contact.pk}/edit/"
    version = opened_version(client_for(advisor), url)
    assert client_for(manager).post(url, {"name": "Liis Tamm", "role": "CTO", "version": version}).status_code == 302
    refused = client_for(advisor).post(url, {"name": "Liis Tamm", "role": "CEO", "email": "liis@aqua.ee",
                                             "version": version})
    assert "Someone changed this contact since you opened it." in refused.content.decode()
    contact.refresh_from_db()
    assert (contact.role, contact.email) == ("CTO", "")


def test_removing_a_solution_asks_first_and_cancel_keeps_it(advisor, ee_company):
    solution = Solution.objects.create(company=ee_company, name="Leak radar")
    client = client_for(advisor)
    url = f"/companies/{ee_company.pk}/solutions/{solution.pk}/edit/"
    asked = client.post(url, {"delete": "1"})
    page = asked.content.decode()
    assert asked.status_code == 200 and "Remove the solution “Leak radar” from Aqua Sense OÜ?" in page
    assert 'name="confirmed" value="yes"' in page and f'href="{url}">Cancel</a>' in page
    assert Solution.objects.filter(pk=solution.pk).exists()
    assert client.post(url, {"delete": "1", "confirmed": "yes"}).status_code == 302
    assert not Solution.objects.filter(pk=solution.pk).exists()
