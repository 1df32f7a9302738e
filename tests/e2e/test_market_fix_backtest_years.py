"""`sme2go markets backtest` refuses years the data cannot answer, naming the years it covers."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args: str) -> str:
    out = StringIO()
    call_command("markets", *args, stdout=out)
    return out.getvalue()


def test_a_horizon_past_the_data_is_refused_naming_the_last_year():
    with pytest.raises(CommandError) as refused:
        run("backtest", "--as-of", "2022", "--horizon", "6")
    message = str(refused.value)
    assert "2023–2028" in message and "end in 2024" in message
    assert "as of 2018 or earlier" in message and "a horizon of 2 years or less" in message


def test_a_year_after_the_data_is_refused_not_printed_as_dashes():
    with pytest.raises(CommandError) as refused:
        run("backtest", "--as-of", "2030", "--horizon", "6")
    assert "end in 2024" in str(refused.value) and "as of 2018 or earlier" in str(refused.value)


def test_a_year_before_the_data_names_that_year_and_the_years_covered():
    with pytest.raises(CommandError) as refused:
        run("backtest", "--as-of", "1900", "--horizon", "6")
    message = str(refused.value)
    assert "as of 1900" in message and "1901" not in message
    assert "1980" in message  # the first World Bank commitment in the data


def test_the_last_year_that_fits_still_runs():
    assert "Backtest as of 2018, horizon 6 years (2019-2024)" in run("backtest", "--as-of", "2018", "--horizon", "6")
