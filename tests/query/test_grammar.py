import re
import typing

import pytest
from sqlalchemy import CheckConstraint

from app.query.grammar import grammar_fields
from app.registry import REGISTRY
from tests.helpers import data, problem


def ids(rows):
    return [row["id"] for row in rows]


def test_bare_field_means_equals(client):
    assert ids(data(client, "/v1/visits", year=2019)) == [7, 10, 12, 15, 17]
    assert ids(data(client, "/v1/visits", year__eq=2019)) == [7, 10, 12, 15, 17]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year__lt": 1998}, [1, 8]),
        ({"year__lte": 2003}, [1, 8, 2]),
        ({"year__gt": 2019}, [3, 21, 18, 19, 20, 22]),
        ({"year__gte": 2019}, [7, 10, 12, 15, 17, 3, 21, 18, 19, 20, 22]),
        ({"year__ne": 2019, "to_country": "kr"}, [1, 8, 2, 13, 16, 9, 14, 11, 3, 21, 22]),
        ({"year__in": "1995,2003,2021"}, [1, 2, 3, 21]),
        ({"from_country__in": "kz,TJ"}, [1, 2, 13, 14, 3]),
    ],
)
def test_comparisons(client, params, expected):
    assert ids(data(client, "/v1/visits", **params)) == expected


def test_isnull(client):
    assert ids(data(client, "/v1/visits", person_id__isnull="true")) == [11]
    # the article's 16 named travellers, and from external pages Yoon's three visits of 2024,
    # Mirziyoyev's of 2021 and Japarov's of 2024
    assert len(data(client, "/v1/visits", person_id__isnull="false")) == 21
    # with Mirziyoyev's and Japarov's to Seoul (external pages)
    assert ids(data(client, "/v1/visits", city__isnull="false", to_country="KR")) == [
        13,
        14,
        21,
        22,
    ]


def test_contains_is_case_insensitive_in_every_script(client):
    rows = data(client, "/v1/visits", person_name__contains="lee")
    assert [row["person_name"] for row in rows] == ["Lee Myung-bak", "Lee Nak-yon", "Lee Nak-yon"]
    # SQLite folds only ASCII by itself; the API makes it fold Cyrillic like PostgreSQL does.
    rows = data(client, "/v1/projects", name__contains="СЕЛО")
    assert [row["slug"] for row in rows] == ["koica-kyrgyzstan-my-village"]


def test_contains_treats_wildcards_literally(client):
    assert data(client, "/v1/projects", name__contains="%") == []
    assert data(client, "/v1/projects", name__contains="_") == []


def test_grammar_combines_with_friendly_filters(client):
    params = {"country": "uz", "amount_usd__gte": 1_000_000_000}
    rows = data(client, "/v1/investments", **params, as_of="2021-01-01")
    assert sorted(row["slug"] for row in rows) == [
        "uzbekistan-credit-line-2021-2023",
        "uzbekistan-investment-stock-2019",
        "uzbekistan-trade-turnover-2019",
    ]


def test_boolean_field(client):
    assert len(data(client, "/v1/countries", central_asia__ne="true")) == 9


@pytest.mark.parametrize(
    ("params", "parameter", "detail"),
    [
        ({"yaer": 2019}, "yaer", "Unknown parameter 'yaer'. Did you mean 'year'?"),
        ({"contry": "uz"}, "contry", "Unknown parameter 'contry'. Did you mean 'country'?"),
        (
            {"year__foo": 1},
            "year__foo",
            "Unknown parameter 'year__foo'. Unknown operator 'foo' for 'year'; "
            "allowed: eq, gt, gte, in, lt, lte, ne.",
        ),
        (
            {"year__contains": "19"},
            "year__contains",
            "Unknown parameter 'year__contains'. Unknown operator 'contains' for 'year'; "
            "allowed: eq, gt, gte, in, lt, lte, ne.",
        ),
        (
            {"year__gte": "abc"},
            "year__gte",
            "'year__gte' must be a whole number from 1900 to 2100, e.g. 2019.",
        ),
        (
            {"office__in": "president,king"},
            "office__in",
            "'office__in': item 2 ('king') must be one of president, prime_minister, "
            "e.g. president,president.",
        ),
        (
            {"from_country__in": "KZ,XX"},
            "from_country__in",
            "'from_country__in': no countries record has code 'XX'. "
            "Example: from_country__in=UZ,UZ.",
        ),
        ({"city__isnull": "maybe"}, "city__isnull", None),
    ],
)
def test_grammar_errors_name_the_parameter(client, params, parameter, detail):
    body = problem(client, "/v1/visits", **params)
    assert body["parameter"] == parameter
    if detail is not None:
        assert body["detail"] == detail


