from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class Person(Base):
    """A head of state or government who travels in the article; id is a readable slug."""

    __tablename__ = "people"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)


class PersonAlias(Base):
    """Another spelling of a person's name and the page that uses it (title, publisher, year
    when the page gives one, URL and where on the page). `id` is the spelling's slug, which
    person filters take like a person id."""

    __tablename__ = "person_aliases"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    alias: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    publisher: Mapped[str] = mapped_column(String(200))
    year: Mapped[int | None]
    url: Mapped[str] = mapped_column(String(500))
    locator: Mapped[str] = mapped_column(String(200))
