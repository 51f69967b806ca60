"""The search documents' resource and key by id, in an index of their own (SQLite).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30

Issue 12. A search list reads the resource and key of every document FTS5 matches (its rowid
is the document's id); from the documents table each of those reads a page of titles and
bodies, from this narrow index far fewer pages. PostgreSQL matches on the documents' own rows
(the tsvector column), so it has no use for it.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.create_index(
            "ix_search_documents_fts_keys", "search_documents", ["id", "resource", "record_key"]
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_search_documents_fts_keys", table_name="search_documents")
