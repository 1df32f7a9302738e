"""The demo has a few second registrations, and the duplicates finder pairs each with its original."""

from __future__ import annotations

import re

from sme2go.registry.dedupe_demo import MARKER, load_demo_duplicates
from sme2go.registry.demo_loading import load_demo_registry
from sme2go.registry.merging import find_duplicate_candidates
from sme2go.registry.models import Company


def test_it_adds_one_second_registration_per_forty_companies_once_and_finds_them(partners):
    load_demo_registry(count=120)
    assert load_demo_duplicates() == 3
    assert load_demo_duplicates() == 0
    twins = list(Company.objects.filter(description__startswith=MARKER))
    assert len(twins) == 3 and all(twin.is_generated for twin in twins)
    found = {(p.first.pk, p.second.pk) for p in find_duplicate_candidates(user=None)}
    for twin in twins:
        original = int(re.search(r"#(\d+)", twin.description).group(1))
        assert (min(original, twin.pk), max(original, twin.pk)) in found


def test_a_small_registry_gets_none(partners):
    load_demo_registry(count=40)
    assert load_demo_duplicates() == 0
