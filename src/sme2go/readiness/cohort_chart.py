"""The cohort page's chart: each partner's companies by band of their latest assessment (and never
assessed), as shares of a bar, drawn by the shared inline-SVG charts (markets/charts.py). Pure: no Django."""

from __future__ import annotations

from collections.abc import Sequence

from sme2go.markets.charts import Bar, Segment, legend, stacked_bars
from sme2go.readiness.cohort import BAND_NAMES, GroupBands

NEVER_ASSESSED = "Never assessed"
# Best band to worst: blues then oranges (told apart with colour blindness), then grey; their lightness
# differs between neighbours, so a black-and-white print still separates them.
COLOURS = dict(zip((*BAND_NAMES, NEVER_ASSESSED), ("#0072b2", "#9ecae1", "#e69f00", "#d55e00", "#c8c8c8"),
                   strict=True))


def _segments(group: GroupBands) -> tuple[Segment, ...]:
    return (*(Segment(band, n, COLOURS[band]) for band, n in group.by_band),
            Segment(NEVER_ASSESSED, group.never_assessed, COLOURS[NEVER_ASSESSED]))


def _companies(n: int) -> str:
    return f"{n:,} compan{'y' if n == 1 else 'ies'}"


def band_chart(groups: Sequence[GroupBands]) -> str:
    """The SVG (every label escaped) of the groups' bands, one bar each, with its legend; "" without groups."""
    if not groups:
        return ""
    description = "; ".join(
        f"{g.name}: {_companies(g.companies)}"
        + "".join(f", {s.label} {s.value:,}" for s in _segments(g) if s.value) for g in groups
    )
    bars = [Bar(g.name, _segments(g), note=f"· {_companies(g.companies)}" if g.companies else "· no companies")
            for g in groups]
    chart = stacked_bars(bars, title="Readiness per partner: each partner's companies by their latest assessment",
                         description=description, chart_id="bands")
    return chart + legend(_segments(groups[0]))
