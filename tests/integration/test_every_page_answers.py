"""Every page a user can reach by following links opens, for each role, on the demo's data (real
partners and markets, generated companies, support, missions, leads): no server error, and no link
to a page the user may not see."""

from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

from django.contrib.auth import get_user_model
from django.test import Client

LINK = re.compile(r'href="([^"#]*)"')
NOT_FOLLOWED = re.compile(r"^/(admin|api|static)/|^/accounts/logout")
PER_KIND = 2  # pages visited per URL shape: /companies/12/ and /companies/40/ are one, as are /markets/KEN/ and /markets/EST/
ID_OR_CODE = re.compile(r"\d+|(?<=/)[A-Z]{2,3}(?=/|$)")
ROLES = ("manager", "advisor-tehnopol", "company")


def crawl(client: Client, *, limit: int = 400) -> tuple[dict[str, int], list[str]]:
    """Follow same-site links from the home page; the status of each page visited, and every path seen."""
    statuses: dict[str, int] = {}
    kinds: Counter[str] = Counter()
    queue = deque(["/"])
    while queue and len(statuses) < limit:
        path = queue.popleft()
        kind = ID_OR_CODE.sub("N", urlsplit(path).path)
        if path in statuses or kinds[kind] >= PER_KIND:
            continue
        kinds[kind] += 1
        response = client.get(path)
        statuses[path] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            target = urlsplit(urljoin(f"http://testserver{path}", href.replace("&amp;", "&")))
            if target.netloc == "testserver" and not NOT_FOLLOWED.search(target.path):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return statuses, list(statuses)


def test_no_linked_page_fails_for_any_role(demo):
    users = get_user_model().objects
    for role in ROLES:
        client = Client()
        client.force_login(users.get(username=role))
        statuses, visited = crawl(client)
        # No server error, and no link to a page the user may not open (403) or that is not there (404).
        failures = {path: status for path, status in statuses.items() if status >= 400}
        assert not failures, f"{role}: {failures}"
        # The crawl really went through the product, not just the home page.
        assert len(visited) > (15 if role == "company" else 30), f"{role} reached only {visited}"
        if role != "company":
            assert {"/missions/", "/leads/", "/support/", "/report/"} <= set(visited), role
