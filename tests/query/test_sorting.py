import pytest

from tests.helpers import data, problem


def walk(client, path, **params) -> list[dict]:
    """Every record, following next links two at a time."""
    rows, url, query = [], path, {**params, "limit": 2}
    while url:
        response = client.get(url, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        rows += body["data"]
        url, query = body["links"]["next"], None
    return rows


def test_multi_key_sort(client):
    rows = data(
        client, "/v1/visits", sort="-year,person_name", fields="id,year,person_name", year__lte=2021
    )
    assert [(r["year"], r["person_name"]) for r in rows[:6]] == [
        (2021, "K. Zh. Tokayev"),
        (2021, "Shavkat Mirziyoyev"),  # an external page
        (2019, "Lee Nak-yon"),
        (2019, "Lee Nak-yon"),
        (2019, "Moon Jae-in"),
        (2019, "Moon Jae-in"),
    ]
    assert [r["id"] for r in rows[1:6]] == [21, 10, 15, 7, 12]


@pytest.mark.parametrize("sort", ["city", "-city"])
def test_empty_values_sort_last_in_either_direction(client, sort):
    # the article's visits, and Mirziyoyev's to Seoul (an external page)
    params = {"sort": sort, "fields": "city", "year__lte": 2021}
    cities = [row["city"] for row in data(client, "/v1/visits", **params)]
    named = ["Ashgabat", "Bishkek", "Dushanbe", "Seoul", "Seoul", "Seoul", "Tashkent"]
    assert cities == (named if sort == "city" else named[::-1]) + [None] * 11


@pytest.mark.parametrize(
    ("path", "sort"),
    [
        ("/v1/visits", "city"),
        ("/v1/visits", "-city,-year"),
        ("/v1/visits", "person_name"),
        ("/v1/projects", "year_from,-value_usd"),
        ("/v1/projects", "-korean_party,name"),
        ("/v1/investments", "-year_to,qualifier"),
        ("/v1/missions", "-year"),
        ("/v1/countries", "-capital"),
        ("/v1/timeline", "-year,type"),
    ],
)
def test_keyset_pages_follow_any_sort_including_empty_values(client, path, sort):
    everything = data(client, path, sort=sort, limit=500)
    assert walk(client, path, sort=sort) == everything


def test_sort_by_id_descending(client):
    assert [row["id"] for row in data(client, "/v1/summits", sort="-id")] == [5, 4, 3, 2, 1]


@pytest.mark.parametrize(
    ("sort", "detail"),
    [
        ("yaer", "'sort': Unknown sort key 'yaer'. Did you mean 'year'? Example: sort=-id."),
        ("year,-year", "'sort': Sort key 'year' is given twice. Example: sort=-id."),
        (
            "description",
            "'sort': Unknown sort key 'description'. Allowed: as_of, city, from_country, id, "
            "office, person_id, person_name, status, supersedes_id, to_country, year. "
            "Example: sort=-id.",
        ),
        ("", "'sort' has an empty item; separate names with single commas."),
        ("year,", "'sort' has an empty item; separate names with single commas."),
    ],
)
def test_bad_sort_is_400(client, sort, detail):
    body = problem(client, "/v1/visits", sort=sort)
    assert body["parameter"] == "sort"
    assert body["detail"].startswith(detail)


def test_a_cursor_from_another_order_is_refused(client):
    next_url = client.get("/v1/visits", params={"limit": 2}).json()["links"]["next"]
    cursor = next_url.split("cursor=")[1]
    body = problem(client, "/v1/visits", sort="-year", cursor=cursor)
    assert body["detail"] == (
        "'cursor': The cursor belongs to another sort order; start again from the first page. "
        "Example: cursor=eyJvIjoiMTIzNDU2Nzg5MGFiIiwidiI6WzIwMDksNV19."
    )


def test_count_none_skips_the_total(client):
    body = client.get("/v1/visits", params={"count": "none", "limit": 5}).json()
    assert body["meta"] == {"total": None, "limit": 5, "returned": 5}
    assert body["links"]["next"] is not None
