"""One vocabulary (issue 13, point 6): a year range is `year_from`/`year_to` on every record
kind, country filters are named after the fields they compare, and a name given up answers 400
naming its replacement."""

import pytest

from app.registry import REGISTRY
from app.vocab import RENAMED
from tests.helpers import problem


def test_no_resource_answers_a_name_given_up():
    for resource in REGISTRY.resources:
        fields = {name.split(".")[0] for name in resource.fields}
        filters = {f.alias or name for name, f in resource.filters.model_fields.items()}
        assert not (fields | filters | set(resource.groups)) & set(RENAMED), resource.plural


def test_every_year_range_is_called_year_from_and_year_to():
    """A record kind with two year columns names them the same way (a start-only year such as
    a summit count's `since_year` is not a range)."""
    ranges = {
        resource.plural: sorted(
            column.name
            for column in resource.table.columns
            if "year" in column.name and column.name != "year"
        )
        for resource in REGISTRY.resources
    }
    two = {plural: names for plural, names in ranges.items() if len(names) == 2}
    assert two == {
        "projects": ["year_from", "year_to"],
        "investments": ["year_from", "year_to"],
        "terms": ["year_from", "year_to"],
    }


@pytest.mark.parametrize(
    ("path", "params", "parameter", "detail"),
    [
        (
            "/v1/projects",
            {"year_start": "2018"},
            "year_start",
            "Unknown parameter 'year_start'. 'year_start' was renamed 'year_from'.",
        ),
        (
            "/v1/projects",
            {"year_end__gte": "2018"},
            "year_end__gte",
            "Unknown parameter 'year_end__gte'. 'year_end__gte' was renamed 'year_to__gte'.",
        ),
        (
            "/v1/terms",
            {"start_year": "1948"},
            "start_year",
            "Unknown parameter 'start_year'. 'start_year' was renamed 'year_from'.",
        ),
        (
            "/v1/terms",
            {"end_year__isnull": "false"},
            "end_year__isnull",
            "Unknown parameter 'end_year__isnull'. 'end_year__isnull' was renamed "
            "'year_to__isnull'.",
        ),
        (
            "/v1/visits",
            {"from": "KR"},
            "from",
            "Unknown parameter 'from'. 'from' was renamed 'from_country'.",
        ),
        (
            "/v1/visits",
            {"to": "KZ"},
            "to",
            "Unknown parameter 'to'. 'to' was renamed 'to_country'.",
        ),
        (
            "/v1/stats/visits",
            {"group_by": "country", "to": "KR"},
            "to",
            "Unknown parameter 'to'. 'to' was renamed 'to_country'.",
        ),
        (
            "/v1/projects",
            {"sort": "-year_start"},
            "sort",
            "'sort': Unknown sort key 'year_start'. 'year_start' was renamed 'year_from'."
            " Example: sort=-id.",
        ),
        (
            "/v1/projects",
            {"fields": "id,year_end"},
            "fields",
            "'fields': Unknown field 'year_end'. 'year_end' was renamed 'year_to'."
            " Example: fields=id,date_start.",
        ),
        (
            "/v1/stats/terms",
            {"group_by": "start_year"},
            "group_by",
            "'group_by': Unknown dimension 'start_year'. 'start_year' was renamed"
            " 'year_from'. Example: group_by=country.",
        ),
    ],
)
def test_a_name_given_up_points_at_its_replacement(client, path, params, parameter, detail):
    body = problem(client, path, **params)
    assert (body["parameter"], body["detail"]) == (parameter, detail)


def test_a_name_given_up_elsewhere_is_only_unknown(client):
    """`from` is not a visit's alone: on a route without `from_country` it gets no pointer."""
    body = problem(client, "/v1/projects", **{"from": "KR"})
    assert "renamed" not in body["detail"]
    assert body["detail"].startswith("Unknown parameter 'from'.")


@pytest.mark.parametrize(
    ("path", "params", "ids"),
    [
        ("/v1/projects", {"year_from": 2019}, [10, 11, 12, 19]),
        ("/v1/projects", {"year_to": 2018}, [1, 21]),
        ("/v1/projects", {"year_from": 2011, "year_to": 2011}, [21]),
        ("/v1/terms", {"year_from": 1948, "year_to": 1960}, [1]),
        ("/v1/visits", {"from_country": "KOR", "to_country": "uz", "year_from": 2019}, [12, 20]),
    ],
)
def test_year_and_country_filters_by_their_one_name(client, path, params, ids):
    response = client.get(path, params={**params, "fields": "id", "limit": 100})
    assert response.status_code == 200, response.text
    body = response.json()
    assert sorted(row["id"] for row in body["data"]) == ids


def test_a_year_range_upside_down_is_refused(client):
    body = problem(client, "/v1/terms", year_from=1960, year_to=1948)
    assert body["detail"] == (
        "'year_from' (1960) is greater than 'year_to' (1948). Example: year_from=2019."
    )
