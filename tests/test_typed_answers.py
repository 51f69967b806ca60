"""Every success answer in the OpenAPI document declares what it sends (issue 13, point 1);
the generated-client test (tests/test_generated_client.py) checks the answers against it."""

import pytest

from app.registry import REGISTRY


@pytest.fixture(scope="module")
def spec(client):
    return client.get("/openapi.json").json()


def test_every_success_answer_has_a_schema_for_each_media_type(spec):
    empty = [
        (method.upper(), path, status, media_type)
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
        for status, answer in operation["responses"].items()
        if status.startswith("2") and status != "204"
        for media_type, content in answer.get("content", {"(none)": {}}).items()
        if not content.get("schema")
    ]
    assert empty == []


def test_the_data_package_is_documented_as_a_zip_only(spec):
    answer = spec["paths"]["/v1/export/datapackage.zip"]["get"]["responses"]["200"]
    assert answer["content"] == {
        "application/zip": {"schema": {"type": "string", "format": "binary"}}
    }


def test_stats_answers_are_built_from_each_resources_groups_and_sums(spec):
    schemas = spec["components"]["schemas"]
    stats = [r for r in REGISTRY.resources if r.groups]
    assert len(stats) == 16
    for resource in stats:
        operation = spec["paths"][f"/v1/stats/{resource.plural}"]["get"]
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        answer = schemas[ref.rsplit("/", 1)[1]]
        assert answer["required"] == ["data", "meta"]
        group = schemas[answer["properties"]["data"]["items"]["$ref"].rsplit("/", 1)[1]]
        assert group["required"] == ["count"]
        sums = [f"sum_{name}" for name in resource.sums]
        extra = ["summed_records"] if sums else []
        if sums and resource.qualifier is not None:
            extra += ["qualifiers", "sum_is_exact"]
        assert list(group["properties"]) == [*resource.groups, "count", *sums, *extra]
    investments = schemas["InvestmentsStatsGroup"]["properties"]
    assert investments["year"]["type"] == ["integer", "null"]
    assert list(schemas["QualifierCounts"]["properties"]) == [
        "exact",
        "more_than",
        "about",
        "up_to",
    ]


def test_stats_answer_matches_its_schema(client):
    # Paragraph 49: Uzbekistan's two credit-line ceilings, 500 million and 1 billion USD.
    body = client.get(
        "/v1/stats/investments",
        params={"group_by": "country", "metric": "sum:amount_usd", "nature": "ceiling"},
    ).json()
    assert body == {
        "data": [
            {
                "country": "UZ",
                "count": 2,
                "sum_amount_usd": 1_500_000_000,
                "summed_records": 2,
                "qualifiers": {"exact": 2},
                "sum_is_exact": True,
            }
        ],
        "meta": {"group_by": ["country"], "metric": "sum:amount_usd", "groups": 1},
    }


def test_change_log_columns_tell_the_tables_apart(spec):
    # A client tries each table's shape in turn; all columns are required and no others are
    # allowed, so a row matches only its own table's shape when no two share a column set.
    schemas = spec["components"]["schemas"]
    after = schemas["ChangeSelection"]["properties"]["after"]["anyOf"]
    shapes = [schemas[option["$ref"].rsplit("/", 1)[1]] for option in after if "$ref" in option]
    assert len(shapes) == len(REGISTRY.seed_tables) == 21
    assert all(s["additionalProperties"] is False for s in shapes)
    assert all(s["required"] == list(s["properties"]) for s in shapes)
    assert len({frozenset(s["properties"]) for s in shapes}) == len(shapes)
