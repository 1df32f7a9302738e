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
        # Misspelled keys used to be ignored (default rules, no ties, fits 0, weight 1) with exit 0.
        ({**{k: v for k, v in INSTANCE.items() if k != "rules"}, "rule": INSTANCE["rules"]},
         'rule: unknown key (did you mean "rules"?); expected one of required, companies, ties, rules, weights'),
        ({**INSTANCE, "companies": [*INSTANCE["companies"][:3], {"id": "c4", "country": "EE", "readiness": 0.6,
                                                                 "fits": {"water.metering": 0.9}}]},
         'companies[3].fits: unknown key (did you mean "fit"?); expected one of id, country, readiness, fit, name'),
        ({**INSTANCE, "required": [{"capability": "water.metering", "wieght": 2.0}]},
         'required[0].wieght: unknown key (did you mean "weight"?)'),
    ],
)
def test_it_exits_2_naming_the_field(tmp_path, capsys, data, words):
    with pytest.raises(SystemExit) as exit_:
        main(["consortia", "solve", write(tmp_path, data)])
    assert exit_.value.code == 2
    assert words in capsys.readouterr().err


@pytest.mark.parametrize("limit", ["nan", "inf", "0", "-3"])
def test_a_time_limit_that_is_not_a_positive_number_exits_2(tmp_path, capsys, limit):
    # "nan" used to run ("time limit of nan s ran out") and return fewer teams than --top asked.
    with pytest.raises(SystemExit) as exit_:
        main(["consortia", "solve", write(tmp_path, INSTANCE), "--top", "2", "--time-limit", limit])
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert f"--time-limit: must be a positive number of seconds, not {float(limit):g}" in captured.err
    assert captured.out == ""


def test_help_shows_an_example_instance(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["consortia", "solve", "--help"])
    assert exit_.value.code == 0
    help_text = capsys.readouterr().out
    example = json.loads(help_text[help_text.index("{"):help_text.rindex("}") + 1])
    for key in ("required", "companies", "ties", "rules", "weights"):
        assert key in example, key
    from sme2go.consortia.engine import parse_instance

    parse_instance(example)  # the example is itself a valid instance


def test_stdout_stays_pure_json_when_the_lp_solver_runs(tmp_path):
    """With many ties the split bound runs HiGHS, whose banner must not reach stdout (a subprocess,
    since the banner is printed once per process at the C level)."""
    import random
    import subprocess
    import sys

    rng = random.Random(7)
    capabilities = [f"theme.capability-{i}" for i in range(12)]
    companies = [
        {"id": f"c{i}", "country": rng.choice(["EE", "FI", "SE"]), "readiness": rng.uniform(0.2, 1.0),
         "fit": {c: rng.uniform(0.0, 1.0) for c in rng.sample(capabilities, rng.randint(1, 4))}}
        for i in range(400)
    ]
    pairs = set()
    while len(pairs) < 1600:
        a, b = rng.sample(range(400), 2)
        pairs.add((min(a, b), max(a, b)))
    data = {
        "required": [{"capability": c, "weight": rng.uniform(1.0, 3.0)} for c in capabilities[:6]],
        "companies": companies,
        "ties": [{"a": f"c{a}", "b": f"c{b}", "strength": rng.uniform(0.1, 3.0)} for a, b in sorted(pairs)],
        "weights": {"tie": 0.5},
    }
    done = subprocess.run(
        [sys.executable, "-m", "sme2go.cli", "consortia", "solve", write(tmp_path, data), "--time-limit", "3"],
        capture_output=True, text=True, timeout=60, check=True,
    )
    output = json.loads(done.stdout)
    assert output["status"] in ("OPTIMAL", "FEASIBLE") and output["consortia"]
    assert output["bound"] >= output["consortia"][0]["score"] - 1e-9
