"""Small inline-SVG charts rendered on the server (pure: strings in, SVG text out; no JS, no CDN).

Every text that comes from data is escaped here; the views mark the result safe.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# One colour per index dimension (colour-blind-friendly order, from the Okabe-Ito and Tol palettes).
PALETTE = (
    "#0b6e4f", "#0072b2", "#e69f00", "#56b4e9", "#cc79a7",
    "#009e73", "#d55e00", "#f0e442", "#882255", "#999933",
)  # fmt: skip


def _role(bubbles: Sequence[Bubble] | Sequence[MapBubble]) -> str:
    """An image, or a group when bubbles are links: an image's children are hidden from screen readers."""
    return "group" if any(b.href for b in bubbles) else "img"


def _num(value: float) -> str:
    return f"{value:.1f}"


def compact(value: float) -> str:
    """`1234567` -> `1.2M`; keeps small numbers readable."""
    magnitude = abs(value)
    for limit, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if magnitude >= limit:
            return f"{value / limit:.1f}{suffix}"
    if magnitude >= 100 or value == int(value):
        return f"{value:.0f}"
    return f"{value:.2f}"


def line_chart(points: Sequence[tuple[int, float]], *, label: str, width: int = 320, height: int = 140) -> str:
    """A line chart of (year, value) points with the first and last year and the value range marked."""
    if not points:
        return f'<svg class="chart empty" role="img" aria-label="{escape(label)}: no data" width="{width}" height="40"><text x="4" y="24">no data</text></svg>'
    points = sorted(points)
    left, right, top, bottom = 44, 8, 10, 22
    years = [p[0] for p in points]
    values = [p[1] for p in points]
    y0, y1 = min(values), max(values)
    if y1 == y0:
        y0, y1 = y0 - 1, y1 + 1
    x0, x1 = min(years), max(years)
    span = max(x1 - x0, 1)

    def x(year: float) -> float:
        return left + (year - x0) / span * (width - left - right)

    def y(value: float) -> float:
        return top + (y1 - value) / (y1 - y0) * (height - top - bottom)

    path = " ".join(f"{'M' if i == 0 else 'L'}{_num(x(a))},{_num(y(b))}" for i, (a, b) in enumerate(points))
    dots = "".join(
        f'<circle cx="{_num(x(a))}" cy="{_num(y(b))}" r="2"><title>{a}: {escape(compact(b))}</title></circle>'
        for a, b in points
    )
    return (
        f'<svg class="chart line" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}"/>'
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}"/>'
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{escape(compact(y1))}</text>'
        f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end">{escape(compact(y0))}</text>'
        f'<text x="{left}" y="{height - 6}">{x0}</text>'
        f'<text x="{width - right}" y="{height - 6}" text-anchor="end">{x1}</text>'
        f'<path d="{path}" fill="none" stroke="{PALETTE[1]}" stroke-width="2"/>{dots}</svg>'
    )


@dataclass(frozen=True)
class Segment:
    label: str
    value: float
    colour: str


def stacked_bar(segments: Sequence[Segment], *, scale: float = 100.0, width: int = 200, height: int = 14) -> str:
    """A horizontal bar of segments (e.g. the contributions of the dimensions to a score out of `scale`)."""
    x = 0.0
    parts = []
    for segment in segments:
        if segment.value <= 0:
            continue
        w = segment.value / scale * width
        parts.append(
            f'<rect x="{_num(x)}" y="0" width="{_num(w)}" height="{height}" fill="{segment.colour}">'
            f"<title>{escape(segment.label)}: {segment.value:.1f}</title></rect>"
        )
        x += w
    total = sum(s.value for s in segments if s.value > 0)
    return (
        f'<svg class="chart stacked" role="img" aria-label="contributions adding up to {total:.1f}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f'<rect class="track" x="0" y="0" width="{width}" height="{height}"/>{"".join(parts)}</svg>'
    )


