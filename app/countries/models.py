from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, case
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
    alpha3: Mapped[str | None] = mapped_column(String(3))
    """ISO 3166-1 alpha-3; empty for a country a curator adds without one."""
    numeric: Mapped[str | None] = mapped_column(String(3))
    """ISO 3166-1 numeric, three digits kept as text (leading zeros are part of the code)."""


class CountryName(Base):
    """A country's name in one language, as `source` (a pinned library) gives it. A language the
    library has no translation for has no row: nothing is invented."""

    __tablename__ = "country_names"
    __table_args__ = (UniqueConstraint("country_code", "lang"),)

    id: Mapped[str] = mapped_column(String(12), primary_key=True)
    """`<code>-<lang>`, e.g. `KZ-ru`: one key column, like every seeded table."""
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    lang: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(200))


KOREA = "KR"


def partner_of_korea(first, second):
    """The country on the other side from Korea: `second` when `first` is Korea or unknown."""
    return case((first == KOREA, second), (first.is_(None), second), else_=first)
