import pytest
from sqlalchemy import select

from app.registry import REGISTRY
from tests.helpers import data, issued_statements, problem


def test_fields_selects_and_keeps_resource_order(client):
    rows = data(client, "/v1/summits", fields="count,country_code", limit=2)
    assert rows == [{"country_code": "UZ", "count": 16}, {"country_code": "KZ", "count": 14}]


def test_fields_accepts_groups_and_dotted_leaves(client):
    row = client.get("/v1/summits/1", params={"fields": "id,citation.source.footnote"}).json()
    assert row == {"id": 1, "citation": {"source": {"footnote": 1}}}
    row = client.get("/v1/summits/1", params={"fields": "citation"}).json()
    assert set(row) == {"citation"} and set(row["citation"]) == {
        "paragraph",
        "section",
        "locator",
        "source",
    }


def test_unknown_field_is_400_with_a_suggestion(client):
    body = problem(client, "/v1/visits", fields="id,yeer")
    assert (body["parameter"], body["detail"]) == (
        "fields",
        "'fields': Unknown field 'yeer'. Did you mean 'year'? Example: fields=id,office.",
    )


def test_visit_embeds_person_and_source(client):
    row = client.get("/v1/visits/12", params={"include": "person,source", "fields": "id"}).json()
    assert row["person"] == {
        "id": "moon-jae-in",
        "name": "Moon Jae-in",
        "country_code": "KR",
        "country_name": "Republic of Korea",
    }
    assert row["source"]["id"] == 0
    assert row["source"]["author"] == "Ainura Akmatalieva"


def test_unnamed_visitor_embeds_null(client):
    row = client.get("/v1/visits/11", params={"include": "person", "fields": "id"}).json()
    assert row == {"id": 11, "person": None}


def test_project_embeds_its_investments(client):
    rows = data(client, "/v1/projects", include="investments", fields="slug", kind="university")
    assert [(r["slug"], [i["amount_usd"] for i in r["investments"]]) for r in rows] == [
        ("uzbek-korean-international-university", [11_900_000])
    ]
    rows = data(client, "/v1/projects", include="investments", fields="slug", kind="film")
    assert [(r["slug"], [i["amount_usd"] for i in r["investments"]]) for r in rows] == [
        ("how-to-marry-gu-jun-pe", [20_000])
    ]


def test_country_embeds_missions_on_either_side(client):
    row = client.get("/v1/countries/tj", params={"include": "missions,people"}).json()
    assert [(m["sending_country"], m["city"]) for m in row["missions"]] == [
        ("KR", "Dushanbe"),
        ("TJ", "Seoul"),
    ]
    assert [p["id"] for p in row["people"]] == ["rahmon"]


@pytest.mark.parametrize(
    ("path", "include", "detail"),
    [
        (
            "/v1/visits",
            "persn",
            "'include': Unknown include 'persn'. Did you mean 'person'? Example: include=source.",
        ),
        (
            "/v1/summits",
            "missions",
            "'include': Unknown include 'missions'. Allowed: country, source.",
        ),
    ],
)
def test_unknown_include_is_400(client, path, include, detail):
    body = problem(client, path, include=include)
    assert (body["parameter"], body["detail"]) == ("include", detail)


def test_includes_cost_one_query_each_whatever_the_page_size(client, engine):
    def statements(limit: int) -> int:
        with issued_statements(engine) as issued:
            response = client.get("/v1/visits", params={"include": "person,source", "limit": limit})
        assert response.status_code == 200
        # SQLite transactions are begun explicitly; the dataset version (for the ETag) is
        # read once a second at most, not per request.
        return len([s for s in issued if not s.startswith("BEGIN") and "dataset_version" not in s])

    # page, total (counted only when the page does not hold everything), one per include —
    # for 2 rows and for all 22 alike
    assert statements(2) == 4
    assert statements(50) == 3


def foreign_keys():
    """(resource, column) for every column of a registered resource that refers to another
    registered resource."""
    tables = {resource.table for resource in REGISTRY.resources}
    return [
        (resource, column)
        for resource in REGISTRY.resources
        for column in resource.table.columns
        if any(fk.column.table in tables for fk in column.foreign_keys)
    ]


def include_of(resource, column) -> str:
    (name,) = [
        name
        for name, include in resource.includes.items()
        if not include.many and include.local.key == column.key
    ]
    return name


def test_every_foreign_key_is_includable():
    names = {
        f"{resource.plural}.{column.key}": include_of(resource, column)
        for resource, column in foreign_keys()
        if column.key != "source_id"
    }
    assert {key: name for key, name in names.items() if key.startswith("visits.")} == {
        "visits.person_id": "person",
        "visits.from_country": "from_country_record",
        "visits.to_country": "to_country_record",
        "visits.supersedes_id": "supersedes",
    }
    assert names["missions.decreed_by"] == "decreed_by_record"
    assert names["relations.from_country"] == "from_state"  # declared, so not derived


def test_each_foreign_key_include_embeds_the_record_it_names(client, engine):
    """One record per foreign key that holds a value; the include embeds the record whose key
    is that value (and every key the seeds leave empty everywhere is listed here)."""
    unused = set()
    for resource, column in foreign_keys():
        name = include_of(resource, column)
        with engine.connect() as connection:
            row = connection.execute(
                select(resource.table.c[resource.key.key], column)
                .where(column.is_not(None))
                .order_by(resource.table.c[resource.key.key])
                .limit(1)
            ).first()
        if row is None:
            unused.add(f"{resource.plural}.{column.key}")
            continue
        key, value = row
        answer = client.get(f"/v1/{resource.plural}/{key}", params={"include": name})
        assert answer.status_code == 200, (resource.plural, name, answer.text)
        target = resource.includes[name].target
        assert answer.json()[name][target.key.key] == value, (resource.plural, name)
    # no chain of reports yet among these kinds
    assert unused == {
        "visits.supersedes_id",
        "initiatives.supersedes_id",
        "agreements.supersedes_id",
        "indicators.supersedes_id",
        "diaspora.supersedes_id",
        "organisations.supersedes_id",
    }