def rank_interval_bar(p05: float, median: float, p95: float, *, count: int, width: int = 120, height: int = 14) -> str:
    """Where a country's rank falls under random weights: a bar from the 5th to the 95th percentile."""
    count = max(count, 2)

    def x(rank: float) -> float:
        return 2 + (rank - 1) / (count - 1) * (width - 4)

    label = f"rank {p05:.0f} to {p95:.0f} in 90% of weightings, median {median:.0f}"
    return (
        f'<svg class="chart interval" role="img" aria-label="{label}" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{label}</title>"
        f'<line class="track" x1="2" y1="{height / 2}" x2="{width - 2}" y2="{height / 2}"/>'
        f'<rect x="{_num(x(p05))}" y="3" width="{_num(max(x(p95) - x(p05), 2))}" height="{height - 6}" fill="{PALETTE[1]}" opacity="0.5"/>'
        f'<line x1="{_num(x(median))}" y1="1" x2="{_num(x(median))}" y2="{height - 1}" stroke="{PALETTE[0]}" stroke-width="2"/></svg>'
    )


@dataclass(frozen=True)
class Bubble:
    x: float
    y: float
    size: float  # area is proportional to it
    label: str
    href: str = ""
    highlight: bool = False


def bubble_chart(
    bubbles: Sequence[Bubble], *, x_label: str, y_label: str, size_label: str,
    width: int = 760, height: int = 420, x_range: tuple[float, float] = (0, 100),
    y_range: tuple[float, float] = (0, 100), labels: int = 12,
) -> str:  # fmt: skip
    """A scatter of bubbles (area ~ size), each a link; the `labels` largest-y bubbles are named."""
    left, right, top, bottom = 48, 24, 20, 40
    (xa, xb), (ya, yb) = x_range, y_range
    biggest = max((b.size for b in bubbles), default=1.0) or 1.0

    def px(v: float) -> float:
        return left + (min(max(v, xa), xb) - xa) / ((xb - xa) or 1) * (width - left - right)

    def py(v: float) -> float:
        return top + (yb - min(max(v, ya), yb)) / ((yb - ya) or 1) * (height - top - bottom)

    named: set[int] = set()
    placed: list[tuple[float, float]] = []
    for b in sorted(bubbles, key=lambda b: -b.y):  # name the best, skipping labels that would overlap
        if len(named) == labels:
            break
        at = (px(b.x), py(b.y))
        if all(abs(at[0] - x) > 70 or abs(at[1] - y) > 13 for x, y in placed):
            named.add(id(b))
            placed.append(at)
    items = []
    for b in sorted(bubbles, key=lambda b: -b.size):  # big ones behind
        r = 2.5 + 16 * math.sqrt(max(b.size, 0) / biggest)
        circle = (
            f'<circle class="bubble{" highlight" if b.highlight else ""}" cx="{_num(px(b.x))}" cy="{_num(py(b.y))}" r="{_num(r)}">'
            f"<title>{escape(b.label)}: {escape(x_label)} {b.x:.0f}, {escape(y_label)} {b.y:.1f}, "
            f"{escape(size_label)} {escape(compact(b.size))}</title></circle>"
        )
        if id(b) in named:
            right_half = px(b.x) > (left + width - right) / 2
            anchor = "end" if right_half else "start"
            tx = px(b.x) - r - 2 if right_half else px(b.x) + r + 2
            circle += f'<text x="{_num(tx)}" y="{_num(py(b.y) + 4)}" text-anchor="{anchor}">{escape(b.label)}</text>'
        items.append(f'<a href="{escape(b.href)}" aria-label="{escape(b.label)}">{circle}</a>' if b.href else circle)
    grid = "".join(
        f'<line class="grid" x1="{left}" y1="{_num(py(v))}" x2="{width - right}" y2="{_num(py(v))}"/>'
        f'<text x="{left - 6}" y="{_num(py(v) + 4)}" text-anchor="end">{v:.0f}</text>'
        for v in (ya, (ya + yb) / 2, yb)
    ) + "".join(
        f'<text x="{_num(px(v))}" y="{height - bottom + 16}" text-anchor="middle">{v:.0f}</text>' for v in (xa, (xa + xb) / 2, xb)
    )
    return (
        f'<svg class="chart bubbles" role="{_role(bubbles)}" aria-label="{escape(y_label)} against {escape(x_label)}" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMid meet">'
        f'{grid}<line class="axis" x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}"/>'
        f'<text class="axis-label" x="{(left + width - right) / 2}" y="{height - 6}" text-anchor="middle">{escape(x_label)}</text>'
        f'<text class="axis-label" transform="rotate(-90)" x="{-(top + height - bottom) / 2}" y="14" text-anchor="middle">{escape(y_label)}</text>'
        f'{"".join(items)}</svg>'
    )


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    label: str


