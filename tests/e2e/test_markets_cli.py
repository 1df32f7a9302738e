"""`sme2go markets rank` and `sme2go markets backtest` on the bundled data (no database needed)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args: str) -> str:
    out = StringIO()
    call_command("markets", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_backtest_as_json_with_the_documented_keys():
    report = json.loads(run("backtest", "--as-of", "2014", "--horizon", "6", "--json"))
    assert set(report) == {"spearman", "top20_precision", "n_countries", "baselines"}
    assert set(report["baselines"]) == {"persistence", "population", "gdp"}
    assert report["spearman"] >= 0.80 > report["baselines"]["population"]["spearman"]


def test_it_prints_the_backtest_table_for_a_theme():
    out = run("backtest", "--as-of", "2012", "--horizon", "6", "--theme", "water")
    assert (
        "theme: water" in out
        and "baseline: persistence" in out
        and "World Bank client countries" in out
    )


def test_it_ranks_countries_for_a_theme_with_intervals_and_contributions():
    out = run("rank", "--theme", "water", "--top", "5")
    rows = [line for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert len(rows) == 5
    assert rows[0].split()[0] == "1" and "demand" in out


def test_it_ranks_as_json_with_user_weights():
    ranked = json.loads(
        run("rank", "--top", "3", "--as-of", "2016", "--weights", "size=1,demand=0", "--json")
    )
    assert [r["rank"] for r in ranked] == [1, 2, 3]
    assert all(r["contributions"]["demand"] == 0 for r in ranked)
    assert all(r["rank_interval"][0] <= r["rank_interval"][1] for r in ranked)


def test_it_refuses_negative_weights_with_a_message():
    with pytest.raises(CommandError, match="'risk'"):
        run("rank", "--weights", "risk=-1")


def test_a_theme_without_demand_says_so_in_the_table_and_in_json():
    out = run("rank", "--theme", "economy", "--top", "3")
    assert "Smart-city demand is left out for Economy" in out
    assert "Smart-city demand is left out" not in run("rank", "--theme", "water", "--top", "3")
    ranked = json.loads(run("rank", "--theme", "economy", "--top", "2", "--json"))
    assert all("demand" in r["left_out"] for r in ranked)


def test_a_year_no_country_can_be_ranked_in_is_refused_not_an_empty_table():
    with pytest.raises(CommandError, match="no country has enough data to be ranked as of 1945"):
        run("rank", "--as-of", "1945")
