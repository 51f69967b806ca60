"""The `filter[field__op]` spelling of the grammar (issue 13, point 2): the same answers as the
plain keys, and a 400 naming the key for anything the operation does not take."""

import pytest

from tests.helpers import data, problem


def ids(rows):
    return [row["id"] for row in rows]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"filter[year__gte]": 2019}, [7, 10, 12, 15, 17, 3, 21, 18, 19, 20, 22]),
        ({"filter[year__lt]": 1998}, [1, 8]),
        ({"filter[from_country__in]": "kz,TJ"}, [1, 2, 13, 14, 3]),
        ({"filter[year__ne]": 2019, "to_country": "kr"}, [1, 8, 2, 13, 16, 9, 14, 11, 3, 21, 22]),
        ({"filter[person_id__isnull]": "true"}, [11]),
        ({"filter[year__gt]": 2019, "filter[person_name__contains]": "yoon"}, [18, 19, 20]),
    ],
)
def test_a_bracketed_key_filters_as_the_plain_key_does(client, params, expected):
    assert ids(data(client, "/v1/visits", **params)) == expected
    plain = {name.removeprefix("filter[").removesuffix("]"): v for name, v in params.items()}
    assert ids(data(client, "/v1/visits", **plain)) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [({"year": 2019}, [7, 10, 12, 15, 17]), ({"city": "Tashkent"}, [12, 20])],
)
def test_plain_field_value_is_still_taken_as_the_documented_eq_key(client, params, expected):
    # OpenAPI documents `city=Tashkent` only as `filter[city__eq]`; the plain key still works.
    assert ids(data(client, "/v1/visits", **params)) == expected
    bracketed = {f"filter[{name}__eq]": value for name, value in params.items()}
    assert ids(data(client, "/v1/visits", **bracketed)) == expected


def test_stats_take_the_filter_object(client):
    rows = data(client, "/v1/stats/visits", group_by="country", **{"filter[year__gte]": 2019})
    assert rows == [
        {"country": "KG", "count": 2},  # Japarov in Seoul, December 2024
        {"country": "KZ", "count": 3},
        {"country": "TJ", "count": 1},
        {"country": "TM", "count": 2},
        {"country": "UZ", "count": 3},  # Mirziyoyev in Seoul, December 2021
    ]


@pytest.mark.parametrize(
    ("name", "value", "detail"),
    [
        (
            "filter[year__gtee]",
            "2019",
            "Unknown filter 'year__gtee'. Did you mean 'year__gte'? 'year' takes the operators "
            "eq, gt, gte, in, lt, lte, ne.",
        ),
        ("filter[yaer__gte]", "2019", "Unknown filter 'yaer__gte'. Did you mean 'year__gte'?"),
        (
            "filter[office__lt]",
            "president",
            "Unknown filter 'office__lt'. Did you mean 'office__ne'? 'office' takes the "
            "operators eq, in, ne.",
        ),
        (
            "filter[zzz]",
            "1",
            "Unknown filter 'zzz'. Keys are field__op; the fields are as_of, city, "
            "description, from_country, id, office, person_id, person_name, status, "
            "supersedes_id, to_country, year.",
        ),
        (
            "filter",
            "1",
            "'filter' is not a filter; give each as filter[field__op]=value, for example "
            "filter[year__gte]=2019.",
        ),
        (
            "filter[]",
            "1",
            "'filter[]' is not a filter; give each as filter[field__op]=value, for example "
            "filter[year__gte]=2019.",
        ),
        (
            "filter[year][gte]",
            "1",
            "'filter[year][gte]' is not a filter; give each as filter[field__op]=value, for "
            "example filter[year__gte]=2019.",
        ),
        (
            "filter[year__gte]",
            "abc",
            "'filter[year__gte]' must be a whole number from 1900 to 2100, e.g. 2019.",
        ),
    ],
)
def test_a_bad_key_or_value_is_a_400_naming_it(client, name, value, detail):
    body = problem(client, "/v1/visits", **{name: value})
    assert (body["parameter"], body["detail"]) == (name, detail)


def test_a_key_given_bracketed_and_plain_is_a_400(client):
    body = problem(client, "/v1/visits", **{"filter[year__gte]": 2019, "year__gte": 2020})
    assert body["parameter"] == "filter[year__gte]"
    assert body["detail"] == (
        "'year__gte' is given twice, as 'filter[year__gte]' and as 'year__gte'; give it once."
    )


@pytest.mark.parametrize(
    ("name", "operator"),
    [("office__lt", "lt"), ("to_country__gte", "gte"), ("city__gt", "gt")],
)
def test_ordering_an_enumeration_a_code_or_free_text_is_a_400(client, name, operator):
    body = problem(client, "/v1/visits", **{name: "a"})
    assert body["parameter"] == name
    assert f"Unknown operator '{operator}'" in body["detail"]


def test_contains_is_for_free_text_only(client):
    body = problem(client, "/v1/visits", office__contains="pres")
    assert body["parameter"] == "office__contains"
    assert "Unknown operator 'contains' for 'office'" in body["detail"]


def test_a_record_takes_no_filter(client):
    body = problem(client, "/v1/visits/1", **{"filter[year__gte]": 2019})
    assert body["parameter"] == "filter[year__gte]"