@pytest.mark.parametrize(
    ("path", "params", "detail"),
    [
        (
            "/v1/visits",
            {"person_id": "nobody"},
            "'person_id': no people record has id 'nobody'. Example: person_id=moon-jae-in.",
        ),
        (
            "/v1/investments",
            {"project_id__in": "1,99999"},
            "'project_id__in': no projects record has id 99999. Example: project_id__in=1,1.",
        ),
    ],
)
def test_every_field_naming_a_record_must_name_one(client, path, params, detail):
    """Not only country codes: a grammar filter on any field that refers to another record."""
    body = problem(client, path, **params)
    assert (body["parameter"], body["detail"]) == (next(iter(params)), detail)


@pytest.mark.parametrize(
    ("path", "params", "detail"),
    [
        (
            "/v1/investments",
            {"months": 13},
            "'months' must be a whole number from 1 to 12, e.g. 10.",
        ),
        (
            "/v1/visits",
            {"filter[year__gte]": 5000},
            "'filter[year__gte]' must be a whole number from 1900 to 2100, e.g. 2019.",
        ),
        (
            "/v1/visits",
            {"year__lte": 1899},
            "'year__lte' must be a whole number from 1900 to 2100, e.g. 2019.",
        ),
        # Every operator takes the field's values: `year__lt=2101` would only say "any year".
        (
            "/v1/visits",
            {"year__lt": 2101},
            "'year__lt' must be a whole number from 1900 to 2100, e.g. 2019.",
        ),
        (
            "/v1/investments",
            {"months__in": "3,13"},
            "'months__in': item 2 ('13') must be a whole number from 1 to 12, e.g. 10,10.",
        ),
        (
            "/v1/projects",
            {"value_usd__gte": -1},
            "'value_usd__gte' must be a whole number from 0 to 1000000000000000, e.g. 10.",
        ),
        (
            "/v1/forum_sessions",
            {"number__ne": 0},
            "'number__ne' must be a whole number from 1 to 10000, e.g. 10.",
        ),
        (
            "/v1/stats/visits",
            {"year__gte": 3000, "group_by": "office"},
            "'year__gte' must be a whole number from 1900 to 2100, e.g. 2019.",
        ),
        (
            "/v1/timeline",
            {"year__gte": 3000},
            "'year__gte' must be a whole number from 1900 to 2100, e.g. 2019.",
        ),
    ],
)
def test_a_value_no_row_can_hold_is_a_400(client, path, params, detail):
    body = problem(client, path, **params)
    assert (body["parameter"], body["detail"]) == (next(iter(params)), detail)


def test_the_range_ends_are_values(client):
    assert ids(data(client, "/v1/investments", months=12, fields="id")) == []
    assert len(data(client, "/v1/visits", year__gte=1900, year__lte=2100, limit=100)) == 22


def _bounds(value_type) -> tuple[int, int]:
    (field,) = typing.get_args(value_type)[1:]
    return tuple(
        getattr(item, name)
        for item in field.metadata
        for name in ("ge", "le")
        if hasattr(item, name)
    )


CHECKED_RANGE = re.compile(r"^(\w+) (?:BETWEEN (-?\d+) AND (-?\d+)|>= (-?\d+))$")


@pytest.mark.parametrize("resource", REGISTRY.resources, ids=lambda r: r.plural)
def test_grammar_ranges_are_the_columns_checked_ranges(resource):
    """The record schema's ranges, which the grammar takes, are those the database enforces."""
    by_column = {
        getattr(expression, "key", None): _bounds(value_type)
        for expression, value_type, _, _ in grammar_fields(resource).values()
        if typing.get_origin(value_type) is typing.Annotated
        and typing.get_args(value_type)[0] is int
    }
    checked = 0
    for constraint in resource.table.constraints:
        found = isinstance(constraint, CheckConstraint) and CHECKED_RANGE.match(
            str(constraint.sqltext)
        )
        if found and found[1] in by_column:
            low, high = by_column[found[1]]
            if found[4] is not None:
                assert low == int(found[4]), (resource.plural, found[0])
            else:
                assert (low, high) == (int(found[2]), int(found[3])), (resource.plural, found[0])
            checked += 1
    assert checked or not any("BETWEEN" in str(c) for c in resource.table.constraints)
