"""A number no float can hold (a JSON integer like 10**400) in a consortium instance is refused naming
its path, like any other bad number: 422 in the API, exit 2 in the CLI (it was an OverflowError:
500, and "unexpected error" with exit 1)."""

from __future__ import annotations

import copy

import pytest

from sme2go.cli import main
from tests.e2e.api_client import call, token_for
from tests.e2e.test_consortia_cli import INSTANCE, write

HUGE = 10**400


def with_huge(where: str) -> dict:
    data = copy.deepcopy(INSTANCE)
    if where == "companies[0].readiness":
        data["companies"][0]["readiness"] = HUGE
    elif where == "companies[0].fit.water.leak-detection":
        data["companies"][0]["fit"]["water.leak-detection"] = HUGE
    elif where == "required[0].weight":
        data["required"][0]["weight"] = HUGE
    elif where == "ties[0].strength":
        data["ties"][0]["strength"] = HUGE
    elif where == "weights.size":
        data["weights"] = {"size": -HUGE}
    elif where == "rules.min_readiness":
        data["rules"] = {**data["rules"], "min_readiness": HUGE}
    return data


PATHS = ["companies[0].readiness", "companies[0].fit.water.leak-detection", "required[0].weight",
         "ties[0].strength", "weights.size", "rules.min_readiness"]


@pytest.mark.django_db
@pytest.mark.parametrize("where", PATHS)
def test_the_api_refuses_it_with_422_naming_the_path(advisor, where):
    response = call("post", "/api/consortia/solve", token=token_for(advisor), body=with_huge(where))
    assert response.status_code == 422, response.content
    assert response.data["field"] == where
    assert "digits" in response.data["detail"]


def test_the_cli_exits_2_naming_the_path(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["consortia", "solve", write(tmp_path, with_huge("companies[0].readiness"))])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "companies[0].readiness: must be at most 1, got an integer of about 401 digits" in err
    assert "unexpected error" not in err and len(err.strip().splitlines()) == 1
