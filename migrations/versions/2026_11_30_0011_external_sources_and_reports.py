"""External sources, and facts reported as of a date with a status.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30

Issue 16. Sources gain `origin` (article, footnote or external), `language`, `published` (the
date the page shows, or "not shown") and `read_on`; an external source must have its URL,
publisher, publication date and day read. Visits, forum sessions and initiatives gain `status`,
`as_of` and `supersedes_id`, so a newer report of a planned event keeps the older one; a forum
session may therefore appear in several rows (one per report), and the one-row-per-number key
goes. `extra_citations` holds a fact's further sources (a second outlet). SQLite rebuilds
each table in a batch, kept AUTOINCREMENT.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = {
    "table_kwargs": {"sqlite_autoincrement": True},
    "reflect_kwargs": {"resolve_fks": False},
}
"""SQLite rebuilds the table in a batch: it reflects only that table (its foreign keys name
the tables they reference), not every table those reference in turn."""
REPORTED = ("visits", "forum_sessions", "initiatives")
STATUSES = "'announced', 'scheduled', 'postponed', 'held', 'cancelled'"


def upgrade() -> None:
    with op.batch_alter_table("sources", **BATCH) as batch:
        batch.add_column(
            sa.Column("origin", sa.String(10), nullable=False, server_default="footnote")
        )
        batch.add_column(sa.Column("language", sa.String(10), nullable=True))
        batch.add_column(sa.Column("published", sa.String(10), nullable=True))
        batch.add_column(sa.Column("read_on", sa.String(10), nullable=True))
    op.execute("UPDATE sources SET origin = 'article' WHERE id = 0")
    with op.batch_alter_table("sources", **BATCH) as batch:
        batch.alter_column("origin", server_default=None, existing_type=sa.String(10))
        batch.create_check_constraint(
            op.f("ck_sources_origin_vocabulary"),
            "origin IN ('article', 'footnote', 'external', 'synthetic')",
        )
        batch.create_check_constraint(
            op.f("ck_sources_external_is_traceable"),
            "origin <> 'external' OR (url IS NOT NULL AND publisher IS NOT NULL "
            "AND published IS NOT NULL AND read_on IS NOT NULL)",
        )
    op.create_table(
        "extra_citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("locator", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_extra_citations_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extra_citations")),
        sa.UniqueConstraint(
            "record_type",
            "record_id",
            "source_id",
            name=op.f("uq_extra_citations_record_type_record_id_source_id"),
        ),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_extra_citations_source_id"), "extra_citations", ["source_id"], unique=False
    )
    for table in REPORTED:
        with op.batch_alter_table(table, **BATCH) as batch:
            if table == "forum_sessions":
                batch.drop_constraint(
                    op.f("uq_forum_sessions_organisation_id_number"), type_="unique"
                )
            batch.add_column(sa.Column("status", sa.String(20), nullable=True))
            batch.add_column(sa.Column("as_of", sa.String(10), nullable=True))
            batch.add_column(sa.Column("supersedes_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(
                op.f(f"fk_{table}_supersedes_id_{table}"), table, ["supersedes_id"], ["id"]
            )
            batch.create_check_constraint(
                op.f(f"ck_{table}_status_vocabulary"), f"status IN ({STATUSES})"
            )
            batch.create_check_constraint(
                op.f(f"ck_{table}_newer_is_dated"), "supersedes_id IS NULL OR as_of IS NOT NULL"
            )
            batch.create_index(op.f(f"ix_{table}_supersedes_id"), ["supersedes_id"], unique=True)


def downgrade() -> None:
    # The older one-row-per-number key cannot hold a session's several reports: the sessions
    # taken from external pages go (the seed files hold them; reseeding after an upgrade
    # restores them).
    op.execute(
        "DELETE FROM forum_sessions WHERE source_id IN "
        "(SELECT id FROM sources WHERE origin = 'external')"
    )
    op.drop_index(op.f("ix_extra_citations_source_id"), table_name="extra_citations")
    op.drop_table("extra_citations")
    for table in REPORTED:
        with op.batch_alter_table(table, **BATCH) as batch:
            batch.drop_index(op.f(f"ix_{table}_supersedes_id"))
            batch.drop_constraint(op.f(f"ck_{table}_newer_is_dated"), type_="check")
            batch.drop_constraint(op.f(f"ck_{table}_status_vocabulary"), type_="check")
            batch.drop_constraint(op.f(f"fk_{table}_supersedes_id_{table}"), type_="foreignkey")
            batch.drop_column("supersedes_id")
            batch.drop_column("as_of")
            batch.drop_column("status")
            if table == "forum_sessions":
                batch.create_unique_constraint(
                    op.f("uq_forum_sessions_organisation_id_number"),
                    ["organisation_id", "number"],
                )
    with op.batch_alter_table("sources", **BATCH) as batch:
        batch.drop_constraint(op.f("ck_sources_external_is_traceable"), type_="check")
        batch.drop_constraint(op.f("ck_sources_origin_vocabulary"), type_="check")
        batch.drop_column("read_on")
        batch.drop_column("published")
        batch.drop_column("language")
        batch.drop_column("origin")