def _degrees(value: float, negative: str, positive: str) -> str:
    """-46.14 -> '46.1°W' (with 'W', 'E'), 0.0 -> '0.0°'."""
    rounded = round(value, 1)
    return f"{abs(rounded):.1f}°" + ("" if rounded == 0 else negative if rounded < 0 else positive)


def place_map(places: Sequence[Place], *, width: int = 360, height: int = 240) -> str:
    """Points on an equirectangular frame fitted to the places (with a margin), e.g. project locations."""
    if not places:
        return ""
    lats = [p.lat for p in places]
    lons = [p.lon for p in places]
    pad = 1.0
    south, north = min(lats) - pad, max(lats) + pad
    west, east = min(lons) - pad, max(lons) + pad
    # Keep the degrees square (scaled by the cosine of the middle latitude) inside the frame.
    cos = max(math.cos(math.radians((south + north) / 2)), 0.2)
    scale = min((width - 20) / ((east - west) * cos), (height - 20) / (north - south))

    def px(lon: float) -> float:
        return width / 2 + (lon - (west + east) / 2) * cos * scale

    def py(lat: float) -> float:
        return height / 2 - (lat - (south + north) / 2) * scale

    dots = "".join(
        f'<circle cx="{_num(px(p.lon))}" cy="{_num(py(p.lat))}" r="4"><title>{escape(p.label)} ({p.lat:.2f}, {p.lon:.2f})</title></circle>'
        for p in places
    )
    return (
        f'<svg class="chart places" role="img" aria-label="{len(places)} project locations" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f'<rect class="frame" x="0" y="0" width="{width}" height="{height}"/>{dots}'
        f'<text x="4" y="{height - 4}">{_degrees(min(lats), "S", "N")}–{_degrees(max(lats), "S", "N")}, '
        f'{_degrees(min(lons), "W", "E")}–{_degrees(max(lons), "W", "E")}</text></svg>'
    )


@dataclass(frozen=True)
class MapBubble:
    lat: float
    lon: float
    size: float  # radius grows with the square of size / largest size, so leaders stand out
    label: str
    href: str = ""
    top: bool = False


def world_map(
    bubbles: Sequence[MapBubble], *, background: Sequence[tuple[float, float]] = (),
    width: int = 900, height: int = 400,
) -> str:  # fmt: skip
    """An equirectangular world (60°S to 75°N) with bubbles; `background` points (large cities) sketch the land."""
    south, north = -60.0, 75.0

    def px(lon: float) -> float:
        return (lon + 180.0) / 360.0 * width

    def py(lat: float) -> float:
        return (north - min(max(lat, south), north)) / (north - south) * height

    land = "".join(f'<circle class="land" cx="{_num(px(lon))}" cy="{_num(py(lat))}" r="1.2"/>' for lat, lon in background)
    biggest = max((b.size for b in bubbles), default=1.0) or 1.0
    items = []
    for b in sorted(bubbles, key=lambda b: -b.size):
        r = 1.5 + 13 * (max(b.size, 0) / biggest) ** 2
        circle = (
            f'<circle class="bubble{" top" if b.top else ""}" cx="{_num(px(b.lon))}" cy="{_num(py(b.lat))}" r="{_num(r)}">'
            f"<title>{escape(b.label)}</title></circle>"
        )
        items.append(f'<a href="{escape(b.href)}" aria-label="{escape(b.label)}">{circle}</a>' if b.href else circle)
    return (
        f'<svg class="chart world" role="{_role(bubbles)}" aria-label="map of {len(bubbles)} countries" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMid meet">'
        f'<rect class="sea" width="{width}" height="{height}"/>{land}{"".join(items)}</svg>'
    )


