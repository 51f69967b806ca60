import pytest


def visits(client, **params):
    response = client.get("/v1/visits", params=params)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_every_visit_to_2021_in_year_order(client):
    body = client.get("/v1/visits", params={"year__lte": 2021}).json()
    # and Mirziyoyev's state visit of December 2021, from external pages
    assert body["meta"] == {"total": 18, "limit": 50, "returned": 18}
    years = [row["year"] for row in body["data"]]
    assert years == sorted(years)


def test_korean_presidents_visited_kazakhstan_every_five_years(client):
    rows = visits(client, **{"from_country": "KR", "to_country": "kz", "office": "president"})
    assert [(row["year"], row["person_name"]) for row in rows] == [
        (2004, "Roh Moo-hyun"),
        (2009, "Lee Myung-bak"),
        (2014, "Park Geun-hye"),
        (2019, "Moon Jae-in"),
        (2024, "Yoon Suk Yeol"),  # from an external page (Trend, 12 June 2024)
    ]


def test_kazakh_presidents_came_to_korea_three_times(client):
    rows = visits(client, **{"from_country": "kz"})
    assert [(row["year"], row["person_id"]) for row in rows] == [
        (1995, "nazarbayev"),
        (2003, "nazarbayev"),
        (2021, "tokayev"),
    ]


def test_country_matches_either_side(client):
    rows = visits(client, country="tj")
    assert [(row["from_country"], row["to_country"], row["year"]) for row in rows] == [
        ("TJ", "KR", 2005),
        ("TJ", "KR", 2015),
        ("KR", "TJ", 2019),
    ]


def test_prime_minister_visits_are_lee_nak_yon_in_2019(client):
    rows = visits(client, office="prime_minister")
    assert [(row["to_country"], row["city"], row["year"]) for row in rows] == [
        ("KG", "Bishkek", 2019),
        ("TJ", "Dushanbe", 2019),
    ]
    assert {row["person_id"] for row in rows} == {"lee-nak-yon"}


def test_person_filter(client):
    rows = visits(client, person="moon-jae-in")
    assert sorted(row["to_country"] for row in rows) == ["KZ", "TM", "UZ"]


def test_year_range_is_inclusive(client):
    rows = visits(client, year_from=2003, year_to=2005)
    assert [row["year"] for row in rows] == [2003, 2004, 2005]


def test_unnamed_uzbek_visitor_keeps_person_empty(client):
    response = client.get("/v1/visits/11")
    assert response.status_code == 200
    body = response.json()
    assert (body["from_country"], body["to_country"], body["year"]) == ("UZ", "KR", 2017)
    assert body["person_id"] is None and body["person_name"] is None


def test_visit_record_embeds_citation(client):
    assert client.get("/v1/visits/15").json() == {
        "id": 15,
        "office": "prime_minister",
        "from_country": "KR",
        "from_country_name": "Republic of Korea",
        "to_country": "TJ",
        "to_country_name": "Tajikistan",
        "year": 2019,
        "city": "Dushanbe",
        "status": None,
        "as_of": None,
        "supersedes_id": None,
        "person_id": "lee-nak-yon",
        "person_name": "Lee Nak-yon",
        "description": "Korean prime minister in the Tajik capital; "
        "no Korean president has gone there.",
        "citation": {
            "paragraph": 11,
            "section": "Level of diplomatic relations",
            "locator": None,
            "source": {
                "id": 0,
                "footnote": None,
                "title": "Central Asia and South Korea: Seeking Opportunities "
                "for Increased Cooperation",
                "url": "https://cabar.asia/",
                "origin": "article",
            },
        },
    }


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"person": "kim-jong-un"}, "person"),
        ({"country": "XX"}, "country"),
        ({"to_country": "1a"}, "to_country"),
        ({"office": "king"}, "office"),
        ({"year_from": "199x"}, "year_from"),
        ({"year_to": 1800}, "year_to"),
        ({"year_from": 2020, "year_to": 2010}, "year_from"),
    ],
)
def test_bad_visit_filters_are_400_naming_the_parameter(client, params, parameter):
    response = client.get("/v1/visits", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["parameter"] == parameter
