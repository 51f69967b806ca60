import pytest

from tests.helpers import data, problem


def stats(client, resource, **params):
    response = client.get(f"/v1/stats/{resource}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_visits_per_republic(client):
    body = stats(client, "visits", group_by="country")
    assert [(row["country"], row["count"]) for row in body["data"]] == [
        ("KG", 4),  # with Japarov in Seoul, December 2024 (external pages)
        ("KZ", 8),  # with the three state visits of June 2024 (external pages)
        ("TJ", 3),
        ("TM", 3),
        ("UZ", 4),  # with Mirziyoyev in Seoul, December 2021 (external pages)
    ]
    assert body["meta"] == {"group_by": ["country"], "metric": "count", "groups": 5}


def test_two_dimensions_and_list_filters_apply(client):
    body = stats(client, "visits", group_by="country,office", year_from=2019)
    assert body["data"] == [
        {"country": "KG", "office": "president", "count": 1},
        {"country": "KG", "office": "prime_minister", "count": 1},
        {"country": "KZ", "office": "president", "count": 3},
        {"country": "TJ", "office": "prime_minister", "count": 1},
        {"country": "TM", "office": "president", "count": 2},
        {"country": "UZ", "office": "president", "count": 3},
    ]


def test_sums_say_when_amounts_are_floors(client):
    params = {"group_by": "country", "metric": "sum:amount_usd", "nature": "stock"}
    body = stats(client, "investments", **params, as_of="2021-12-31")
    # Korean investment stocks: "over 6 billion" in Kazakhstan, "exceeding 7 billion" in
    # Uzbekistan (paragraphs 49 and 51); by the end of 2021 Tokayev's "over 6 billion" of
    # August 2021 had superseded the article's Kazakh figure, with the same value.
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


def test_a_stock_reported_on_several_dates_is_summed_once(client):
    body = stats(client, "investments", group_by="country", metric="sum:amount_usd", nature="stock")
    # The latest report of each stock only: 9.6 billion in Kazakhstan (Tokayev, June 2024; four
    # reports in all), over 8 billion in Uzbekistan (September 2025; five), and 4.08 billion
    # for the five republics together (December 2025; three, the others said over 6 billion in
    # December 2023 and over 15 billion in May 2024).
    assert [
        (r["country"], r["count"], r["sum_amount_usd"], r["sum_is_exact"]) for r in body["data"]
    ] == [
        ("KZ", 1, 9_600_000_000, True),
        ("UZ", 1, 8_000_000_000, False),
        (None, 1, 4_080_000_000, True),
    ]
    everything = data(client, "/v1/investments", nature="stock", as_of="all", limit=100)
    chains = [(r["id"], r["amount_usd"], r["as_of"], r["supersedes_id"]) for r in everything]
    assert chains == [
        (3, 7_000_000_000, None, None),
        (8, 6_000_000_000, None, None),
        (38, 6_000_000_000, "2021-08-17", 8),
        (39, 8_000_000_000, "2023-09-20", 38),
        (41, 9_600_000_000, "2024-06-12", 39),
        (42, 7_000_000_000, "2023-09-10", 3),
        (43, 7_300_000_000, "2023-09-11", 42),
        (44, 7_500_000_000, "2024-06-14", 43),
        (45, 8_000_000_000, "2025-09-23", 44),
        (46, 6_000_000_000, "2023-12-11", None),
        (47, 15_000_000_000, "2024-05-16", 46),
        (48, 4_080_000_000, "2025-12-10", 47),
    ]


def test_outlets_that_disagree_are_both_kept_and_the_later_is_shown(client):
    params = {"country": "KZ", "kind": "trade_turnover", "year_from": 2022, "year_to": 2022}
    latest = data(client, "/v1/investments", **params)
    assert [(r["id"], r["amount_usd"], r["as_of"]) for r in latest] == [
        (19, 6_500_000_000, "2023-08-22")
    ]
    both = data(client, "/v1/investments", **params, as_of="all")
    assert [(r["id"], r["amount_usd"], r["supersedes_id"]) for r in both] == [
        (18, 6_100_000_000, None),
        (19, 6_500_000_000, 18),
    ]
    assert data(client, "/v1/investments", **params, as_of="2023-07-01")[0]["id"] == 18


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
    # Kazakhstan, Kyrgyzstan, Turkmenistan, Uzbekistan and the region-wide figures (no country).
    assert stats(client, "investments", group_by="country")["meta"]["groups"] == 5


def test_money_sums_keep_each_nature_apart(client):
    body = stats(
        client,
        "investments",
        group_by="country,nature",
        metric="sum:amount_usd",
        country="uz",
        as_of="2021-06-30",  # before the first external report of an Uzbek figure
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


TRADE = {"nature": "two_way_trade", "metric": "sum:amount_usd"}


def uzbek_trade_2023(client, as_of: str) -> list[tuple]:
    year = {"country": "UZ", "year_from": 2023, "year_to": 2023, "nature": "two_way_trade"}
    rows = data(client, "/v1/investments", **year, as_of=as_of)
    return [(r["id"], r["months"], r["amount_usd"], r["as_of"]) for r in rows]


def test_part_year_trade_is_never_added_to_the_whole_year(client):
    # Four reports of Uzbek-Korean trade in 2023 covered 4, 6, 7 and 12 months (1.03 + 1.27 +
    # 0.80 + 2.5 billion were summed as 5.6): each part-year report is superseded by the
    # fuller one, so the year sums to the latest whole-year figure. Daryo's first half (1.04
    # billion, July 2024) is a fifth report and changes nothing.
    body = stats(client, "investments", group_by="country,year", **TRADE, country="UZ")
    assert [(r["year"], r["count"], r["sum_amount_usd"]) for r in body["data"]] == [
        (2019, 1, 2_770_000_000),
        (2020, 1, 2_140_000_000),
        (2022, 1, 2_300_000_000),
        (2023, 1, 2_500_000_000),
        (2024, 1, 1_070_000_000),  # January to June, after January to April: no whole year
    ]
    kazakh = stats(client, "investments", group_by="year", **TRADE, country="KZ", year_from=2023)
    assert [(r["year"], r["sum_amount_usd"]) for r in kazakh["data"]] == [
        (2023, 6_000_000_000),  # not 9.5 with the first half's 3.5
        (2024, 3_100_000_000),
    ]
    # The chain: the first half as Daryo printed it in July 2024 opens it, then the four-month
    # figure, printed in June 2024 as a base for comparison; each is superseded by a report
    # dated before it, so no day shows either beside a fuller period.
    every = data(client, "/v1/investments", country="UZ", year_from=2023, year_to=2023, as_of="all")
    assert [(r["id"], r["months"], r["amount_usd"], r["supersedes_id"]) for r in every] == [
        (27, None, 2_450_000_000, 30),
        (28, None, 2_500_000_000, 27),
        (29, 6, 1_030_000_000, 31),
        (30, 7, 1_270_000_000, 29),
        (31, 4, 802_100_000, 51),
        (51, 6, 1_040_000_000, None),
    ]


@pytest.mark.parametrize(
    ("as_of", "shown"),
    [
        ("2023-06-30", []),
        ("2023-07-01", [(29, 6, 1_030_000_000, "2023-07-01")]),
        ("2023-08-24", [(30, 7, 1_270_000_000, "2023-08-24")]),
        ("2024-06-14", [(27, None, 2_450_000_000, "2024-06-14")]),
        ("2024-06-22", [(28, None, 2_500_000_000, "2024-06-15")]),
        ("2024-07-23", [(28, None, 2_500_000_000, "2024-06-15")]),
    ],
)
def test_as_of_replays_each_part_of_the_year_as_it_was_reported(client, as_of, shown):
    assert uzbek_trade_2023(client, as_of=as_of) == shown


def test_part_year_figures_group_and_filter_by_their_months(client):
    body = stats(
        client,
        "investments",
        group_by="year,months",
        **TRADE,
        country="UZ",
        year_from=2023,
        as_of="all",
    )
    assert [(r["year"], r["months"], r["sum_amount_usd"]) for r in body["data"]] == [
        (2023, 4, 802_100_000),
        (2023, 6, 2_070_000_000),  # two reports of the first half, 1.03 and 1.04 billion
        (2023, 7, 1_270_000_000),
        (2023, None, 4_950_000_000),  # two outlets' whole-year values, asked for with as_of=all
        (2024, 4, 695_000_000),
        (2024, 6, 1_070_000_000),
    ]
    part_year = data(client, "/v1/investments", months__isnull="false", as_of="all")
    assert [(r["id"], r["months"]) for r in part_year] == [
        (22, 6),
        (29, 6),
        (30, 7),
        (31, 4),
        (32, 4),
        (51, 6),
        (52, 6),
    ]
    csv = client.get(
        "/v1/investments", params={"format": "csv", "fields": "id,months", "months": 6}
    )
    # The latest six-month report: the other three are superseded by fuller periods.
    assert csv.text.splitlines() == ["id,months", "52,6"]


def test_large_money_figures_filter_by_nature(client):
    every = data(client, "/v1/investments", min_amount_usd=100_000_000)
    assert {r["slug"]: r["nature"] for r in every}["korea-gdp-forecast-2021"] == "forecast"
    stocks = data(
        client, "/v1/investments", min_amount_usd=100_000_000, nature="stock", as_of="2021-01-01"
    )
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
    # The article's nine, Mirziyoyev's of December 2021 and Japarov's of December 2024.
    assert body["meta"]["facets"]["office"] == [{"value": "president", "count": 11}]
    assert body["meta"]["facets"]["year"][:2] == [
        {"value": 2021, "count": 2},  # Tokayev in August, Mirziyoyev in December
        {"value": 1995, "count": 1},
    ]
    assert sum(f["count"] for f in body["meta"]["facets"]["year"]) == 11
    assert problem(client, "/v1/visits", facet="city")["parameter"] == "facet"
    assert data(client, "/v1/sources", limit=1)
