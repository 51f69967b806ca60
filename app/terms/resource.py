from app.citations.fields import cited, record_fields, source_of
from app.people.models import Person
from app.query.filters import RecordId
from app.query.resource import Resource, one
from app.terms.models import Term
from app.terms.schemas import TermFilter, TermOut, TermRecord
from app.vocab import as_words


def title(r, names) -> str:
    years = "–".join(str(year) for year in (r["year_from"], r["year_to"]) if year)
    return f"{r['person_name']}, {as_words(r['office'])} of {names[r['country_code']]}" + (
        f", {years}" if years else ""
    )


TERMS = Resource(
    name="term",
    plural="terms",
    description="Terms in office of the presidents the article recounts, with the years it gives.",
    from_clause=cited(Term.__table__.join(Person, Person.id == Term.person_id), Term),
    fields=record_fields(Term, TermOut, person_name=Person.name),
    key=Term.id,
    item_schema=TermOut,
    filters=TermFilter,
    key_param=RecordId,
    row_schema=TermRecord,
    title=title,
    relations={
        "source": source_of(Term),
        "person": one("people", Term.person_id, "the office holder"),
        "country": one("countries", Term.country_code, "the country of the office"),
    },
    order=((Term.country_code, False),),
    groups={
        "country": Term.country_code,
        "office": Term.office,
        "person": Term.person_id,
        "year_from": Term.year_from,
    },
)
