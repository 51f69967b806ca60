from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class DatasetVersion(Base):
    """A single row: the dataset's version, bumped by every change, and when that was."""

    __tablename__ = "dataset_version"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int]
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
