from tests.helpers import data, problem


def stats(client, resource, **params):
    response = client.get(f"/v1/stats/{resource}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_visits_per_republic(client):
    body = stats(client, "visits", group_by="country")
    assert [(row["country"], row["count"]) for row in body["data"]] == [
        ("KG", 3),
        ("KZ", 7),
        ("TJ", 3),
        ("TM", 2),
        ("UZ", 2),
    ]
    assert body["meta"] == {"group_by": ["country"], "metric": "count", "groups": 5}


def test_two_dimensions_and_list_filters_apply(client):
    body = stats(client, "visits", group_by="country,office", year_from=2019)
    assert body["data"] == [
        {"country": "KG", "office": "prime_minister", "count": 1},
        {"country": "KZ", "office": "president", "count": 2},
        {"country": "TJ", "office": "prime_minister", "count": 1},
        {"country": "TM", "office": "president", "count": 1},
        {"country": "UZ", "office": "president", "count": 1},
    ]


def test_sums_say_when_they_mix_qualifiers(client):
    body = stats(
        client, "investments", group_by="country", metric="sum:amount_usd", kind="credit_line"
    )
    assert body["data"] == [
        {
            "country": "UZ",
            "count": 2,
            "sum_amount_usd": 1_500_000_000,
            "summed_records": 2,
            "qualifiers": {"exact": 1, "up_to": 1},
            "sum_is_exact": False,
        }
    ]


def test_an_exact_sum(client):
    body = stats(client, "diaspora", group_by="scope", metric="sum:population", scope="country")
    assert body["data"] == [
        {
            "scope": "country",
            "count": 5,
            "sum_population": 308_800,
            "summed_records": 5,
            "qualifiers": {"exact": 5},
            "sum_is_exact": True,
        }
    ]


def test_project_values_by_sector(client):
    body = stats(client, "projects", group_by="sector", metric="sum:value_usd", country="uz")
    by_sector = {row["sector"]: (row["count"], row["sum_value_usd"]) for row in body["data"]}
    assert by_sector["industry"] == (2, 1_013_500_000)
    assert by_sector["education"] == (3, 11_900_000)
    assert by_sector["culture"] == (5, None)


def test_summit_totals(client):
    body = stats(client, "summits", group_by="country", metric="sum:count", min_count=5)
    assert [(r["country"], r["sum_count"]) for r in body["data"]] == [
        ("KZ", 14),
        ("TM", 5),
        ("UZ", 16),
    ]


def test_bad_stats_parameters(client):
    assert problem(client, "/v1/stats/visits", group_by="contry")["detail"] == (
        "Unknown dimension 'contry'. Did you mean 'country'?"
    )
    assert problem(client, "/v1/stats/visits", group_by="year", metric="sum:year")["detail"] == (
        "Unknown metric 'sum:year'. Allowed: count."
    )
    assert problem(client, "/v1/stats/visits")["parameter"] == "group_by"


def test_facets_count_the_filtered_set(client):
    body = client.get("/v1/visits", params={"facet": "office,year", "to": "KR", "limit": 1}).json()
    assert body["meta"]["facets"]["office"] == [{"value": "president", "count": 9}]
    assert body["meta"]["facets"]["year"][:2] == [
        {"value": 1995, "count": 1},
        {"value": 1997, "count": 1},
    ]
    assert sum(f["count"] for f in body["meta"]["facets"]["year"]) == 9
    assert problem(client, "/v1/visits", facet="city")["parameter"] == "facet"
    assert data(client, "/v1/sources", limit=1)
