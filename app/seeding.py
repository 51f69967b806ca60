"""Load `seeds/*.csv` into the database: validated by the API's schemas, all-or-nothing, idempotent.

Every file is read and checked (types, vocabularies, references between files, duplicate keys)
before anything is written; the writes then run in a single transaction. A row that already
exists with the same values is left alone, so a second run changes nothing.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from app.meta.version import bump
from app.query.registry import SeedTable
from app.registry import REGISTRY
from app.search.build import rebuild_index
from app.search.models import SearchDocument

SEED_DIR = Path(__file__).resolve().parent.parent / "seeds"


# In foreign-key order: a table comes after every table it references.
SEED_TABLES = REGISTRY.seed_tables


class SeedError(Exception):
    """The seed files are not loadable; `problems` lists each as 'file, line N, field: message'."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class SeedReport:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    indexed: int | None = None
    """Search documents written, when the index was rebuilt."""
    version: int | None = None
    """The dataset version after the change, when anything changed."""

    @property
    def changed(self) -> int:
        return sum(self.inserted.values()) + sum(self.updated.values())


@dataclass(frozen=True)
class SeedRow:
    line: int
    values: dict


def read_seeds(directory: Path = SEED_DIR) -> dict[SeedTable, list[SeedRow]]:
    """Every seed file parsed and validated; raises SeedError listing every problem found."""
    problems: list[str] = []
    rows = {spec: _read_file(directory, spec, problems) for spec in SEED_TABLES}
    if not problems:
        _check_keys(rows, problems)
    if problems:
        raise SeedError(problems)
    return rows


def _read_file(directory: Path, spec: SeedTable, problems: list[str]) -> list[SeedRow]:
    path = directory / spec.file_name
    if not path.is_file():
        problems.append(f"{spec.file_name}: file is missing")
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        expected = list(spec.schema.model_fields)
        header = reader.fieldnames or []
        if sorted(header) != sorted(expected):
            unknown = sorted(set(header) - set(expected))
            missing = sorted(set(expected) - set(header))
            problems.append(
                f"{spec.file_name}, line 1: columns do not match the schema"
                f" (unknown: {unknown or 'none'}; missing: {missing or 'none'})"
            )
            return []
        rows = []
        for record in reader:
            line = reader.line_num
            if None in record:
                problems.append(f"{spec.file_name}, line {line}: more cells than columns")
                continue
            raw = {name: (None if value == "" else value) for name, value in record.items()}
            try:
                values = spec.schema.model_validate(raw).model_dump()
            except ValidationError as error:
                for item in error.errors():
                    where = ".".join(str(part) for part in item["loc"]) or "row"
                    problems.append(
                        f"{spec.file_name}, line {line}, field '{where}': {item['msg']}"
                    )
                continue
            rows.append(SeedRow(line, values))
        return rows


def _check_keys(rows: dict[SeedTable, list[SeedRow]], problems: list[str]) -> None:
    """Duplicate primary or unique keys, and references to rows no seed file holds."""
    keys: dict[tuple[str, str], set] = {}
    for spec, table_rows in rows.items():
        unique_sets = [[c.name for c in spec.table.primary_key.columns]] + [
            [c.name for c in constraint.columns]
            for constraint in spec.table.constraints
            if constraint.__class__.__name__ == "UniqueConstraint"
        ]
        for columns in unique_sets:
            seen: dict[tuple, int] = {}
            for row in table_rows:
                value = tuple(row.values[c] for c in columns)
                if None in value:
                    continue
                if value in seen:
                    problems.append(
                        f"{spec.file_name}, line {row.line}, field '{','.join(columns)}': "
                        f"{value} repeats line {seen[value]}"
                    )
                seen[value] = row.line
        for column in spec.table.columns:
            keys[(spec.table.name, column.name)] = {row.values[column.name] for row in table_rows}
    for spec, table_rows in rows.items():
        for column in spec.table.columns:
            for fk in column.foreign_keys:
                target = (fk.column.table.name, fk.column.name)
                for row in table_rows:
                    value = row.values[column.name]
                    if value is not None and value not in keys[target]:
                        problems.append(
                            f"{spec.file_name}, line {row.line}, field '{column.name}': "
                            f"no {target[0]} row has {target[1]} {value!r}"
                        )


SEED_STEPS = len(SEED_TABLES) + 2
"""Steps `seed` reports to a progress bar: reading the files, each table, the search index."""


def seed(engine: Engine, directory: Path = SEED_DIR, bar=None) -> SeedReport:
    """Bring the database in line with the seed files, in one transaction. `bar` (see
    app/progress.py) advances by one for each of SEED_STEPS steps."""
    advance = bar.advance if bar is not None else lambda: None
    rows = read_seeds(directory)
    advance()
    report = SeedReport()
    try:
        with engine.begin() as connection:
            for spec in SEED_TABLES:
                _sync_table(connection, spec, [row.values for row in rows[spec]], report)
                advance()
            if connection.dialect.name == "postgresql":
                _advance_sequences(connection)
            if report.changed or not connection.execute(select(SearchDocument.id).limit(1)).first():
                report.indexed = rebuild_index(connection)
            advance()
            if report.changed:
                report.version = bump(connection)
    except DBAPIError as error:
        raise SeedError([f"the database refused the seed data: {error.orig}"]) from error
    return report


def _sync_table(connection: Connection, spec: SeedTable, records: list[dict], report) -> None:
    table = spec.table
    (key,) = table.primary_key.columns
    columns = list(spec.schema.model_fields)
    existing = {
        row[key.name]: row
        for row in connection.execute(select(*(table.c[c] for c in columns))).mappings()
    }
    new = [record for record in records if record[key.name] not in existing]
    changed = [
        record
        for record in records
        if record[key.name] in existing and dict(existing[record[key.name]]) != record
    ]
    if new:
        connection.execute(insert(table), new)
    for record in changed:
        connection.execute(update(table).where(key == record[key.name]).values(record))
    name = table.name
    report.inserted[name], report.updated[name] = len(new), len(changed)
    report.unchanged[name] = len(records) - len(new) - len(changed)


def _advance_sequences(connection: Connection) -> None:
    """Explicit ids bypass PostgreSQL sequences; move each past the largest id seeded."""
    for spec in SEED_TABLES:
        table = spec.table
        (key,) = table.primary_key.columns
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": table.name, "column": key.name},
        ).scalar()
        if sequence:
            connection.execute(
                text(
                    f"SELECT setval(:sequence, COALESCE(MAX({key.name}), 0) + 1, false) "
                    f"FROM {table.name}"
                ),
                {"sequence": sequence},
            )
