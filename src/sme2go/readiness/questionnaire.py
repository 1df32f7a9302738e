"""The export-readiness questionnaire and its scoring. Pure: no Django.

In the tradition of Cavusgil's CORE (COmpany Readiness to Export), readiness has two sides:
**organisational** readiness (is the firm committed, experienced and resourced to sell
abroad?) and **product** readiness (is what it sells ready for a foreign city?). Each
question is answered on a five-step scale, 0 (not at all) to 4 (fully), and weighted.

- dimension score = 100 x sum(weight x answer) / sum(weight x 4), so 0-100;
- overall = the mean of the two dimensions (a firm needs both to export);
- band: from the overall score (BANDS), with the weaker side named;
- next steps: for each answer of 0-2, that question's advice, the largest weighted gap
  to a full answer first (at most MAX_NEXT_STEPS).

Raising any answer never lowers any score (a tested property).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ORGANISATIONAL = "organisational"
PRODUCT = "product"
DIMENSIONS = (ORGANISATIONAL, PRODUCT)
SCALE = ("0 Not at all", "1 A little", "2 Partly", "3 Mostly", "4 Fully")
TOP = len(SCALE) - 1
WEAK = 2  # answers up to this one get a next step
MAX_NEXT_STEPS = 5


@dataclass(frozen=True)
class Question:
    key: str
    dimension: str
    label: str  # short name, used in errors and the history
    text: str  # the question as asked
    weight: float
    next_step: str  # advice when the answer is weak


QUESTIONS: tuple[Question, ...] = (
    Question("commitment", ORGANISATIONAL, "Management commitment",
             "Has top management decided to sell abroad and set aside time for it?", 2.0,
             "Agree an export decision at board level: a target market, a budget and who owns it."),
    Question("plan", ORGANISATIONAL, "Export plan",
             "Is there a written export plan with target markets, goals and a budget?", 1.5,
             "Write a one-page export plan: two target markets, a first-year sales goal and a budget."),
    Question("experience", ORGANISATIONAL, "International experience",
             "Has the company already sold, piloted or delivered outside its home country?", 1.5,
             "Start with a pilot or a reference sale in a neighbouring market, with a partner who knows it."),
    Question("people", ORGANISATIONAL, "People and languages",
             "Does someone have time, language skills and a mandate to handle foreign customers?", 1.0,
             "Name one person for export, with time for it; book language or tender training if needed."),
    Question("finance", ORGANISATIONAL, "Finance for export",
             "Can the company fund travel, adaptation and a longer cash cycle for foreign sales?", 1.0,
             "Check export finance and support schemes (vouchers, guarantees) before the first offer."),
    Question("sales_channels", ORGANISATIONAL, "Sales channels abroad",
             "Does the company have partners, distributors or integrators in a target market?", 1.0,
             "Find a local partner or integrator: join a mission or a matchmaking event in the target market."),
    Question("reference", PRODUCT, "Proven at home",
             "Is the solution running in at least one city or customer site at home, with results?", 2.0,
             "Document one home deployment as a reference case, with measured results and a contact."),
    Question("adaptation", PRODUCT, "Ready to adapt",
             "Can the solution be adapted to other languages, standards and city systems?", 1.5,
             "List what a foreign city needs changed (language, data standards, integrations) and cost it."),
    Question("compliance", PRODUCT, "Certification and compliance",
             "Does the solution meet the certification and data rules of the target markets (CE, GDPR, ...)?", 1.5,
             "Map the certifications and data-protection rules of the target markets and plan the missing ones."),
    Question("advantage", PRODUCT, "Clear advantage",
             "Can the company say in one sentence why a buyer abroad should choose it over local rivals?", 1.0,
             "Compare with three competitors in the target market and write the one-sentence advantage."),
    Question("pricing", PRODUCT, "Export pricing",
             "Is there a price for foreign buyers that covers delivery, support and local costs?", 1.0,
             "Build an export price: delivery, support, travel, currency and partner margins included."),
    Question("protection", PRODUCT, "IP and contracts",
             "Are the company's IP, trademarks and contract templates ready for foreign customers?", 1.0,
             "Check trademark and IP protection in the target markets and get an export contract template."),
)
QUESTION_BY_KEY = {q.key: q for q in QUESTIONS}

# (lowest overall score, band name, what it means after "<company> is"), highest first.
BANDS: tuple[tuple[float, str, str], ...] = (
    (75.0, "Export-ready", "ready to sell abroad: go to market with a mission or a consortium"),
    (55.0, "Nearly ready", "nearly ready: a few gaps to close before the first foreign offer"),
    (35.0, "Developing", "building the basics: close the gaps below before spending on missions"),
    (0.0, "Early stage", "not yet ready: start with the home reference and an export decision"),
)


class AnswerError(ValueError):
    """Answers that cannot be scored; `question` is the key of the first wrong one (None for the whole:
    "" is a key a client can send)."""

    def __init__(self, message: str, question: str | None = None) -> None:
        super().__init__(message)
        self.question = question


@dataclass(frozen=True)
class Result:
    organisational: float  # 0-100
    product: float  # 0-100
    overall: float  # 0-100
    band: str
    meaning: str
    weaker: str  # the dimension with the lower score ("" when equal)
    next_steps: tuple[str, ...]
    next_step_questions: tuple[str, ...]  # the key of each next step's question, in the same order

    @property
    def readiness(self) -> float:
        """The overall score as 0-1, as the consortium engine's readiness."""
        return self.overall / 100.0


