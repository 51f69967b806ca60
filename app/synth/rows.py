"""The SQL that expands synthetic templates into rows inside the database (SQLite and
PostgreSQL alike): a recursive CTE counts the rows, and each row picks its template and draws its
numbers from its own index with a multiplicative (Weyl) hash: nothing per row crosses from
Python.

The draws are deterministic: the same templates and offsets give the same rows."""

import random

from sqlalchemy import BigInteger, Boolean, Column, Integer, MetaData, String, Table, Text

from app.synth.generate import DOCUMENT_FIELDS, DOCUMENT_PARTS, SOURCE_ID, TEMPLATES

_METADATA = MetaData()
_MULTIPLIERS = (2654435761, 2246822519, 3266489917, 668265263, 374761393)
"""Odd 32-bit constants: row index × each one, modulo 2³², gives an independent-looking draw."""


def _temporary(name: str, *columns: Column) -> Table:
    parts = [Column(part, Text) for part in DOCUMENT_PARTS]
    return Table(name, _METADATA, *columns, *parts, prefixes=["TEMPORARY"])


VISITS = _temporary(
    "synth_visits",
    Column("id", Integer, primary_key=True),
    Column("person_id", String),
    Column("office", String),
    Column("from_country", String),
    Column("to_country", String),
    Column("year", Integer),
    Column("city", String),
    Column("description", String),
)
PROJECTS = _temporary(
    "synth_project_templates",
    Column("number", Integer, primary_key=True),
    Column("name_before", String),
    Column("country_code", String),
    Column("city", String),
    Column("kind", String),
    Column("sector", String),
    Column("korean_party", String),
    Column("year_from", Integer),
    Column("year_to", Integer),
    Column("value_scale", BigInteger),
    Column("description", String),
)
INVESTMENTS = _temporary(
    "synth_investment_templates",
    Column("number", Integer, primary_key=True),
    Column("kind", String),
    Column("from_country", String),
    Column("to_country", String),
    Column("amount_scale", BigInteger),
    Column("qualifier", String),
    Column("nature", String),
    Column("direction", String),
    Column("year_from", Integer),
    Column("year_to", Integer),
    Column("counted", Boolean),
    Column("description", String),
)
TEMPORARY_TABLES = (VISITS, PROJECTS, INVESTMENTS)


class Draws:
    """Per-row pseudo-random integers in SQL, offset by the seeded generator, and the rows'
    order: SQLite's nested loop keeps the counting order by itself (sorting would copy every
    row), PostgreSQL's hash join need not, and search documents take their ids in that order."""

    def __init__(self, rng: random.Random, dialect: str) -> None:
        self.offsets = [rng.getrandbits(32) for _ in _MULTIPLIERS]
        self.order = " ORDER BY n.i" if dialect == "postgresql" else ""

    def __call__(self, which: int, below: int) -> str:
        """SQL for an integer in [0, below) (below ≤ 2²⁴) drawn for row `n.i`."""
        mixed = f"(n.i * {_MULTIPLIERS[which]} + {self.offsets[which]}) & 4294967295"
        return f"((({mixed}) >> 8) % {int(below)})"


DOCUMENT_INSERT = "INSERT INTO search_documents (resource, record_key, title, body, terms) "


def _numbers(start: int, stop: int) -> str:
    return (
        f"WITH RECURSIVE n(i) AS (SELECT CAST({int(start)} AS BIGINT) UNION ALL "
        f"SELECT i + 1 FROM n WHERE i < {int(stop) - 1}) "
    )


def _document(plural: str, key: str) -> str:
    """The document columns for template `t`, its id put back where it was split out."""
    text_key = f"CAST({key} AS TEXT)"
    parts = (f"t.{p}_before || coalesce({text_key} || t.{p}_after, '')" for p in DOCUMENT_FIELDS)
    return f"'{plural}', {text_key}, " + ", ".join(parts)


def visits(first_id: int, start: int, stop: int) -> list[str]:
    rows = f"FROM synth_visits t WHERE t.id >= {int(first_id + start)} "
    rows += f"AND t.id < {int(first_id + stop)} ORDER BY t.id"
    columns = "id, person_id, office, from_country, to_country, year, city, source_id, locator, "
    return [
        f"INSERT INTO visits ({columns}description) "
        "SELECT t.id, t.person_id, t.office, t.from_country, t.to_country, t.year, t.city, "
        f"{SOURCE_ID}, 'synthetic row ' || t.id, t.description {rows}",
        DOCUMENT_INSERT + f"SELECT {_document('visits', 't.id')} {rows}",
    ]


def projects(first_id: int, start: int, stop: int, draw: Draws) -> list[str]:
    key = f"({int(first_id)} + n.i)"
    rows = f"FROM n JOIN synth_project_templates t ON t.number = {draw(0, TEMPLATES)}"
    rows += draw.order
    return [
        _numbers(start, stop) + "INSERT INTO projects (id, slug, name, country_code, city, kind, "
        "sector, korean_party, year_from, year_to, value_usd, value_qualifier, sub_projects, "
        f"source_id, locator, description) SELECT {key}, 'synthetic-project-' || {key}, "
        f"t.name_before || {key}, t.country_code, t.city, t.kind, t.sector, t.korean_party, "
        f"t.year_from, t.year_to, t.value_scale * (100 + {draw(1, 900)}) / 100, "
        "CASE WHEN t.value_scale IS NOT NULL THEN 'exact' END, "
        f"CASE WHEN t.kind = 'aid_programme' THEN {key} % 40 END, {SOURCE_ID}, "
        f"'synthetic row ' || {key}, t.description {rows}",
        _numbers(start, stop) + DOCUMENT_INSERT + f"SELECT {_document('projects', key)} {rows}",
    ]


def investments(first_id: int, start: int, stop: int, draw: Draws, project_ids: range) -> list[str]:
    """About 30% of the money figures link to one of `project_ids` (none if it is empty)."""
    key = f"({int(first_id)} + n.i)"
    rows = f"FROM n JOIN synth_investment_templates t ON t.number = {draw(0, TEMPLATES)}"
    rows += draw.order
    project = (
        f"CASE WHEN {draw(3, 10)} < 3 THEN {project_ids.start} + {draw(4, len(project_ids))} END"
        if project_ids
        else "NULL"
    )
    return [
        _numbers(start, stop) + "INSERT INTO investments (id, slug, kind, from_country, "
        "to_country, amount_usd, qualifier, nature, direction, year_from, year_to, count, "
        f"project_id, source_id, locator, description) SELECT {key}, "
        f"'synthetic-investment-' || {key}, t.kind, "
        f"t.from_country, t.to_country, t.amount_scale * (100 + {draw(1, 900)}) / 100, "
        f"t.qualifier, t.nature, t.direction, t.year_from, t.year_to, "
        f"CASE WHEN t.counted THEN 1 + {draw(2, 60)} END, "
        f"{project}, {SOURCE_ID}, 'synthetic row ' || {key}, t.description {rows}",
        _numbers(start, stop) + DOCUMENT_INSERT + f"SELECT {_document('investments', key)} {rows}",
    ]
