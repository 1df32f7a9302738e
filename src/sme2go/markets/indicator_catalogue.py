"""Names, units and sources of the indicators the product knows (codes as the World Bank spells them).

A code not listed here is still accepted by an import; it is stored under its own code
as its name until someone names it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorDefinition:
    code: str
    name: str
    unit: str
    source: str


WDI = "World Bank World Development Indicators"
UN_EGOV = "UN DESA E-Government Survey"

INDICATORS: dict[str, IndicatorDefinition] = {
    d.code: d
    for d in (
        IndicatorDefinition("NY.GDP.MKTP.CD", "GDP", "current US$", WDI),
        IndicatorDefinition("SP.POP.TOTL", "Population", "people", WDI),
        IndicatorDefinition("SP.POP.GROW", "Population growth", "% per year", WDI),
        IndicatorDefinition("SP.URB.TOTL", "Urban population", "people", WDI),
        IndicatorDefinition("SP.URB.GROW", "Urban population growth", "% per year", WDI),
        IndicatorDefinition("UN.EGDI", "E-Government Development Index", "index 0-1", UN_EGOV),
        IndicatorDefinition("UN.EGDI.OSI", "Online Service Index", "index 0-1", UN_EGOV),
        IndicatorDefinition("UN.EGDI.HCI", "Human Capital Index", "index 0-1", UN_EGOV),
        IndicatorDefinition("UN.EGDI.TII", "Telecommunication Infrastructure Index", "index 0-1", UN_EGOV),
        IndicatorDefinition("UN.EPI", "E-Participation Index", "index 0-1", UN_EGOV),
        IndicatorDefinition("WB.DB.RANK", "Ease of doing business rank", "rank (1 = easiest)", "World Bank Doing Business"),
    )
}


def definition_of(code: str, *, name: str = "") -> IndicatorDefinition:
    """The known definition of `code`, or one named `name` (or the code itself) from an import."""
    return INDICATORS.get(code) or IndicatorDefinition(code, name or code, "", "")
