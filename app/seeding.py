"""Load `seeds/*.csv` into the database: validated by the API's schemas, all-or-nothing, idempotent.

Every file is read and checked (types, vocabularies, references between files, duplicate keys)
before anything is written; the writes then run in a single transaction, with a change-log
entry for each row written, so a mirror following `/v1/changes` sees them. A row that already
exists with the same values is left alone, so a second run changes nothing. Rows the database
holds and the files do not are reported, and deleted only when asked (`prune`).
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import DBAPIError

from app.curation.audit import SEED_ACTOR, log_changes
from app.db import advance_sequences, unique_keys
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
    missing: dict[str, list] = field(default_factory=dict)
    """Keys of the rows the database holds and the files do not."""
    deleted: dict[str, int] = field(default_factory=dict)
    """Rows deleted because the files no longer hold them (only when pruning)."""
    indexed: int | None = None
    """Search documents written, when the index was rebuilt."""
    version: int | None = None
    """The dataset version after the change, when anything changed."""

    @property
    def changed(self) -> int:
        return sum(self.inserted.values()) + sum(self.updated.values()) + sum(self.deleted.values())


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
        for columns in unique_keys(spec.table):
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


def referenced_first(table, records: list[dict]) -> list[dict]:
    """`records` of a table that refers to itself, each after the rows it names. Ids alone do not
    give that order: a chain of reports can open with a later-numbered row (a part-year figure
    printed after the fuller one it is superseded by)."""
    (key,) = table.primary_key.columns
    columns = [
        c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)
    ]
    if not columns:
        return records
    by_key = {record[key.name]: record for record in records}
    ordered, placed = [], set()

    def place(record: dict, seen: frozenset) -> None:
        own = record[key.name]
        if own in placed or own in seen:  # a cycle is left for the database to refuse
            return
        for column in columns:
            named = by_key.get(record[column])
            if named is not None:
                place(named, seen | {own})
        placed.add(own)
        ordered.append(record)

    for record in records:
        place(record, frozenset())
    return ordered


PRUNE_BATCH = 1000
"""Keys per DELETE when pruning (a synthetic benchmark database holds millions of rows)."""

SEED_STEPS = len(SEED_TABLES) + 2
"""Steps `seed` reports to a progress bar: reading the files, each table, the search index."""


def seed(engine: Engine, directory: Path = SEED_DIR, bar=None, prune: bool = False) -> SeedReport:
    """Bring the database in line with the seed files, in one transaction, and log every change
    it makes. Rows the files do not hold are reported; `prune` deletes them. `bar` (see
    app/progress.py) advances by one for each of SEED_STEPS steps."""
    advance = bar.advance if bar is not None else lambda: None
    rows = read_seeds(directory)
    advance()
    report = SeedReport()
    try:
        with engine.begin() as connection:
            stored = {spec: _stored(connection, spec) for spec in SEED_TABLES}
            records = {spec: [row.values for row in rows[spec]] for spec in SEED_TABLES}
            changes = _prune(connection, stored, records, report, prune)
            for spec in SEED_TABLES:
                changes += _sync_table(connection, spec, records[spec], stored[spec], report)
                advance()
            if connection.dialect.name == "postgresql":
                advance_sequences(connection, (spec.table for spec in SEED_TABLES))
            if changes or not connection.execute(select(SearchDocument.id).limit(1)).first():
                report.indexed = rebuild_index(connection)
            advance()
            if changes:
                report.version = log_changes(connection, SEED_ACTOR, changes, REGISTRY)
    except DBAPIError as error:
        raise SeedError([f"the database refused the seed data: {error.orig}"]) from error
    return report


def _stored(connection: Connection, spec: SeedTable) -> dict:
    """The table's rows as seed records (column → value), by key."""
    table = spec.table
    (key,) = table.primary_key.columns
    return {row[key.name]: dict(row) for row in connection.execute(select(table)).mappings()}


def _prune(connection: Connection, stored: dict, records: dict, report, prune: bool) -> list:
    """Reports the rows the files do not hold; with `prune`, deletes them, referencing tables
    first (a row the files keep never references a missing one: read_seeds checks that)."""
    changes = []
    for spec in reversed(SEED_TABLES):
        table = spec.table
        (key,) = table.primary_key.columns
        in_files = {record[key.name] for record in records[spec]}
        missing = sorted(set(stored[spec]) - in_files)
        report.missing[table.name] = missing
        report.deleted[table.name] = len(missing) if prune else 0
        if prune and missing:
            # In batches: databases cap the parameters of one statement.
            for start in range(0, len(missing), PRUNE_BATCH):
                batch = missing[start : start + PRUNE_BATCH]
                connection.execute(delete(table).where(key.in_(batch)))
            changes += [(table.name, k, "delete", stored[spec][k], None) for k in missing]
    return changes


def _sync_table(
    connection: Connection, spec: SeedTable, records: list[dict], existing: dict, report
) -> list:
    """Inserts and updates the rows that differ; returns their change-log entries."""
    table = spec.table
    (key,) = table.primary_key.columns
    columns = spec.columns
    new = [record for record in records if record[key.name] not in existing]
    changed = [
        record
        for record in records
        if record[key.name] in existing and existing[record[key.name]] != record
    ]
    if new:
        connection.execute(insert(table), referenced_first(table, new))
    for record in changed:
        connection.execute(update(table).where(key == record[key.name]).values(record))
    name = table.name
    report.inserted[name], report.updated[name] = len(new), len(changed)
    report.unchanged[name] = len(records) - len(new) - len(changed)
    return [
        (name, record[key.name], "create", None, {c: record[c] for c in columns}) for record in new
    ] + [
        (
            name,
            record[key.name],
            "update",
            existing[record[key.name]],
            {c: record[c] for c in columns},
        )
        for record in changed
    ]
