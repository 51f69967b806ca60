"""Part-year money figures, and the report date of every external record kind.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30

Issue 16. A trade figure for January to April was stored like a whole year's, its period only
in the note, so sums added four, six, seven and twelve months of one year: `investments` gains
`months` (1-12, empty for a whole year or a figure that is not yearly), and the part-year reports
of a year's trade become a chain ending in the whole year. Agreements, indicators, diaspora
figures and organisations also come from external pages, and gain `as_of` and `supersedes_id` as
visits, forum sessions and money figures have them, so each is served as of its report's day and
`as_of=` replays them like the others. SQLite rebuilds each table in a batch, kept AUTOINCREMENT.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = {
    "table_kwargs": {"sqlite_autoincrement": True},
    "reflect_kwargs": {"resolve_fks": False},
}
"""SQLite rebuilds the table in a batch: it reflects only that table (its foreign keys name
the tables they reference), not every table those reference in turn."""
REPORTED = ("agreements", "indicators", "diaspora", "organisations")
"""Tables that gain a report's day and the older report it supersedes."""


def upgrade() -> None:
    with op.batch_alter_table("investments", **BATCH) as batch:
        batch.add_column(sa.Column("months", sa.Integer(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_investments_months_range"), "months BETWEEN 1 AND 12"
        )
    for table in REPORTED:
        with op.batch_alter_table(table, **BATCH) as batch:
            batch.add_column(sa.Column("as_of", sa.String(10), nullable=True))
            batch.add_column(sa.Column("supersedes_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(
                op.f(f"fk_{table}_supersedes_id_{table}"), table, ["supersedes_id"], ["id"]
            )
            batch.create_check_constraint(
                op.f(f"ck_{table}_newer_is_dated"), "supersedes_id IS NULL OR as_of IS NOT NULL"
            )
            batch.create_index(op.f(f"ix_{table}_supersedes_id"), ["supersedes_id"], unique=True)


def downgrade() -> None:
    for table in reversed(REPORTED):
        with op.batch_alter_table(table, **BATCH) as batch:
            batch.drop_index(op.f(f"ix_{table}_supersedes_id"))
            batch.drop_constraint(op.f(f"ck_{table}_newer_is_dated"), type_="check")
            batch.drop_constraint(op.f(f"fk_{table}_supersedes_id_{table}"), type_="foreignkey")
            batch.drop_column("supersedes_id")
            batch.drop_column("as_of")
    with op.batch_alter_table("investments", **BATCH) as batch:
        batch.drop_constraint(op.f("ck_investments_months_range"), type_="check")
        batch.drop_column("months")
