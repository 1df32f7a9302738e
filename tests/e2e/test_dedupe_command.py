"""`sme2go dedupe` lists candidate pairs as a table or JSON."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from sme2go.registry.models import Company


@pytest.fixture
def twins(ee_company) -> Company:
    return Company.objects.create(legal_name="Aqua Sence OU", country="EE", registry_code="EE 123")


def test_it_prints_the_pairs_with_score_and_reasons(twins, ee_company, fi_company, capsys):
    call_command("dedupe")
    out = capsys.readouterr().out
    assert "Aqua Sense OÜ" in out and "Aqua Sence OU" in out and "same registry code" in out
    assert "Volttiväylä" not in out
    assert "1 candidate pairs" in out


def test_it_prints_json(twins, ee_company, capsys):
    call_command("dedupe", "--json", "--threshold", "0.9")
    pairs = json.loads(capsys.readouterr().out)
    assert len(pairs) == 1
    assert pairs[0]["score"] == 1.0
    assert {c["id"] for c in pairs[0]["companies"]} == {ee_company.pk, twins.pk}


def test_it_says_so_when_there_are_none(ee_company, capsys):
    call_command("dedupe")
    assert "No candidate duplicates." in capsys.readouterr().out


@pytest.mark.parametrize("value", ["0", "1.5", "high"])
def test_it_refuses_a_bad_threshold(db, value):
    with pytest.raises(CommandError, match="--threshold"):
        call_command("dedupe", "--threshold", value)


def test_it_applies_the_users_permissions(company_user, twins):
    with pytest.raises(CommandError, match="only the programme manager and advisors"):
        call_command("dedupe", "--user", company_user.username)
