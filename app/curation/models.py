from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class ApiToken(Base):
    """A curator's token. Only a SHA-256 hash of its secret part is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    read_only: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Change(Base):
    """One write: who made it, when, to which record, and the record before and after."""

    __tablename__ = "changes"
    __table_args__ = (
        CheckConstraint("operation IN ('create', 'update', 'delete')", name="operation_vocabulary"),
        Index("ix_changes_resource_record_key", "resource", "record_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    token: Mapped[str] = mapped_column(String(60))
    """Name of the curator's token (never the token itself)."""
    resource: Mapped[str] = mapped_column(String(20))
    record_key: Mapped[str] = mapped_column(String(80))
    operation: Mapped[str] = mapped_column(String(10))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version: Mapped[int]
    """Dataset version this change produced."""
    reverts: Mapped[int | None] = mapped_column(ForeignKey("changes.id"))
