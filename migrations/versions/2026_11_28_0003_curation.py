"""Curation: citations outside the article, curator tokens, the change log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

Fact tables get a `locator` (where in a non-article source the fact is) and `paragraph`
becomes optional; a CHECK keeps one of the two set. `api_tokens` keeps hashed curator tokens;
`changes` records every write with the record before and after.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

THIS_TABLE_ONLY = {"resolve_fks": False}
"""SQLite rebuilds a table in a batch: it reflects only that table (its foreign keys name
the tables they reference), not every table those reference in turn."""

FACT_TABLES = ("visits", "summits", "projects", "investments", "missions", "diaspora")


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("read_only", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("name", name=op.f("uq_api_tokens_name")),
    )
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("token", sa.String(length=60), nullable=False),
        sa.Column("resource", sa.String(length=20), nullable=False),
        sa.Column("record_key", sa.String(length=80), nullable=False),
        sa.Column("operation", sa.String(length=10), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reverts", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "operation IN ('create', 'update', 'delete')",
            name=op.f("ck_changes_operation_vocabulary"),
        ),
        sa.ForeignKeyConstraint(
            ["reverts"], ["changes.id"], name=op.f("fk_changes_reverts_changes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    op.create_index(op.f("ix_changes_at"), "changes", ["at"])
    op.create_index("ix_changes_resource_record_key", "changes", ["resource", "record_key"])

    for table in FACT_TABLES:
        with op.batch_alter_table(table, reflect_kwargs=THIS_TABLE_ONLY) as batch:
            batch.add_column(sa.Column("locator", sa.String(length=200), nullable=True))
            batch.alter_column("paragraph", existing_type=sa.Integer(), nullable=True)
            batch.create_check_constraint(
                op.f(f"ck_{table}_located"), "paragraph IS NOT NULL OR locator IS NOT NULL"
            )


def downgrade() -> None:
    connection = op.get_bind()
    for table in FACT_TABLES:
        outside = connection.execute(
            sa.text(f"SELECT COUNT(*) FROM {table} WHERE paragraph IS NULL")
        ).scalar()
        if outside:
            raise RuntimeError(
                f"cannot downgrade: {outside} {table} record(s) cite sources outside the "
                "article, which the older schema cannot hold; delete or export them first"
            )
    for table in reversed(FACT_TABLES):
        with op.batch_alter_table(table, reflect_kwargs=THIS_TABLE_ONLY) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_located"), type_="check")
            batch.alter_column("paragraph", existing_type=sa.Integer(), nullable=False)
            batch.drop_column("locator")
    op.drop_index("ix_changes_resource_record_key", table_name="changes")
    op.drop_index(op.f("ix_changes_at"), table_name="changes")
    op.drop_table("changes")
    op.drop_table("api_tokens")
