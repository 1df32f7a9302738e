"""Hypothesis strategies for random small consortium instances (JSON data, as users write it)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

CAPABILITIES = ["water.leak-detection", "water.metering", "mobility.parking", "energy.grid", "waste.sorting"]
COUNTRIES = ["EE", "FI", "SE"]

unit = st.one_of(st.sampled_from([0.0, 0.3, 0.5, 1.0]), st.floats(0.0, 1.0))
weight = st.one_of(st.sampled_from([0.0, 0.5, 1.0, 3.0]), st.floats(0.0, 3.0))


@st.composite
def instances(draw: Any, *, max_companies: int = 10, max_size_cap: int = 6, with_ties: bool | None = None) -> dict:
    n = draw(st.integers(1, max_companies))
    ids = [f"c{i}" for i in range(n)]
    required = draw(st.lists(st.sampled_from(CAPABILITIES), min_size=0, max_size=4, unique=True))
    companies = [
        {
            "id": company_id,
            "country": draw(st.sampled_from(COUNTRIES)),
            "readiness": draw(unit),
            "fit": draw(st.dictionaries(st.sampled_from(CAPABILITIES), unit, max_size=3)),
        }
        for company_id in ids
    ]
    ties = []
    if with_ties is not False and n >= 2:
        pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
        chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(12, len(pairs))))
        if with_ties and not chosen:
            chosen = [pairs[0]]
        ties = [{"a": a, "b": b, "strength": draw(st.floats(0.0, 3.0))} for a, b in chosen]
    min_size = draw(st.integers(1, min(4, max_size_cap)))
    max_size = draw(st.integers(min_size, max_size_cap))
    lock = draw(st.lists(st.sampled_from(ids), unique=True, max_size=2))
    exclude = draw(st.lists(st.sampled_from([i for i in ids if i not in lock] or ["none"]), unique=True, max_size=2))
    exclude = [e for e in exclude if e in ids]
    rules = {
        "min_size": min_size,
        "max_size": max_size,
        "min_countries": draw(st.integers(0, 3)),
        "min_readiness": draw(st.sampled_from([0.0, 0.3, 0.5])),
        "min_fit": draw(st.sampled_from([0.0, 0.3, 0.5])),
        "cover_all": draw(st.booleans()),
        "lock": lock,
        "exclude": exclude,
    }
    weights = {
        "tie": draw(weight) if with_ties is not False else 0.0,
        "readiness": draw(weight),
        "size": draw(st.one_of(st.sampled_from([1.0, 0.0, -0.5]), st.floats(-1.0, 2.0))),
    }
    return {
        "required": [{"capability": c, "weight": draw(weight)} for c in required],
        "companies": companies,
        "ties": ties,
        "rules": rules,
        "weights": weights,
    }


@st.composite
def clustered_instances(draw: Any) -> dict:
    """Small instances whose tie graph has cycles (a ring through 3-5 companies, then more ties),
    with every tie and the tie weight positive: the cases the split bound and the local search
    are for. `instances()` rarely draws a cycle that survives its other draws."""
    data = draw(instances(max_companies=9, with_ties=True))
    ids = [c["id"] for c in data["companies"]]
    if len(ids) < 3:
        ids.extend(f"x{i}" for i in range(3 - len(ids)))
        data["companies"].extend(
            {"id": i, "country": draw(st.sampled_from(COUNTRIES)), "readiness": 1.0, "fit": {}} for i in ids[-3:]
            if i.startswith("x")
        )
    data["rules"]["max_size"] = max(3, data["rules"]["max_size"])  # room for the ring's chordless cycles
    ring = draw(st.permutations(ids))[: draw(st.integers(3, min(5, len(ids), data["rules"]["max_size"])))]
    pairs = {tuple(sorted((ring[k], ring[(k + 1) % len(ring)]))) for k in range(len(ring))}
    every = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    pairs |= set(draw(st.lists(st.sampled_from(every), max_size=8)))
    strength = st.floats(0.1, 3.0)
    data["ties"] = [{"a": a, "b": b, "strength": draw(strength)} for a, b in sorted(pairs)]
    data["weights"]["tie"] = draw(st.floats(0.1, 2.0))
    data["rules"]["min_readiness"] = 0.0
    data["rules"]["exclude"] = []
    return data
