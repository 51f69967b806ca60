"""Money figures as reports: a later report of the same figure supersedes the earlier one.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30

Issue 16. Outlets report the same stock (Korean investment in a republic) on several dates, and
sometimes two values for the same year's trade. `investments` gains `as_of` (the day of the
report) and `supersedes_id` (the older report of the same figure), as visits and forum sessions
have them, so lists and sums take the latest report of each chain and the older ones stay
stored. A money figure has no planned status, so there is no `status` column. SQLite rebuilds
the table in a batch, kept AUTOINCREMENT.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = {
    "table_kwargs": {"sqlite_autoincrement": True},
    "reflect_kwargs": {"resolve_fks": False},
}
"""SQLite rebuilds the table in a batch: it reflects only that table (its foreign keys name
the tables they reference), not every table those reference in turn."""


def upgrade() -> None:
    with op.batch_alter_table("investments", **BATCH) as batch:
        batch.add_column(sa.Column("as_of", sa.String(10), nullable=True))
        batch.add_column(sa.Column("supersedes_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_investments_supersedes_id_investments"),
            "investments",
            ["supersedes_id"],
            ["id"],
        )
        batch.create_check_constraint(
            op.f("ck_investments_newer_is_dated"), "supersedes_id IS NULL OR as_of IS NOT NULL"
        )
        batch.create_index(op.f("ix_investments_supersedes_id"), ["supersedes_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("investments", **BATCH) as batch:
        batch.drop_index(op.f("ix_investments_supersedes_id"))
        batch.drop_constraint(op.f("ck_investments_newer_is_dated"), type_="check")
        batch.drop_constraint(op.f("fk_investments_supersedes_id_investments"), type_="foreignkey")
        batch.drop_column("supersedes_id")
        batch.drop_column("as_of")
