from tests.helpers import data, problem


def stats(client, resource, **params):
    response = client.get(f"/v1/stats/{resource}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_visits_per_republic(client):
    body = stats(client, "visits", group_by="country")
    assert [(row["country"], row["count"]) for row in body["data"]] == [
        ("KG", 3),
        ("KZ", 8),  # with the three state visits of June 2024 (external pages)
        ("TJ", 3),
        ("TM", 3),
        ("UZ", 3),
    ]
    assert body["meta"] == {"group_by": ["country"], "metric": "count", "groups": 5}


def test_two_dimensions_and_list_filters_apply(client):
    body = stats(client, "visits", group_by="country,office", year_from=2019)
    assert body["data"] == [
        {"country": "KG", "office": "prime_minister", "count": 1},
        {"country": "KZ", "office": "president", "count": 3},
        {"country": "TJ", "office": "prime_minister", "count": 1},
        {"country": "TM", "office": "president", "count": 2},
        {"country": "UZ", "office": "president", "count": 2},
    ]


def test_sums_say_when_amounts_are_floors(client):
    body = stats(client, "investments", group_by="country", metric="sum:amount_usd", nature="stock")
    # Korean investment stocks: "over 6 billion" in Kazakhstan, "exceeding 7 billion" in
    # Uzbekistan (paragraphs 49 and 51).
    assert body["data"] == [
        {
            "country": "KZ",
            "count": 1,
            "sum_amount_usd": 6_000_000_000,
            "summed_records": 1,
            "qualifiers": {"more_than": 1},
            "sum_is_exact": False,
        },
        {
            "country": "UZ",
            "count": 1,
            "sum_amount_usd": 7_000_000_000,
            "summed_records": 1,
            "qualifiers": {"more_than": 1},
            "sum_is_exact": False,
        },
    ]


def test_a_money_sum_that_would_add_unlike_natures_is_refused_saying_how_to_ask(client):
    # The example: this added a stock, a trade turnover and a ceiling (UZ = $12.32 B).
    body = problem(
        client, "/v1/stats/investments", 400, group_by="country", metric="sum:amount_usd"
    )
    assert (body["type"], body["parameter"]) == ("urn:kca:problem:invalid-parameter", "metric")
    assert body["detail"] == (
        "'metric': A sum would add investments of different natures (for example a stock and a "
        "flow). Add `group_by=...,nature` to sum each nature apart, or `nature=<value>` to sum "
        "one. Example: metric=sum:count."
    )
    # Counts may still mix natures: they add records, not money.
    assert stats(client, "investments", group_by="country")["meta"]["groups"] == 4


def test_money_sums_keep_each_nature_apart(client):
    body = stats(
        client, "investments", group_by="country,nature", metric="sum:amount_usd", country="uz"
    )
    rows = [
        (r["country"], r["nature"], r["count"], r["sum_amount_usd"], r["qualifiers"])
        for r in body["data"]
    ]
    # Paragraphs 12, 49, 50 and 67: the ceiling was 500 million and is now up to 1 billion;
    # grants of 94.32 million, the two zones' 730.7 and 282.8 million and the university's
    # 11.9 million; investment exceeding 7 billion; trade of 2.7 billion in 2019.
    assert rows == [
        ("UZ", "ceiling", 2, 1_500_000_000, {"exact": 2}),
        ("UZ", "flow", 4, 1_119_720_000, {"exact": 4}),
        ("UZ", "stock", 1, 7_000_000_000, {"more_than": 1}),
        ("UZ", "two_way_trade", 1, 2_700_000_000, {"exact": 1}),
    ]
    one = stats(
        client, "investments", group_by="country", metric="sum:amount_usd", nature="ceiling"
    )
    assert [(r["country"], r["sum_amount_usd"]) for r in one["data"]] == [("UZ", 1_500_000_000)]


def test_large_money_figures_filter_by_nature(client):
    every = data(client, "/v1/investments", min_amount_usd=100_000_000)
    assert {r["slug"]: r["nature"] for r in every}["korea-gdp-forecast-2021"] == "forecast"
    stocks = data(client, "/v1/investments", min_amount_usd=100_000_000, nature="stock")
    assert [(r["slug"], r["amount_usd"], r["qualifier"]) for r in stocks] == [
        ("uzbekistan-investment-stock-2019", 7_000_000_000, "more_than"),
        ("kazakhstan-investment-stock", 6_000_000_000, "more_than"),
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
    assert by_sector["education"] == (4, 11_900_000)
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
        "'group_by': Unknown dimension 'contry'. Did you mean 'country'?"
    )
    assert problem(client, "/v1/stats/visits", group_by="year", metric="sum:year")["detail"] == (
        "'metric': Unknown metric 'sum:year'. Allowed: count."
    )
    assert problem(client, "/v1/stats/visits")["parameter"] == "group_by"


def test_facets_count_the_filtered_set(client):
    body = client.get(
        "/v1/visits", params={"facet": "office,year", "to_country": "KR", "limit": 1}
    ).json()
    assert body["meta"]["facets"]["office"] == [{"value": "president", "count": 9}]
    assert body["meta"]["facets"]["year"][:2] == [
        {"value": 1995, "count": 1},
        {"value": 1997, "count": 1},
    ]
    assert sum(f["count"] for f in body["meta"]["facets"]["year"]) == 9
    assert problem(client, "/v1/visits", facet="city")["parameter"] == "facet"
    assert data(client, "/v1/sources", limit=1)
