"""Server-rendered SVG charts: right geometry, and data text always escaped."""

from __future__ import annotations

import re

from sme2go.markets.charts import (
    Bubble,
    MapBubble,
    Place,
    Segment,
    bubble_chart,
    compact,
    line_chart,
    place_map,
    rank_interval_bar,
    stacked_bar,
    world_map,
)

EVIL = '<script>alert("x")</script>'


def test_it_escapes_every_label_that_comes_from_data():
    charts = [
        line_chart([(2020, 1.0), (2021, 2.0)], label=EVIL),
        stacked_bar([Segment(EVIL, 10, "#000")]),
        bubble_chart([Bubble(10, 20, 5, EVIL, href='/x" onclick="y')], x_label=EVIL, y_label="y", size_label="s"),
        place_map([Place(1.0, 2.0, EVIL)]),
        world_map([MapBubble(1.0, 2.0, 3.0, EVIL)]),
    ]
    for svg in charts:
        assert "<script" not in svg and "&lt;script&gt;" in svg
    assert 'onclick="y' not in charts[2]


def test_it_draws_stacked_segments_in_proportion_to_their_values():
    svg = stacked_bar([Segment("a", 25, "#111"), Segment("b", 50, "#222"), Segment("missing", 0, "#333")], width=200)
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="0" width="([\d.]+)"', svg)]
    assert widths == [50.0, 100.0]  # nothing drawn for a zero contribution


def test_it_places_the_rank_interval_between_its_percentiles():
    svg = rank_interval_bar(1, 5, 11, count=11, width=104)
    x, width = (float(v) for v in re.search(r'<rect x="([\d.]+)" y="3" width="([\d.]+)"', svg).groups())
    assert (x, x + width) == (2.0, 102.0)


def test_it_says_no_data_for_an_empty_series_and_marks_first_and_last_year():
    assert "no data" in line_chart([], label="GDP")
    svg = line_chart([(2001, 5.0), (2010, 7.0), (2005, 6.0)], label="GDP")
    assert ">2001<" in svg and ">2010<" in svg and svg.count("<circle") == 3


def test_it_writes_large_numbers_compactly():
    assert [compact(v) for v in (950, 12_500, 3_400_000, 2.5e9, 0.25)] == ["950", "12.5k", "3.4M", "2.5B", "0.25"]


def test_it_puts_north_up_and_east_right_on_the_maps():
    svg = world_map([MapBubble(60, 25, 1, "Helsinki"), MapBubble(-1, 37, 1, "Nairobi")], width=360, height=135)
    (x1, y1), (x2, y2) = [(float(a), float(b)) for a, b in re.findall(r'class="bubble[^"]*" cx="([\d.]+)" cy="([\d.]+)"', svg)]
    assert y1 < y2 and x1 < x2
