"""Full-text search documents and the dataset version.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

`search_documents` holds one row per searchable record. Its `terms` column is indexed by
FTS5 on SQLite (an external-content table kept in step by triggers) and by a generated
tsvector column with a GIN index on PostgreSQL; both use the 'simple' rules (no stemming, no
stop words), so a query finds the same records on either database.
`dataset_version` is a single row bumped whenever the data changes; ETags derive from it.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_FULL_TEXT = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        terms, content='search_documents', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0")""",
    """CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
        INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms);
    END""",
    """CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
        INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
    END""",
    """CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
        INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
        INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms);
    END""",
]

POSTGRES_FULL_TEXT = [
    """ALTER TABLE search_documents ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED""",
    """CREATE INDEX ix_search_documents_search_vector ON search_documents
        USING gin (search_vector)""",
]


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource", sa.String(length=20), nullable=False),
        sa.Column("record_key", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
        sa.UniqueConstraint(
            "resource", "record_key", name=op.f("uq_search_documents_resource_record_key")
        ),
    )
    statements = {"sqlite": SQLITE_FULL_TEXT, "postgresql": POSTGRES_FULL_TEXT}
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)

    version = op.create_table(
        "dataset_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_dataset_version_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dataset_version")),
    )
    op.bulk_insert(version, [{"id": 1, "version": 0, "changed_at": datetime.now(UTC)}])


def downgrade() -> None:
    op.drop_table("dataset_version")
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("search_documents_ai", "search_documents_ad", "search_documents_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_documents")
