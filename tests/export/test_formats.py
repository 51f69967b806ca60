import csv
import io

import orjson
import pytest
from sqlalchemy import insert

from app.db import make_engine
from app.export import csv_writer
from app.http import json_bytes
from app.investments.models import Investment
from app.registry import REGISTRY
from app.seeding import seed
from tests.clients import OneHopClient
from tests.conftest import app_for, migrate


def test_csv_flattens_nested_fields_and_names_the_file(client):
    response = client.get(
        "/v1/summits", params={"format": "csv", "fields": "country_code,count,citation"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="summits.csv"'
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == [
        "country_code",
        "count",
        "citation.paragraph",
        "citation.section",
        "citation.locator",
        "citation.source.id",
        "citation.source.footnote",
        "citation.source.title",
        "citation.source.url",
        "citation.source.origin",
    ]
    assert rows[1][:7] == ["UZ", "16", "8", "Level of diplomatic relations", "", "1", "1"]
    assert len(rows) == 6


def test_accept_header_chooses_csv_and_empty_cells_are_nulls(client):
    response = client.get(
        "/v1/visits",
        params={"fields": "id,city", "to_country": "KR"},
        headers={"Accept": "text/csv"},
    )
    assert response.text.splitlines()[:3] == ["id,city", "1,", "8,"]


def test_ndjson_lines_are_the_json_records(client):
    response = client.get("/v1/visits", params={"format": "ndjson", "include": "person"})
    assert response.headers["content-type"] == "application/x-ndjson"
    lines = [orjson.loads(line) for line in response.text.splitlines()]
    page = client.get("/v1/visits", params={"include": "person"}).json()["data"]
    assert lines == page


def dotted(record: dict, name: str):
    for part in name.split("."):
        record = record[part]
    return record


@pytest.mark.parametrize("resource", REGISTRY.resources, ids=lambda r: r.plural)
def test_exports_in_every_display_language_are_the_json_records(client, resource):
    """The database writes the streamed records (app/export): in each display language their
    bytes are what the Python writers make of the JSON page's records. A resource's languages
    are asked in one loop (one test item each cost more than the answers)."""
    plural = resource.plural
    names = next(csv.reader(io.StringIO(client.get(f"/v1/{plural}?format=csv&limit=1").text)))
    urls = [
        f"/v1/{plural}?lang={lang}&limit=500{fmt}"
        for lang in resource.languages
        for fmt in ("", "&format=ndjson", "&format=csv")
    ]
    answers = client.get_each(urls)
    for at in range(0, len(urls), 3):
        page, ndjson, exported = answers[at : at + 3]
        url = urls[at]
        assert page.status_code == ndjson.status_code == exported.status_code == 200, url
        records = page.json()["data"]
        assert records, url
        assert ndjson.content == b"".join(json_bytes(r) + b"\n" for r in records), url
        rows = [[dotted(r, name) for name in names] for r in records]
        assert exported.content == b"".join(csv_writer.lines(names, [rows])), url


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        ("csv", "code,name\nCN,China\nUZ,Oʻzbekiston\n"),
        ("ndjson", '{"code":"CN","name":"China"}\n{"code":"UZ","name":"Oʻzbekiston"}\n'),
    ],
)
def test_a_localized_name_alone_exports_in_its_language(client, fmt, body):
    """A country's name in the chosen language, the only object field beside the code (on
    PostgreSQL this once lost its correlation inside the record's LATERAL: a 500)."""
    query = "lang=uz&fields=code,name&code__in=UZ,CN&sort=code&format="
    response = client.get("/v1/countries?" + query + fmt)
    assert response.status_code == 200, response.text
    assert response.text == body


def test_streams_honour_filters_sort_and_an_explicit_limit(client):
    response = client.get(
        "/v1/visits", params={"format": "csv", "sort": "-year", "fields": "year", "limit": 3}
    )
    assert response.text.splitlines() == ["year", "2024", "2024", "2024"]  # Yoon's three


def test_csv_with_include_is_400(client):
    response = client.get("/v1/visits", params={"format": "csv", "include": "person"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "include"


def test_an_empty_result_is_a_header_only_csv(client):
    response = client.get("/v1/visits", params={"format": "csv", "year": 1900, "fields": "id"})
    assert response.text == "id\n"


@pytest.fixture
def big_client(fresh_database_url):
    migrate(fresh_database_url)
    engine = make_engine(fresh_database_url)
    seed(engine)
    rows = [
        {
            "id": 1000 + i,
            "slug": f"synthetic-{i}",
            "kind": "trade_turnover",
            "from_country": "KR",
            "to_country": "UZ",
            "amount_usd": i,
            "qualifier": "exact",
            "nature": "flow",
            "direction": "one_way",
            "source_id": 0,
            "paragraph": 49,
        }
        for i in range(4500)
    ]
    with engine.begin() as connection:
        connection.execute(insert(Investment), rows)
    with OneHopClient(app_for(engine)) as test_client:
        yield test_client
    engine.dispose()


def test_exports_stream_every_row_across_batches(big_client):
    every = {"fields": "id", "as_of": "all"}  # superseded reports too
    response = big_client.get("/v1/investments", params={"format": "csv", **every})
    lines = response.text.splitlines()
    assert len(lines) == 1 + 51 + 4500
    assert lines[1] == "1" and lines[-1] == "5499"
    ndjson = big_client.get("/v1/investments", params={"format": "ndjson", **every})
    assert len(ndjson.text.splitlines()) == 4551
    # By default the latest reports: 21 of the 51 seeded are superseded.
    page = big_client.get("/v1/investments", params={"count": "exact"}).json()
    assert page["meta"]["returned"] == 50 and page["meta"]["total"] == 4530
    capped = big_client.get("/v1/investments").json()["meta"]  # count=auto stops at 1,000
    assert capped["total"] is None and capped["total_at_least"] == 1001
