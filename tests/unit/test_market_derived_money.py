"""The bundled flows and lending tables are exactly what the bundled projects give."""

from __future__ import annotations

from sme2go.markets.bundle import (
    country_lending,
    load_flows,
    load_lending,
    load_project_sectors,
    load_projects,
    smart_city_flows,
)


def test_it_ships_flows_and_lending_equal_to_their_derivation_from_the_projects():
    # After a change of the World Bank sector cross-walk, rebuild them with
    # `python scripts/build_market_data.py --derived-only`.
    projects = load_projects()
    assert load_flows() == tuple(smart_city_flows(projects, load_project_sectors()))
    assert load_lending() == tuple(country_lending(projects))
