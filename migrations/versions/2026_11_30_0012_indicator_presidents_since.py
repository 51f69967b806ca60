"""Indicators may count a country's presidents since a year.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30

Issue 14: paragraph 73 counts Korea's presidents since 1948, a figure no indicator measure could
hold. The measure vocabulary gains `presidents_since`; SQLite rebuilds the table in a batch,
kept AUTOINCREMENT as revision 0005 made it.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = {
    "table_kwargs": {"sqlite_autoincrement": True},
    "reflect_kwargs": {"resolve_fks": False},
}
"""SQLite rebuilds the table in a batch: it reflects only that table (its foreign keys name
the tables they reference), not every table those reference in turn."""
MEASURES = (
    "'investor_rank', 'partner_rank', 'development_rank', "
    "'uranium_import_share', 'workers_without_permits', 'campaign_participants'"
)
ADDED = "presidents_since"


def _measures(allowed: str) -> None:
    with op.batch_alter_table("indicators", **BATCH) as batch:
        batch.drop_constraint(op.f("ck_indicators_measure_vocabulary"), type_="check")
        batch.create_check_constraint(
            op.f("ck_indicators_measure_vocabulary"), f"measure IN ({allowed})"
        )


def upgrade() -> None:
    _measures(f"{MEASURES}, '{ADDED}'")


def downgrade() -> None:
    # The older vocabulary has no place for these counts: they go, and reseeding after an
    # upgrade restores them from seeds/indicators.csv.
    op.execute(f"DELETE FROM indicators WHERE measure = '{ADDED}'")
    _measures(MEASURES)
