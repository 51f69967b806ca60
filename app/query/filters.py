"""Typed filters: each is a small object that turns one query-parameter value into a WHERE clause.

A resource declares its friendly filters as fields of a pydantic model, with the filter object
in the field's `Annotated` metadata:

    to: Annotated[CountryCode | None, Equals(Visit.to_country, ref=Country.code)] = None

The pydantic field validates the value and documents it in OpenAPI; the filter object applies
it. The `field__op` grammar (app/query/grammar.py) generates more fields of the same kind.
"""

import difflib
import operator
import string
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from fastapi import Path
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError
from sqlalchemy import ColumnElement, and_, case, func, or_, select


def _country_code(value: str) -> str:
    if len(value) != 2 or not value.isascii() or not value.isalpha():
        raise PydanticCustomError("country_code", "expected a two-letter country code, any case")
    return value.upper()


# The pattern is documented for clients; the validator checks it, in words a reader can act on.
CountryCode = Annotated[
    str,
    AfterValidator(_country_code),
    Field(
        description="ISO 3166-1 alpha-2 country code, any case.",
        examples=["UZ"],
        json_schema_extra={"pattern": "^[A-Za-z]{2}$"},
    ),
]
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def spelling(what: str, looks_like: str, longest: int):
    """A parameter that names a record by any of its spellings: surrounding spaces go, and
    ASCII letters are lower-cased the way SQL's `lower()` does it on every database, so the
    value meets the keys of its Directory (below) as they are stored."""

    def read(value: str) -> str:
        value = value.strip()
        if not value or len(value) > longest or not value.isprintable():
            raise PydanticCustomError(
                "spelling", "expected {looks_like}", {"looks_like": looks_like}
            )
        return value.translate(ASCII_LOWER)

    return Annotated[
        str,
        AfterValidator(read),
        Field(
            description=f"The {what}: {looks_like}.",
            # Documented, and checked by `read` (whose message shows good values).
            json_schema_extra={"maxLength": longest, "x-names": what},
        ),
    ]


CountryRef = Annotated[
    spelling(
        "country",
        "a country code in any case (UZ, uz), an ISO alpha-3 code (UZB) or a name in English "
        "or a stored language (Uzbekistan, Узбекистан)",
        100,
    ),
    Field(examples=["UZ"]),
]
PersonRef = Annotated[
    spelling(
        "person",
        "a person's id (moon-jae-in), name (Moon Jae-in) or another spelling of it (Akayev)",
        120,
    ),
    Field(examples=["moon-jae-in"]),
]
Year = Annotated[int, Field(ge=1900, le=2100, examples=[2019])]
Amount = Annotated[int, Field(ge=0, le=10**15, examples=[1_000_000_000])]


