"""The cohort page's chart of bands per partner: the counts per group against a brute-force count, the
geometry of a bar of shares (widths add up, zero draws nothing, an empty group divides by nothing), and
every label escaped."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sme2go.markets.charts import Bar, Segment, bar_spans, stacked_bars
from sme2go.readiness.cohort import BAND_NAMES, GroupBands, bands_per_group, summarise
from sme2go.readiness.cohort_chart import COLOURS, band_chart
from tests.unit.test_readiness_cohort import cohorts, tracks_of

EVIL = '<script>alert("x")</script> & Co'


def segments(values: list[int]) -> list[Segment]:
    return [Segment(f"s{i}", v, "#000") for i, v in enumerate(values)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10_000), max_size=6), st.integers(1, 2_000))
def test_the_spans_of_a_bar_add_up_to_its_width_and_zero_draws_nothing(values, width):
    spans = bar_spans(segments(values), width=width)
    assert [s.segment.value for s in spans] == [v for v in values if v > 0]
    if sum(values) == 0:
        assert spans == ()
        return
    assert sum(s.width for s in spans) == pytest.approx(width)
    assert spans[0].x == 0 and spans[-1].x + spans[-1].width == width
    for before, after in zip(spans, spans[1:], strict=False):  # side by side, no gap, no overlap
        assert after.x == pytest.approx(before.x + before.width)
    for span in spans:
        assert span.width == pytest.approx(span.segment.value / sum(values) * width)


def test_a_bar_of_only_zeros_or_of_nothing_has_no_spans():
    assert bar_spans(segments([0, 0, 0]), width=480) == ()
    assert bar_spans([], width=480) == ()


@settings(max_examples=150, deadline=None)
@given(cohorts, st.lists(st.sets(st.integers(0, 40)), max_size=5))
def test_each_groups_bands_are_the_summary_of_its_companies(cohort, groups):
    tracks = tracks_of(cohort)
    result = bands_per_group(tracks, [(f"P{i}", ids) for i, ids in enumerate(groups)])
    assert [g.name for g in result] == [f"P{i}" for i in range(len(groups))]
    for group, ids in zip(result, groups, strict=True):
        mine = [t for t in tracks if t.company_id in ids]
        expected = summarise(mine, never_assessed=len(ids) - len(mine))
        assert group.by_band == expected.by_band and group.never_assessed == expected.never_assessed
        assert group.companies == len(ids)


def group(name: str, *counts: int, never: int = 0) -> GroupBands:
    return GroupBands(name, tuple(zip(BAND_NAMES, counts, strict=True)), never)


def titles(svg: str) -> list[str]:
    return re.findall(r'<rect class="segment"[^>]*><title>([^<]*)</title>', svg)


def test_each_part_is_titled_with_its_count_and_zero_counts_draw_nothing():
    svg = band_chart([group("Tehnopol", 2, 0, 1, 0, never=3), group("Turku", 0, 0, 0, 1)])
    assert titles(svg) == ["Tehnopol, Export-ready: 2", "Tehnopol, Developing: 1", "Tehnopol, Never assessed: 3",
                           "Turku, Early stage: 1"]
    assert f'fill="{COLOURS["Developing"]}"' in svg and 'width="420.0"' in svg  # Turku's one company: the whole bar
    assert "Tehnopol: 6 companies, Export-ready 2, Developing 1, Never assessed 3; Turku: 1 company, Early stage 1" in svg
    assert 'role="img" aria-labelledby="bands-title bands-desc"' in svg


def test_a_partner_without_companies_is_an_empty_track():
    svg = band_chart([group("Empty", 0, 0, 0, 0)])
    assert titles(svg) == [] and "· no companies" in svg and 'class="track"' in svg


def test_no_groups_no_chart():
    assert band_chart([]) == ""


def test_partner_names_are_escaped_everywhere():
    svg = band_chart([group(EVIL, 1, 0, 0, 0)])
    assert "<script>" not in svg and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in svg
    raw = stacked_bars([Bar(EVIL, (Segment(EVIL, 1, '"><script>'),), note=EVIL)], title=EVIL, description=EVIL)
    assert "<script>" not in raw and 'fill="&quot;&gt;&lt;script&gt;"' in raw
