"""`sme2go consortia solve` prints the output JSON, and exits 2 naming a bad field."""

from __future__ import annotations

import json

import pytest

from sme2go.cli import main

INSTANCE = {
    "required": [{"capability": "water.leak-detection", "weight": 3.0}, {"capability": "water.metering", "weight": 2.0}],
    "companies": [
        {"id": "c1", "country": "EE", "readiness": 0.8, "fit": {"water.leak-detection": 0.9}},
        {"id": "c2", "country": "FI", "readiness": 0.7, "fit": {"water.metering": 0.6}},
        {"id": "c3", "country": "SE", "readiness": 0.9, "fit": {"water.metering": 0.8, "water.leak-detection": 0.4}},
        {"id": "c4", "country": "EE", "readiness": 0.6, "fit": {}},
    ],
    "ties": [{"a": "c1", "b": "c2", "strength": 2.0}],
    "rules": {"min_size": 2, "max_size": 3},
}


def write(tmp_path, data) -> str:
    path = tmp_path / "instance.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def test_it_prints_the_k_best_consortia_as_json(tmp_path, capsys):
    main(["consortia", "solve", write(tmp_path, INSTANCE), "--top", "2", "--time-limit", "10"])
    output = json.loads(capsys.readouterr().out)
    assert set(output) == {"status", "consortia", "bound", "seconds", "reason"}
    assert output["status"] == "OPTIMAL"
    best, second = output["consortia"]
    # c1 + c2: 3·0.9 + 2·0.6 coverage, tie 2, readiness 0.5·1.5, two members.
    assert best["members"] == ["c1", "c2"]
    assert abs(best["score"] - (2.7 + 1.2 + 2.0 + 0.75 - 2.0)) < 1e-9
    assert best["covers"] == {"water.leak-detection": "c1", "water.metering": "c2"}
    assert set(best["breakdown"]) == {"coverage", "ties", "readiness", "size"}
    assert second["score"] <= best["score"]
    assert output["bound"] == best["score"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({**INSTANCE, "ties": [{"a": "c1", "b": "nobody", "strength": 1}]}, "ties[0].b: unknown company id 'nobody'"),
        ('{"required": [', "json: malformed JSON at line 1"),
    ],
)
def test_it_exits_2_naming_the_field(tmp_path, capsys, data, words):
    with pytest.raises(SystemExit) as exit_:
        main(["consortia", "solve", write(tmp_path, data)])
    assert exit_.value.code == 2
    assert words in capsys.readouterr().err