@dataclass(frozen=True)
class Directory:
    """Every spelling that names a record of one kind: `keys` is a subquery of (`key`, `target`)
    rows, the key being a spelling as a `spelling` parameter reads it (codes and English
    names lower-cased, other names also as stored) and the target the record's key. A filter
    whose `ref` is a Directory compares its column with the one target the value names: an
    uncorrelated scalar subquery, which both databases evaluate once, so the column's index
    serves the filter as it serves a key given as is."""

    keys: Any
    what: str
    example: str
    as_key: Any = None
    """`value -> (condition, key)`: when the condition holds, the value already is a key
    (`key` says how to write it). Computed in SQL, so PostgreSQL folds it with the value and
    plans for that key: a common one is read in index order, not gathered and sorted."""
    in_url: Any = str
    """How a target is written in a record's URL (a country code in lower case, as `uz`)."""

    @property
    def column(self):
        return self.keys.c.key

    def target(self, value):
        found = select(self.keys.c.target).where(self.keys.c.key == value).limit(1)
        if self.as_key is None:
            return found.scalar_subquery()
        condition, key = self.as_key(value)
        return case((condition, key), else_=found.scalar_subquery())

    def nearest(self, connection, value: str) -> Any | None:
        """The record `value` spells, in any case, or else the one it nearly spells."""
        spellings = dict(connection.execute(select(self.keys.c.key, self.keys.c.target)).all())
        folded = value.strip().translate(ASCII_LOWER)
        for spelling in (value, folded):
            if spelling in spellings:
                return spellings[spelling]
        # The start of one record's spellings (`moon` of `moon jae-in`) before a look-alike.
        started = {target for key, target in spellings.items() if key and key.startswith(folded)}
        if len(started) == 1:
            return started.pop()
        close = difflib.get_close_matches(folded, [key for key in spellings if key], n=1)
        return spellings[close[0]] if close else None

    def unknown(self, parameter: str, value: str, spellings) -> str:
        """The message for a value that names nothing, with the nearest spelling known."""
        known = [spelling for spelling in spellings if spelling is not None]  # unnamed rows
        close = difflib.get_close_matches(value, known, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        return f"'{parameter}': no {self.what} is called '{value}'.{hint} Give {self.example}."


def compared(ref, value):
    """The value a filter compares its column with: the record a Directory resolves it to,
    else the value itself."""
    return ref.target(value) if isinstance(ref, Directory) else value


@dataclass(frozen=True)
class Filter:
    """Base of every filter. `ref` names the column a value must exist in (or the Directory
    that resolves it to such a value), if any."""

    def clause(self, value: Any) -> ColumnElement[bool]:
        """The condition for `value`, which may be a bind parameter standing for `bound(v)`."""
        raise NotImplementedError

    def bound(self, value: Any) -> Any:
        """What a statement binds for `value` (app.query.conditions); the value itself, mostly."""
        return value

    @property
    def references(self) -> Any:
        return getattr(self, "ref", None)


@dataclass(frozen=True)
class Equals(Filter):
    column: Any
    ref: Any = None

    def clause(self, value):
        return self.column == compared(self.ref, value)


@dataclass(frozen=True)
class EitherEquals(Filter):
    """Matches when any of the columns equals the value (a visit to *or* from a country)."""

    columns: tuple
    ref: Any = None

    def clause(self, value):
        value = compared(self.ref, value)
        return or_(*(column == value for column in self.columns))


@dataclass(frozen=True)
class AtLeast(Filter):
    column: Any

    def clause(self, value):
        return self.column >= value


@dataclass(frozen=True)
class AtMost(Filter):
    column: Any

    def clause(self, value):
        return self.column <= value


@dataclass(frozen=True)
class ActiveIn(Filter):
    """A span [start, end] covers the year; an open end means still running."""

    start: Any
    end: Any

    def clause(self, value):
        return and_(self.start <= value, or_(self.end.is_(None), self.end >= value))


COMPARISONS = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


@dataclass(frozen=True)
class Compare(Filter):
    column: Any
    op: str
    ref: Any = None

    def clause(self, value):
        return COMPARISONS[self.op](self.column, value)


@dataclass(frozen=True)
class OneOf(Filter):
    column: Any
    ref: Any = None

    def clause(self, value):
        return self.column.in_(value)


@dataclass(frozen=True)
class IsNull(Filter):
    column: Any

    def clause(self, value):
        return self.column.is_(None) if value else self.column.is_not(None)


@dataclass(frozen=True)
class Contains(Filter):
    """Case-insensitive substring match; `%` and `_` in the value are literal."""

    column: Any

    def clause(self, value):
        pattern = self.bound(value) if isinstance(value, str) else value
        return func.lower(self.column).like(pattern, escape=LIKE_ESCAPE)

    def bound(self, value):
        escaped = "".join(LIKE_ESCAPE + c if c in LIKE_SPECIAL else c for c in value.lower())
        return f"%{escaped}%"


LIKE_ESCAPE = "/"
LIKE_SPECIAL = {"%", "_", LIKE_ESCAPE}


class FilterSet(BaseModel):
    """Base of every resource's query model: unknown parameters are refused."""

    model_config = ConfigDict(extra="forbid")
    operator_keys: ClassVar[frozenset[str]] = frozenset()
    """The grammar's `field__op` fields, which OpenAPI documents as keys of one `filter`
    object (app/query/filter_param.py)."""
    equality_keys: ClassVar[frozenset[str]] = frozenset()
    """The grammar's plain `field=value` fields: taken on the wire, and documented as the
    `field__eq` key of the `filter` object rather than as parameters of their own."""

    def active_filters(self) -> list[tuple[str, Filter, Any]]:
        """(parameter, filter, value) for every filter the request set."""
        active = []
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if value is None:
                continue
            for item in field.metadata:
                if isinstance(item, Filter):
                    active.append((field.alias or name, item, value))
        return active


RecordId = Annotated[
    int,
    Path(alias="id", ge=1, le=2**31 - 1, description="Stable record id.", examples=[1]),
]
