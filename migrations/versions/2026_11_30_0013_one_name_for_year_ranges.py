"""One name for a year range: `year_from` and `year_to` on every record kind.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30

Issue 13, point 6. Money figures, visits, initiatives and agreements already call a range
`year_from`/`year_to`; projects called it `year_start`/`year_end` and terms
`start_year`/`end_year`. The columns and the CHECK constraints that name them are renamed.
SQLite rebuilds each table in a batch, kept AUTOINCREMENT; the CHECKs are dropped before the
rename because their text names the old columns.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = {
    "table_kwargs": {"sqlite_autoincrement": True},
    "reflect_kwargs": {"resolve_fks": False},
}
"""SQLite rebuilds the table in a batch: it reflects only that table (its foreign keys name
the tables they reference), not every table those reference in turn."""
RENAMED = {
    "projects": (("year_start", "year_from"), ("year_end", "year_to")),
    "terms": (("start_year", "year_from"), ("end_year", "year_to")),
}
"""Table → (old, new) column names."""
ORDERED = {"projects": "years_ordered", "terms": "ordered_years"}
"""Each table's old CHECK keeping the range in order (the new one is `years_ordered`)."""


def _rename(table: str, names: tuple[tuple[str, str], ...], ordered: tuple[str, str]) -> None:
    """Rename `names` (pairs of from → to) and rebuild the range CHECKs; `ordered` gives the
    order CHECK's old and new name."""
    (start, new_start), (end, new_end) = names
    with op.batch_alter_table(table, **BATCH) as batch:
        for column in (start, end):
            batch.drop_constraint(op.f(f"ck_{table}_{column}_range"), type_="check")
        batch.drop_constraint(op.f(f"ck_{table}_{ordered[0]}"), type_="check")
        for old, new in names:
            batch.alter_column(old, new_column_name=new)
        for column in (new_start, new_end):
            batch.create_check_constraint(
                op.f(f"ck_{table}_{column}_range"), f"{column} BETWEEN 1900 AND 2100"
            )
        batch.create_check_constraint(op.f(f"ck_{table}_{ordered[1]}"), f"{new_start} <= {new_end}")


def upgrade() -> None:
    for table, names in RENAMED.items():
        _rename(table, names, (ORDERED[table], "years_ordered"))


def downgrade() -> None:
    for table, names in RENAMED.items():
        back = tuple((new, old) for old, new in names)
        _rename(table, back, ("years_ordered", ORDERED[table]))
