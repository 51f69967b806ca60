"""Record ids are never reused, and sources are numbered by the database.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

On SQLite the tables with numbered records become AUTOINCREMENT tables (a batch rebuild), so
the id of a deleted record is never handed out again; without it SQLite numbers a new row
max(id) + 1. On PostgreSQL the serial sequences never go back already; `sources.id` gets one
too (the API numbered sources max(id) + 1, which reused the id of a deleted last source), and
every sequence is moved past its table's largest id.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

THIS_TABLE_ONLY = {"resolve_fks": False}
"""SQLite rebuilds a table in a batch: it reflects only that table (its foreign keys name
the tables they reference), not every table those reference in turn."""

NUMBERED_TABLES = (
    "sources",
    "visits",
    "summits",
    "projects",
    "investments",
    "missions",
    "diaspora",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(autoincrement=True)
    else:
        op.execute("CREATE SEQUENCE sources_id_seq AS integer OWNED BY sources.id")
        op.execute("ALTER TABLE sources ALTER COLUMN id SET DEFAULT nextval('sources_id_seq')")
        # Ids chosen by clients could leave a sequence behind its table's largest id (then
        # every later create failed): move each sequence past it, never back.
        for table in NUMBERED_TABLES:
            sequence = f"pg_get_serial_sequence('{table}', 'id')::regclass"
            op.execute(
                f"SELECT setval({sequence}, MAX(id)) FROM {table} "
                f"HAVING MAX(id) > COALESCE(pg_sequence_last_value({sequence}), 0)"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(autoincrement=False)
    else:
        op.execute("ALTER TABLE sources ALTER COLUMN id DROP DEFAULT")
        op.execute("DROP SEQUENCE sources_id_seq")


def _rebuild(autoincrement: bool) -> None:
    for table in NUMBERED_TABLES:
        with op.batch_alter_table(
            table,
            recreate="always",
            table_kwargs={"sqlite_autoincrement": autoincrement},
            reflect_kwargs=THIS_TABLE_ONLY,
        ) as batch:
            batch.alter_column("id", existing_type=sa.Integer(), autoincrement=autoincrement)
