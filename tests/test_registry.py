"""Adding a resource is its package and one registry line: a throwaway resource, declared here
and registered beside the real ones on a temporary database, is listed, fetched, counted,
searched, exported, written and cited like the others without any other file knowing it."""

import csv
import io
import zipfile
from typing import Annotated

import orjson
import pytest
from pydantic import BaseModel, Field
from sqlalchemy import ForeignKey, String, insert
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.citations.fields import cited, record_fields, source_of
from app.citations.models import Paragraph
from app.citations.schemas import CitedOut, CitedRecord
from app.countries.models import Country
from app.curation.tokens import create_token
from app.main import create_app
from app.query.filters import CountryCode, Equals, FilterSet, RecordId
from app.query.registry import Registry
from app.query.resource import Resource, one
from app.registry import REGISTRY
from app.search.build import rebuild_index
from app.sources.models import Source
from tests.clients import OneHopClient
from tests.conftest import UNLIMITED, seeded_engine

# --- the throwaway resource's package: model, schemas, declaration -------------------------


class Throwaway(DeclarativeBase):
    """Its own metadata, so the app's schema (and Alembic's view of it) stays untouched."""


class Exhibition(Throwaway):
    __tablename__ = "exhibitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    country_code: Mapped[str] = mapped_column(ForeignKey(Country.code))
    year: Mapped[int]
    source_id: Mapped[int] = mapped_column(ForeignKey(Source.id))
    paragraph: Mapped[int | None] = mapped_column(ForeignKey(Paragraph.number))
    locator: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(1000))


class ExhibitionFields(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    country_code: str = Field(pattern=r"^[A-Z]{2}$")
    year: int = Field(ge=1900, le=2100)


class ExhibitionRecord(ExhibitionFields, CitedRecord):
    id: int = Field(ge=1, le=2**31 - 1)


class ExhibitionOut(ExhibitionFields, CitedOut):
    id: int


class ExhibitionFilter(FilterSet):
    country: Annotated[
        CountryCode | None,
        Equals(Exhibition.country_code, ref=Country.code),
        Field(description="The host country."),
    ] = None


EXHIBITIONS = Resource(
    name="exhibition",
    plural="exhibitions",
    description="Art exhibitions, a resource that exists only in this test.",
    from_clause=cited(Exhibition.__table__, Exhibition),
    fields=record_fields(Exhibition, ExhibitionOut),
    key=Exhibition.id,
    item_schema=ExhibitionOut,
    filters=ExhibitionFilter,
    key_param=RecordId,
    row_schema=ExhibitionRecord,
    title=lambda r, names: f"{r['title']} in {names[r['country_code']]}",
    relations={
        "source": source_of(Exhibition),
        "country": one("countries", Exhibition.country_code, "the host"),
    },
    groups={"country": Exhibition.country_code, "year": Exhibition.year},
)

# --- the one registry line -----------------------------------------------------------------

WITH_EXHIBITIONS = Registry(*REGISTRY.resources, EXHIBITIONS, unserved=REGISTRY.unserved)

ROWS = [
    {"id": 1, "title": "Silk Road ceramics", "country_code": "UZ", "year": 2019},
    {"id": 2, "title": "Steppe gold", "country_code": "KZ", "year": 2021},
]
CITATION = {
    "paragraph": 9,
    "section": "Level of diplomatic relations",
    "locator": None,
    "source": {
        "id": 0,
        "footnote": None,
        "title": "Central Asia and South Korea: Seeking Opportunities for Increased Cooperation",
        "url": "https://cabar.asia/",
        "origin": "article",
    },
}


@pytest.fixture(scope="module")
def world(database_factory):
    engine = seeded_engine(database_factory())
    Throwaway.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            insert(Exhibition.__table__),
            # Numbered by the database, as on PostgreSQL its sequence must know them.
            [
                {**row, "source_id": 0, "paragraph": 9, "description": None}
                for row in ({k: v for k, v in row.items() if k != "id"} for row in ROWS)
            ],
        )
        rebuild_index(connection, WITH_EXHIBITIONS.resources)
        token = create_token(connection, "curator")
    app = create_app(engine, UNLIMITED, registry=WITH_EXHIBITIONS)
    with OneHopClient(app) as client:
        yield client, {"Authorization": f"Bearer {token}"}
    engine.dispose()


COUNTRY_NAMES = {"UZ": "Uzbekistan", "KZ": "Kazakhstan", "KG": "Kyrgyzstan"}


def answer(row: dict) -> dict:
    """The newcomer's record: its key to a country got the name beside it without an edit."""
    named = {"country_name": COUNTRY_NAMES[row["country_code"]]}
    return {**row, **named, "description": None, "citation": CITATION}


def test_the_registry_resolves_the_newcomers_relations_and_seed_order():
    exhibitions = WITH_EXHIBITIONS.by_plural["exhibitions"]
    assert exhibitions.includes["country"].target is WITH_EXHIBITIONS.by_plural["countries"]
    order = [spec.table.name for spec in WITH_EXHIBITIONS.seed_tables]
    for referenced in ("countries", "sources", "paragraphs"):
        assert order.index(referenced) < order.index("exhibitions")
    # The app's own registry is not touched by the temporary one.
    assert "exhibitions" not in REGISTRY.by_plural
    assert [r.plural for r, _ in REGISTRY.by_plural["sources"].referrers] == [
        "visits",
        "summits",
        "projects",
        "investments",
        "missions",
        "diaspora",
        "organisations",
        "forum_sessions",
        "indicators",
        "initiatives",
        "agreements",
        "relations",
        "terms",
        "person_facts",
    ]


