from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

# Database objects the full-text machinery adds beside this table (see the 0002 and 0017
# migrations): an FTS5 table and its shadow tables and an index of the documents' keys by id
# (FTS_KEYS) on SQLite, a generated tsvector column and its GIN index on PostgreSQL. Alembic's
# drift check leaves them alone.
FTS_KEYS = "ix_search_documents_fts_keys"
FULL_TEXT_OBJECTS = ("search_fts", "search_vector", "ix_search_documents_search_vector", FTS_KEYS)


class SearchDocument(Base):
    """One searchable record: a display title and body, and `terms`, the words both databases
    index (letters and digits only, so SQLite and PostgreSQL tokenize them the same way)."""

    __tablename__ = "search_documents"
    __table_args__ = (UniqueConstraint("resource", "record_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource: Mapped[str] = mapped_column(String(20))
    record_key: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    terms: Mapped[str] = mapped_column(Text)
