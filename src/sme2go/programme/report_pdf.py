"""The funder's report as a PDF (reportlab): headline KPIs against targets, per partner, over
time as bar charts, and the budgets. Pure apart from reportlab: a ProgrammeReport in, bytes out."""

from __future__ import annotations

import io
import math
from decimal import Decimal

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from sme2go.programme.kpis import ProgrammeReport
from sme2go.programme.tally import Number

GREEN = colors.HexColor("#0b6e4f")
GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8ccd0")),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f1")),
    ("FONTSIZE", (0, 0), (-1, -1), 8),
    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
])


def number(value: Number | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.0f} %"


def year_chart(label: str, by_year: dict[int, Number], years: tuple[int, ...]) -> Flowable:
    """A small bar chart of one KPI per year."""
    drawing = Drawing(8 * cm, 4.2 * cm)
    drawing.add(String(0, 4.2 * cm - 10, label, fontSize=8, fillColor=colors.black))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 28, 18, 8 * cm - 36, 4.2 * cm - 40
    chart.data = [[float(by_year.get(y, 0)) for y in years] or [0.0]]
    chart.categoryAxis.categoryNames = [str(y) for y in years] or ["—"]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    values = chart.data[0]
    if all(float(v).is_integer() for v in values):  # counts: whole-number ticks, never "0.5 companies"
        step = max(1, math.ceil(max(values) / 5))
        chart.valueAxis.valueStep = step
        chart.valueAxis.valueMax = step * max(1, math.ceil(max(values) / step))
    chart.bars[0].fillColor = GREEN
    drawing.add(chart)
    return drawing


def render_pdf(report: ProgrammeReport, *, programme: str = "sme2go export programme") -> bytes:
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=f"{programme}: report {report.generated_on:%Y-%m-%d}",
                            leftMargin=1.6 * cm, rightMargin=1.6 * cm, topMargin=1.6 * cm, bottomMargin=1.6 * cm,
                            pageCompression=0, invariant=1)
    story: list[Flowable] = [
        Paragraph(f"{programme}: programme report", styles["Title"]),
        Paragraph(f"Generated on {report.generated_on:%Y-%m-%d} from the records in sme2go.", styles["Normal"]),
        Spacer(0, 0.4 * cm),
        Paragraph("Results against targets", styles["Heading2"]),
    ]
    headline = [["KPI", "Target", "Actual", "Of target"]]
    for r in report.results:
        headline.append([r.kpi.label, number(r.target), number(r.actual.total), percent(r.share_of_target)])
    story.append(Table(headline, colWidths=[9 * cm, 2.4 * cm, 2.4 * cm, 2.4 * cm], style=GRID))
    story.append(Paragraph(
        "Companies count once in a total however many partners work with them; per partner they count for each "
        "partner, so the partner columns may add up to more.", styles["Italic"]))
    story += [Spacer(0, 0.4 * cm), Paragraph("Per partner (actual / target)", styles["Heading2"])]
    per_partner = [["KPI", *report.partners]]
    for r in report.results:
        per_partner.append([r.kpi.label, *(
            number(r.actual.by_partner.get(p, 0)) + (f" / {number(r.partner_targets[p])}" if p in r.partner_targets else "")
            for p in report.partners
        )])
    widths = [6 * cm] + [(16.6 * cm - 6 * cm) / max(1, len(report.partners))] * len(report.partners)
    story.append(Table(per_partner, colWidths=widths, style=GRID))
    story += [Spacer(0, 0.4 * cm), Paragraph("Over time", styles["Heading2"])]
    charts = [year_chart(r.kpi.label, r.actual.by_year, report.years) for r in report.results]
    rows = [charts[i:i + 2] + [""] * (2 - len(charts[i:i + 2])) for i in range(0, len(charts), 2)]
    story.append(Table(rows, colWidths=[8.3 * cm, 8.3 * cm]))
    story += [Spacer(0, 0.4 * cm), Paragraph("Budgets", styles["Heading2"])]
    budget = [["Partner", "Budget (EUR)", "ERDF (EUR)"]]
    budget += [[f"{b.name} ({b.partner})", number(b.budget_eur), number(b.erdf_eur)] for b in report.budgets]
    budget.append(["Programme", number(report.budget_total), number(report.erdf_total)])
    story.append(Table(budget, colWidths=[10 * cm, 3.3 * cm, 3.3 * cm], style=GRID))
    per_company = report.erdf_per_company_supported
    story.append(Paragraph(
        f"ERDF per unique company supported: {number(per_company)} EUR." if per_company is not None
        else "ERDF per unique company supported: no company supported yet.", styles["Normal"]))
    doc.build(story)
    return out.getvalue()
