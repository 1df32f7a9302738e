"""The demo's first /markets/ page is warm: the server's own process computes the ranking before it serves."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sme2go.markets import geography, index, market_store
from sme2go.registry.management.commands import demo
from tests.e2e.market_data import client_for, load_markets


@pytest.fixture
def cold_process(monkeypatch):
    """A process that has computed nothing yet, as the demo's freshly exec'd server."""
    monkeypatch.setattr(market_store, "_data", {})
    monkeypatch.setattr(market_store, "_results", market_store.OrderedDict())
    monkeypatch.setattr(geography, "_cache", {})


def test_the_first_market_page_of_the_demo_server_computes_no_index(advisor, cold_process, monkeypatch):
    load_markets()
    served = []
    monkeypatch.setattr(demo, "call_command", lambda *args, **kwargs: served.append(args))
    call_command("demo", "--serve-only", "--port", "8123")  # what the demo's server process runs
    assert served == [("runserver", "127.0.0.1:8123")]

    def computed_on_request(*args, **kwargs):
        raise AssertionError("the first visitor waited for the index to be computed")

    monkeypatch.setattr(market_store, "compute_index", computed_on_request)
    monkeypatch.setattr(market_store, "rank_intervals", computed_on_request)
    monkeypatch.setattr(index, "_raw_dimensions", computed_on_request)
    response = client_for(advisor).get("/markets/")
    assert response.status_code == 200 and "Kenya" in response.content.decode()


def test_preparing_the_demo_does_not_compute_a_ranking_it_would_lose(db, cold_process):
    from sme2go.markets.services import demo_step

    demo_step(None)
    assert not market_store._results