@dataclass(frozen=True)
class Span:
    """Where one segment lies along a bar: from x, this wide."""

    x: float
    width: float
    segment: Segment


def bar_spans(segments: Sequence[Segment], *, width: float) -> tuple[Span, ...]:
    """The segments of a bar that shows shares (a 100 % stacked bar) laid side by side: each as wide as its
    share of the total, together exactly `width`. A segment of 0 (or less) gets no span; a bar whose total
    is 0 gets none (nothing is divided by zero).

    >>> [(s.x, s.width) for s in bar_spans([Segment("a", 1, "#000"), Segment("b", 0, "#000"), Segment("c", 3, "#000")], width=100)]
    [(0.0, 25.0), (25.0, 75.0)]
    """
    shown = [s for s in segments if s.value > 0]
    total = sum(s.value for s in shown)
    if total <= 0:
        return ()
    spans, before = [], 0.0
    for index, segment in enumerate(shown):
        start = before / total * width
        before += segment.value
        end = width if index == len(shown) - 1 else before / total * width  # the last one ends at the edge
        spans.append(Span(start, end - start, segment))
    return tuple(spans)


@dataclass(frozen=True)
class Bar:
    """One labelled bar of `stacked_bars` (e.g. a partner's companies by band); `note` follows the label."""

    label: str
    segments: tuple[Segment, ...]
    note: str = ""


def stacked_bars(bars: Sequence[Bar], *, title: str, description: str, chart_id: str = "bars", width: int = 420,
                 bar_height: int = 18) -> str:
    """Bars of shares, one under the other, each under its label: every segment titled "label, segment:
    value" (shown on hover, read by screen readers); an all-zero bar is an empty track. `title` and
    `description` are the chart's accessible name and text (say the numbers there, or in a table beside);
    `chart_id` keeps their ids apart when a page has two such charts."""
    label_height, gap = 16, 10
    row = label_height + bar_height + gap
    height = max(len(bars) * row, row)
    parts = []
    for i, bar in enumerate(bars):
        top = i * row
        label = escape(bar.label) + (f' <tspan class="note">{escape(bar.note)}</tspan>' if bar.note else "")
        parts.append(f'<text x="0" y="{top + label_height - 4}">{label}</text>'
                     f'<rect class="track" x="0" y="{top + label_height}" width="{width}" height="{bar_height}" '
                     f'fill="#eef1f4"/>')
        for span in bar_spans(bar.segments, width=width):
            parts.append(
                f'<rect class="segment" x="{_num(span.x)}" y="{top + label_height}" width="{_num(span.width)}" '
                f'height="{bar_height}" fill="{escape(span.segment.colour)}" stroke="#fff"><title>{escape(bar.label)}, '
                f"{escape(span.segment.label)}: {escape(compact(span.segment.value))}</title></rect>"
            )
    return (
        f'<svg class="chart bars" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}"><title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>{"".join(parts)}</svg>'
    )


def legend(segments: Sequence[Segment]) -> str:
    """The colours of a chart's segments with their labels, as an HTML list under the chart (it wraps on a
    narrow screen, where text inside a scaled-down SVG would be too small)."""
    items = "".join(
        f'<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" '
        f'fill="{escape(s.colour)}"/></svg>{escape(s.label)}</li>'
        for s in segments
    )
    return f'<ul class="chart-legend">{items}</ul>'
