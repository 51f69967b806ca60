"""Controlled vocabularies: the values a kind, office or qualifier column may hold.

One tuple per vocabulary feeds the pydantic Literal (validation, OpenAPI enums) and the
database CHECK constraint, so the two cannot drift apart.
"""

import difflib
from typing import Literal, get_args

from sqlalchemy import CheckConstraint


def as_words(value: str | None) -> str:
    """A vocabulary value as the words it stands for: "credit_line" → "credit line"."""
    return (value or "").replace("_", " ")


Office = Literal["president", "prime_minister"]
Qualifier = Literal["exact", "more_than", "about", "up_to"]
MissionKind = Literal["embassy", "diplomatic_mission", "consulate_general"]
"""`diplomatic_mission` where the source names no level (embassy or otherwise)."""
MissionStatus = Literal["open", "decreed"]
DiasporaScope = Literal["country", "central_asia", "worldwide"]
ProjectKind = Literal[
    "aid_programme",
    "free_economic_zone",
    "airport_management",
    "plant",
    "refinery",
    "university",
    "cultural_centre",
    "education_centre",
    "donation",
    "event",
    "film",
]
Sector = Literal[
    "development_aid",
    "governance",
    "rural_development",
    "industry",
    "transport",
    "energy",
    "oil_refining",
    "petrochemicals",
    "education",
    "culture",
    "diplomacy",
]
InvestmentKind = Literal[
    "investment_stock",
    "trade_turnover",
    "credit_line",
    "grant_aid",
    "agreements_signed",
    "fez_portfolio",
    "project_funding",
    "gdp_forecast",
    "debt_repayment",
]

MoneyNature = Literal["stock", "flow", "commitment", "ceiling", "two_way_trade", "forecast"]
"""What a money figure measures; figures of different natures are never added together.
`stock`: an accumulated amount at a date; `flow`: money paid or spent over a period;
`commitment`: the value of deals agreed, not yet paid; `ceiling`: the most that may be lent or
spent; `two_way_trade`: both directions of trade added; `forecast`: a projected or estimated
size."""
MoneyDirection = Literal["one_way", "two_way", "unstated", "none"]
"""`one_way`: from_country pays or invests in to_country; `two_way`: both ways at once (trade);
`unstated`: between the two countries, but the article does not say who pays; `none`: not a
flow between countries."""


def values(vocabulary) -> tuple[str, ...]:
    return get_args(vocabulary)


def vocabulary_check(column: str, vocabulary) -> CheckConstraint:
    """The CHECK constraint `<column>_vocabulary` restricting `column` to the vocabulary. Its
    words ride along in `info`, so code can rely on what the column holds (`words_of`)."""
    words = values(vocabulary)
    quoted = ", ".join(f"'{word}'" for word in words)
    return CheckConstraint(
        f"{column} IN ({quoted})",
        name=f"{column}_vocabulary",
        info={"column": column, "words": words},
    )


def words_of(column) -> tuple[str, ...] | None:
    """The words a table column is restricted to by its `vocabulary_check`, or None (not a
    table's column, or not a vocabulary)."""
    for constraint in getattr(getattr(column, "table", None), "constraints", ()):
        if isinstance(constraint, CheckConstraint) and constraint.info.get("column") == column.name:
            return constraint.info["words"]
    return None


InitiativeKind = Literal[
    "platform",
    "policy",
    "phase",
    "aim",
    "framework",
    "corridor",
    "focus",
    "task_list",
    "strategy",
    "sector",
    "task",
    "themed_year",
    "goal_list",
    "goal",
]
AgreementKind = Literal["agreement", "agreement_package", "decree"]
AgreementStatus = Literal["negotiating", "agreed", "signed", "decreed", "in_force"]
DatePrecision = Literal["day", "month", "year"]
OrganisationKind = Literal[
    "ministry", "agency", "service", "platform", "company", "forum", "secretariat", "committee"
]
StartScope = Literal["region", "worldwide"]
"""Where the start year applies: work in or for Central Asia, or the body's work anywhere."""
ReportStatus = Literal["announced", "scheduled", "postponed", "held", "cancelled"]
"""A planned event's status on the day a source reported it."""
SourceOrigin = Literal["article", "footnote", "external", "synthetic"]
"""The article itself, one of its footnotes, a page read beyond the article, or the generated
benchmark rows of `kca synth` (never facts)."""
ForumLevel = Literal["heads_of_state", "ministerial", "vice_ministerial", "senior_officials"]
IndicatorMeasure = Literal[
    "investor_rank",
    "partner_rank",
    "development_rank",
    "uranium_import_share",
    "workers_without_permits",
    "campaign_participants",
    "presidents_since",
]
"""`presidents_since`: how many people have held the presidency since the indicator's `year`."""
IndicatorUnit = Literal["rank", "percent", "people"]

RENAMED = {
    "year_start": "year_from",
    "year_end": "year_to",
    "start_year": "year_from",
    "end_year": "year_to",
    "from": "from_country",
    "to": "to_country",
}
"""Names the API gave up so that each concept has one (issue 13; README, "Renamed names"):
a year range is `year_from`/`year_to` on every record kind, and a country filter is named
after the field it compares, so `from` and `to` cannot be read as dates."""


def renamed(name: str, allowed) -> str | None:
    """ "'year_start' was renamed 'year_from'." when `name` (a field, or a `field__op`) is a
    name given up whose replacement is among `allowed`; None otherwise."""
    field, separator, op = name.partition("__")
    new = RENAMED.get(field)
    if new is None or f"{new}{separator}{op}" not in allowed:
        return None
    return f"'{name}' was renamed '{new}{separator}{op}'."


def pointer_to(name: str, allowed: list[str]) -> str | None:
    """What a mistaken `name` should have been: the name that replaced it, else the nearest of
    `allowed` ("Did you mean 'x'?"); None when nothing is near."""
    pointer = renamed(name, allowed)
    if pointer:
        return pointer
    match = difflib.get_close_matches(name, allowed, n=1)
    return f"Did you mean '{match[0]}'?" if match else None
