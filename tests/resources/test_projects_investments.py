import pytest


def listing(client, path, **params):
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_twenty_three_projects(client):
    assert listing(client, "/v1/projects")["meta"]["total"] == 23


def test_free_economic_zones_with_values_and_sub_projects(client):
    rows = listing(client, "/v1/projects", kind="free_economic_zone")["data"]
    assert [(row["city"], row["value_usd"], row["sub_projects"]) for row in rows] == [
        # Paragraph 50 names the zones, not the cities they lie in.
        (None, 730_700_000, 73),
        (None, 282_800_000, 53),
    ]


def test_projects_active_in_a_year(client):
    rows = listing(client, "/v1/projects", country="uz", year=2010)["data"]
    assert [row["slug"] for row in rows] == ["koica-uzbekistan", "navoi-airport"]


def test_projects_by_sector_and_value_range(client):
    rows = listing(
        client,
        "/v1/projects",
        sector="education",
        min_value_usd=1_000_000,
        max_value_usd=20_000_000,
    )["data"]
    assert [(row["name"], row["city"], row["value_usd"]) for row in rows] == [
        ("Uzbek Korean International University", "Fergana", 11_900_000)
    ]


def test_project_record(client):
    body = client.get("/v1/projects/1").json()
    assert body["name"] == "KOICA projects in Uzbekistan"
    assert (body["year_from"], body["year_to"]) == (1995, 2018)
    assert (body["value_usd"], body["sub_projects"]) == (94_320_000, 29)
    assert body["citation"]["paragraph"] == 12
    assert body["citation"]["source"]["footnote"] == 2


def test_investment_amount_and_qualifier(client):
    params = {"country": "kz", "kind": "investment_stock"}
    rows = listing(client, "/v1/investments", **params, as_of="2021-01-01")["data"]
    assert [(r["amount_usd"], r["qualifier"], r["from_country"]) for r in rows] == [
        (6_000_000_000, "more_than", "KR")
    ]
    # Today the latest of four reports of that stock: Tokayev's 9.6 billion of June 2024.
    rows = listing(client, "/v1/investments", **params)["data"]
    assert [(r["amount_usd"], r["qualifier"], r["as_of"]) for r in rows] == [
        (9_600_000_000, "exact", "2024-06-12")
    ]


def test_uzbekistan_credit_lines(client):
    rows = listing(client, "/v1/investments", country="UZ", kind="credit_line")["data"]
    assert [(r["amount_usd"], r["qualifier"], r["year_from"], r["year_to"]) for r in rows] == [
        (500_000_000, "exact", None, None),
        (1_000_000_000, "exact", 2021, 2023),
    ]
    # Both are ceilings ("credit limit … up to 1 billion USD", paragraph 49): the "up to" is
    # the ceiling itself, not a doubt about its amount.
    assert {r["nature"] for r in rows} == {"ceiling"}


def test_agreements_signed_with_kazakhstan_in_2021(client):
    rows = listing(client, "/v1/investments", kind="agreements_signed")["data"]
    # and the Uzbek high-speed train contract of 2024 (external pages)
    assert [r["id"] for r in rows] == [9, 49]
    row = rows[0]
    assert (row["amount_usd"], row["count"], row["year_from"]) == (1_700_000_000, 34, 2021)
    assert row["citation"]["source"]["title"] == (
        "Kazakhstan and South Korea signed agreements worth 1.7 billion USD"
    )


def test_investment_amount_and_year_filters(client):
    rows = listing(
        client,
        "/v1/investments",
        min_amount_usd=2_000_000_000,
        max_amount_usd=8_000_000_000,
        year_from=2019,
        year_to=2019,
        as_of="2021-01-01",
    )["data"]
    assert sorted(row["slug"] for row in rows) == [
        "uzbekistan-investment-stock-2019",
        "uzbekistan-trade-turnover-2019",
    ]


def test_fez_portfolio_links_to_its_project(client):
    row = client.get("/v1/investments/6").json()
    assert (row["kind"], row["project_id"], row["count"]) == ("fez_portfolio", 5, 73)
    assert client.get(f"/v1/projects/{row['project_id']}").json()["name"] == "Angren FEZ"


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/v1/projects", {"kind": "castle"}, "kind"),
        ("/v1/projects", {"sector": "space"}, "sector"),
        ("/v1/projects", {"year": "soon"}, "year"),
        ("/v1/projects", {"min_value_usd": -1}, "min_value_usd"),
        ("/v1/projects", {"min_value_usd": 10, "max_value_usd": 5}, "min_value_usd"),
        ("/v1/investments", {"min_amount_usd": 9, "max_amount_usd": 1}, "min_amount_usd"),
        ("/v1/investments", {"kind": "bribe"}, "kind"),
        ("/v1/investments", {"country": "QQ"}, "country"),
    ],
)
def test_bad_filters_are_400(client, path, params, parameter):
    response = client.get(path, params=params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
