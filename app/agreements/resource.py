from app.agreements.models import Agreement
from app.agreements.schemas import AgreementFilter, AgreementOut, AgreementRecord
from app.citations.fields import cited, record_fields, source_of
from app.countries.models import partner_of_korea
from app.people.models import Person
from app.query.filters import RecordId
from app.query.resource import Resource, one
from app.vocab import as_words


def title(r, names) -> str:
    sides = " – ".join(names[c] for c in (r["country_a"], r["country_b"]) if c)
    return f"{r['name']} ({as_words(r['status'])}; {sides})"


AGREEMENTS = Resource(
    name="agreement",
    plural="agreements",
    description="Agreements, packages of agreements, negotiations and decrees, with their "
    "status, parties and dates.",
    from_clause=cited(
        Agreement.__table__.outerjoin(Person, Person.id == Agreement.person_id), Agreement
    ),
    fields=record_fields(Agreement, AgreementOut, person_name=Person.name),
    key=Agreement.id,
    item_schema=AgreementOut,
    filters=AgreementFilter,
    key_param=RecordId,
    row_schema=AgreementRecord,
    title=title,
    relations={
        "source": source_of(Agreement),
        "person": one("people", Agreement.person_id, "who issued or signed it"),
        "investment": one("investments", Agreement.investment_id, "its money figure"),
        "mission": one("missions", Agreement.mission_id, "the mission it concerns"),
    },
    groups={
        "country": partner_of_korea(Agreement.country_a, Agreement.country_b),
        "country_a": Agreement.country_a,
        "country_b": Agreement.country_b,
        "kind": Agreement.kind,
        "status": Agreement.status,
        "year": Agreement.year,
    },
    sums={"documents": Agreement.documents},
)