def test_list_record_and_include(world):
    client, _ = world
    body = client.get("/v1/exhibitions").json()
    assert body["data"] == [answer(row) for row in ROWS]
    assert body["meta"]["total"] == 2
    record = client.get("/v1/exhibitions/2", params={"include": "country"}).json()
    assert record["country"]["name"] == "Kazakhstan"
    assert list(record)[:5] == ["id", "title", "country_code", "country_name", "year"]
    russian = client.get("/v1/exhibitions/2", params={"lang": "ru"})
    assert russian.json()["country_name"] == "Казахстан"
    assert russian.headers["Content-Language"] == "ru"
    assert client.get("/v1/exhibitions", params={"country": "uz"}).json()["data"] == [
        answer(ROWS[0])
    ]
    missing = client.get("/v1/exhibitions/9")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "No exhibition has the id 9."


def test_stats(world):
    client, _ = world
    body = client.get("/v1/stats/exhibitions", params={"group_by": "country"}).json()
    assert [(g["country"], g["count"]) for g in body["data"]] == [("KZ", 1), ("UZ", 1)]


def test_search(world):
    client, _ = world
    hits = client.get("/v1/search", params={"q": "ceramics", "types": "exhibitions"}).json()
    assert [(h["type"], h["id"], h["title"], h["href"]) for h in hits["data"]] == [
        ("exhibitions", 1, "Silk Road ceramics in Uzbekistan", "/v1/exhibitions/1")
    ]


def test_csv_ndjson_and_the_data_package(world):
    client, _ = world
    rows = list(csv.DictReader(io.StringIO(client.get("/v1/exhibitions?format=csv").text)))
    assert [(r["id"], r["title"], r["country_name"], r["citation.paragraph"]) for r in rows] == [
        ("1", "Silk Road ceramics", "Uzbekistan", "9"),
        ("2", "Steppe gold", "Kazakhstan", "9"),
    ]
    lines = client.get("/v1/exhibitions?format=ndjson").text.splitlines()
    assert [orjson.loads(line) for line in lines] == [answer(row) for row in ROWS]

    package = zipfile.ZipFile(io.BytesIO(client.get("/v1/export/datapackage.zip").content))
    assert package.read("exhibitions.csv").decode() == (
        "id,title,country_code,year,source_id,paragraph,locator,description\n"
        "1,Silk Road ceramics,UZ,2019,0,9,,\n"
        "2,Steppe gold,KZ,2021,0,9,,\n"
    )
    described = {r["name"]: r for r in orjson.loads(package.read("datapackage.json"))["resources"]}
    assert described["exhibitions"]["schema"]["foreignKeys"][0] == {
        "fields": ["country_code"],
        "reference": {"resource": "countries", "fields": ["code"]},
    }
    assert client.get("/v1/meta").json()["records"]["exhibitions"] == 2


def test_writes_search_change_log_and_references(world):
    client, auth = world
    body = {
        "title": "Nomad textiles",
        "country_code": "KG",
        "year": 2023,
        "source_id": 0,
        "paragraph": 9,
    }
    assert client.post("/v1/exhibitions", json=body).status_code == 401
    created = client.post("/v1/exhibitions", json=body, headers=auth)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == "/v1/exhibitions/3"
    assert created.json() == answer(
        {"id": 3, **{k: body[k] for k in ("title", "country_code", "year")}}
    )
    hits = client.get("/v1/search", params={"q": "nomad textiles"}).json()["data"]
    assert [(h["type"], h["id"]) for h in hits] == [("exhibitions", 3)]
    changes = client.get("/v1/changes", params={"resource": "exhibitions"}).json()["data"]
    assert [(c["operation"], c["record_key"]) for c in changes] == [("create", "3")]

    bad = client.post("/v1/exhibitions", json={**body, "country_code": "ZZ"}, headers=auth)
    assert bad.status_code == 422
    assert bad.json()["detail"] == "'country_code': no countries record has code 'ZZ'."

    tag = client.get("/v1/countries/KG").headers["etag"]
    refused = client.delete("/v1/countries/KG", headers={**auth, "If-Match": tag})
    assert refused.status_code == 409
    assert "1 exhibitions (country_code: 3)" in refused.json()["detail"]


def test_provenance_the_cited_source_lists_the_newcomer(world):
    client, _ = world
    cited_by = client.get("/v1/sources/0").json()["cited_by"]
    assert {"type": "exhibitions", "id": 1, "href": "/v1/exhibitions/1"} in cited_by
    assert {"type": "exhibitions", "id": 2, "href": "/v1/exhibitions/2"} in cited_by


def test_openapi_documents_the_newcomer(world):
    client, _ = world
    operations = {
        operation["operationId"]
        for path in client.get("/openapi/curation.json").json()["paths"].values()
        for operation in path.values()
    }
    assert {
        "list_exhibitions",
        "get_exhibition",
        "stats_exhibitions",
        "create_exhibition",
        "update_exhibition",
        "delete_exhibition",
    } <= operations


def test_a_relation_to_an_unregistered_resource_is_refused_when_the_registry_is_built():
    with pytest.raises(ValueError) as refused:
        Registry(EXHIBITIONS)
    assert str(refused.value) == (
        "exhibitions: relation 'source' names 'sources', which is not registered."
    )
