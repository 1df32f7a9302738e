"""The bundled market data and the smart-city flows derived from World Bank projects."""

from __future__ import annotations

import pytest

from sme2go.markets.bundle import (
    Project,
    ProjectSector,
    client_countries,
    iso3_for_code,
    load_countries,
    load_observations,
    load_project_locations,
    load_project_sectors,
    load_projects,
    smart_city_flows,
)


def project(
    pid: str,
    *,
    status: str = "Closed",
    iso3: str = "KEN",
    year: int | None = 2012,
    amount: float | None = 100e6,
) -> Project:
    return Project(
        pid,
        iso3,
        iso3[:2],
        "Kenya",
        "Africa",
        status,
        "name",
        "pdo",
        "",
        "",
        year,
        "",
        None,
        amount,
        "",
        "",
    )


def test_it_ships_countries_without_aggregates_and_knows_eu_spellings():
    countries = {c.iso3: c for c in load_countries()}
    assert {"EST", "KEN", "BRA", "XKX"} <= set(countries)
    assert "WLD" not in countries and "EUU" not in countries
    assert countries["KEN"].income_group and countries["KEN"].world_bank_client
    assert countries["NAM"].iso2 == "NA"  # Namibia is not a missing value
    assert (iso3_for_code("EL"), iso3_for_code("UK"), iso3_for_code("fi")) == ("GRC", "GBR", "FIN")


def test_it_keeps_source_code_and_year_with_every_value():
    observations = load_observations()
    codes = {o.indicator for o in observations}
    assert {
        "NY.GDP.MKTP.CD",
        "SP.POP.TOTL",
        "SP.URB.TOTL",
        "SP.URB.GROW",
        "UN.EGDI",
        "UN.EGDI.TII",
        "WB.DB.RANK",
    } <= codes
    assert all(o.source and 1960 <= o.year <= 2024 for o in observations)
    kenya_egdi = {o.year for o in observations if o.iso3 == "KEN" and o.indicator == "UN.EGDI"}
    assert {2010, 2012, 2014, 2016, 2018, 2022} <= kenya_egdi


def test_it_loads_real_projects_with_sectors_and_locations():
    projects = {p.id: p for p in load_projects()}
    assert len(projects) > 27_000
    assert {p.status for p in projects.values()} >= {"Closed", "Active", "Dropped", "Pipeline"}
    assert all(len(p.objective) <= 600 for p in projects.values())
    assert len(load_project_sectors()) > 50_000
    assert {loc.project_id for loc in load_project_locations()} <= set(projects)


def test_it_counts_commitment_times_sector_percent_times_theme_share():
    projects = [
        project("P1"),
        project("P2", status="Dropped"),
        project("P3", iso3=""),
        project("P4", amount=None),
    ]
    sectors = [
        ProjectSector("P1", "FY17 - Urban Transport", 40.0),  # transportation, share 1
        ProjectSector("P1", "FY17 - Railways", 20.0),  # transportation, share 0.5
        ProjectSector("P1", "FY17 - Other Agriculture, Fishing and Forestry", 40.0),  # not mapped
        *[ProjectSector(pid, "FY17 - Water Supply", 100.0) for pid in ("P2", "P3", "P4")],
    ]
    flows = smart_city_flows(projects, sectors)
    assert [(f.iso3, f.year, f.theme) for f in flows] == [("KEN", 2012, "transportation")]
    assert flows[0].amount_usd == pytest.approx(100e6 * (0.4 + 0.2 * 0.5))


def test_it_defines_client_countries_by_commitments_up_to_a_year():
    projects = [
        project("P1", iso3="KEN", year=2012),
        project("P2", iso3="TZA", year=2015),
        project("P3", iso3="UGA", status="Dropped"),
    ]
    assert client_countries(projects, as_of=2014) == {"KEN"}
