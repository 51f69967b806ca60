from sqlalchemy import CheckConstraint, String, case
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base
from app.query.filters import CountryCode


class Country(Base):
    __tablename__ = "countries"
    __table_args__ = (CheckConstraint("length(code) = 2", name="code_length"),)

    code: Mapped[str] = mapped_column(String(2), primary_key=True, info={"query_type": CountryCode})
    """ISO 3166-1 alpha-2, upper case; a query names one in any case."""
    name: Mapped[str] = mapped_column(String(100), unique=True)
    capital: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(100))
    central_asia: Mapped[bool] = mapped_column(index=True)


KOREA = "KR"


def partner_of_korea(first, second):
    """The country on the other side from Korea: `second` when `first` is Korea or unknown."""
    return case((first == KOREA, second), (first.is_(None), second), else_=first)