def check_answers(answers: Mapping[str, object]) -> dict[str, int]:
    """Every question answered with a whole number 0-4, no unknown keys; AnswerError names the question."""
    unknown = sorted(set(answers) - set(QUESTION_BY_KEY))
    if unknown:
        # A key that is the empty string is shown as "", so the message still names it.
        names = ", ".join(key or '""' for key in unknown)
        raise AnswerError(f"unknown question(s): {names}", unknown[0])
    checked: dict[str, int] = {}
    for q in QUESTIONS:
        value = answers.get(q.key)
        if value is None or value == "":
            raise AnswerError(f"{q.label}: choose one answer", q.key)
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise AnswerError(f"{q.label}: the answer must be a whole number 0-{TOP}, got {value!r}", q.key)
        try:
            number = int(value)
        except ValueError:
            raise AnswerError(f"{q.label}: the answer must be a whole number 0-{TOP}, got {value!r}", q.key) from None
        if not 0 <= number <= TOP:
            raise AnswerError(f"{q.label}: the answer must be between 0 and {TOP}, got {number}", q.key)
        checked[q.key] = number
    return checked


def score(answers: Mapping[str, object]) -> Result:
    """Score a complete set of answers (see the module docstring)."""
    checked = check_answers(answers)
    by_dimension = {}
    for dimension in DIMENSIONS:
        questions = [q for q in QUESTIONS if q.dimension == dimension]
        got = sum(q.weight * checked[q.key] for q in questions)
        by_dimension[dimension] = round(100.0 * got / sum(q.weight * TOP for q in questions), 1)
    organisational, product = by_dimension[ORGANISATIONAL], by_dimension[PRODUCT]
    overall = round((organisational + product) / 2, 1)
    band, meaning = next((name, text) for low, name, text in BANDS if overall >= low)
    weaker = "" if organisational == product else (ORGANISATIONAL if organisational < product else PRODUCT)
    weak = [q for q in QUESTIONS if checked[q.key] <= WEAK]
    weak.sort(key=lambda q: -q.weight * (TOP - checked[q.key]))  # stable: questionnaire order on ties
    return Result(
        organisational=organisational,
        product=product,
        overall=overall,
        band=band,
        meaning=meaning,
        weaker=weaker,
        next_steps=tuple(q.next_step for q in weak[:MAX_NEXT_STEPS]),
        next_step_questions=tuple(q.key for q in weak[:MAX_NEXT_STEPS]),
    )
