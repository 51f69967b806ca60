"""Controlled vocabularies: the values a kind, office or qualifier column may hold.

One tuple per vocabulary feeds the pydantic Literal (validation, OpenAPI enums) and the
database CHECK constraint, so the two cannot drift apart.
"""

from typing import Literal, get_args


def as_words(value: str | None) -> str:
    """A vocabulary value as the words it stands for: "credit_line" → "credit line"."""
    return (value or "").replace("_", " ")


Office = Literal["president", "prime_minister"]
Qualifier = Literal["exact", "more_than", "about", "up_to"]
MissionKind = Literal["embassy", "consulate_general"]
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


def values(vocabulary) -> tuple[str, ...]:
    return get_args(vocabulary)


def in_check(column: str, vocabulary) -> str:
    """SQL for a CHECK constraint restricting `column` to the vocabulary."""
    quoted = ", ".join(f"'{value}'" for value in values(vocabulary))
    return f"{column} IN ({quoted})"


OrganisationKind = Literal[
    "ministry", "agency", "service", "platform", "company", "forum", "secretariat", "committee"
]
StartScope = Literal["region", "worldwide"]
"""Where the start year applies: work in or for Central Asia, or the body's work anywhere."""
ForumLevel = Literal["heads_of_state", "ministerial", "vice_ministerial", "senior_officials"]
IndicatorMeasure = Literal[
    "investor_rank",
    "partner_rank",
    "development_rank",
    "uranium_import_share",
    "workers_without_permits",
    "campaign_participants",
]
IndicatorUnit = Literal["rank", "percent", "people"]
