"""Every spelling a person filter takes (see app.query.filters.Directory)."""

from sqlalchemy import func, select, union_all

from app.people.models import Person, PersonAlias
from app.query.filters import Directory


def _spellings(spelling, person):
    return select(spelling.label("key"), person.label("target"))


PERSON = Directory(
    keys=union_all(
        _spellings(Person.id, Person.id),
        _spellings(func.lower(Person.name), Person.id),
        _spellings(PersonAlias.id, PersonAlias.person_id),
        _spellings(func.lower(PersonAlias.alias), PersonAlias.person_id),
    ).subquery("person_spellings"),
    what="person",
    example="a person's id (moon-jae-in), name (Moon Jae-in) or another spelling (Akayev)",
)
