"""Organisations, the Forum's sessions and dated indicators: the article's values, their links to
projects and to each other, and stats that never add figures of different units."""

import pytest

from app.curation.tokens import create_token
from tests.clients import OneHopClient
from tests.conftest import app_for, seeded_engine
from tests.helpers import problem


def rows(client, path: str, **params) -> list[dict]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_organisations_with_the_year_each_began(client):
    found = rows(client, "/v1/organisations")
    assert [
        (
            r["slug"],
            r["acronym"],
            r["kind"],
            r["parent_id"],
            r["started_year"],
            r["started_scope"],
            r["citation"]["paragraph"],
            r["citation"]["source"]["footnote"],
        )
        for r in found
    ] == [
        ("mofa-korea", None, "ministry", None, None, None, 12, None),
        ("koica", "KOICA", "agency", 1, 1994, "region", 12, None),
        ("kocis", "KOCIS", "service", None, 1971, "worldwide", 60, None),
        ("korea-net", None, "platform", None, None, None, 61, 19),
        ("talk-talk-korea", None, "platform", 4, None, None, 61, 19),
        ("korean-air-cargo", None, "company", None, 2009, "region", 50, 10),
        ("korea-central-asia-cooperation-forum", None, "forum", None, 2007, "region", 37, 8),
        ("korea-central-asia-forum-secretariat", None, "secretariat", 7, None, None, 51, 14),
        ("korea-central-asia-summit", None, "forum", None, None, None, None, None),  # external
    ]


def test_in_the_region_since(client):
    found = rows(
        client, "/v1/organisations", started_scope="region", sort="started_year", fields="slug"
    )
    assert [r["slug"] for r in found] == [
        "koica",
        "korea-central-asia-cooperation-forum",
        "korean-air-cargo",
    ]


def test_koica_sits_under_the_foreign_ministry_and_runs_three_projects(client):
    koica = client.get("/v1/organisations/2", params={"include": "parent,projects"}).json()
    assert koica["name"] == "Korean International Cooperation Agency"
    assert koica["parent"]["name"] == "Ministry of Foreign Affairs of the Republic of Korea"
    assert [(p["id"], p["korean_party"]) for p in koica["projects"]] == [
        (1, "KOICA"),
        (2, "KOICA"),
        (3, "KOICA"),
    ]


def test_projects_name_their_organisation(client):
    navoi = client.get("/v1/projects/4", params={"include": "organisation"}).json()
    assert (navoi["korean_party"], navoi["organisation_id"]) == ("Korean Air Cargo", 6)
    assert navoi["organisation"]["started_year"] == 2009
    linked = {r["id"]: r["organisation_id"] for r in rows(client, "/v1/projects", limit=100)}
    assert {key: value for key, value in linked.items() if value} == {
        1: 2,
        2: 2,
        3: 2,
        4: 6,
        22: 7,
    }


def test_the_forum_its_secretariat_and_its_13th_session(client):
    forum = client.get("/v1/organisations/7", params={"include": "parts,sessions"}).json()
    assert [part["slug"] for part in forum["parts"]] == ["korea-central-asia-forum-secretariat"]
    # The article's 13th session, then the sessions external pages report (every report of
    # the 16th: announced, then held), in the order they were added.
    assert [(s["number"], s["year"], s["city"], s["level"]) for s in forum["sessions"]] == [
        (13, None, None, None),
        (1, 2007, "Seoul", None),
        (10, 2016, "Seoul", None),
        (14, 2021, "Dushanbe", "ministerial"),
        (15, 2022, "Busan", "ministerial"),
        (16, 2023, "Ashgabat", "ministerial"),
        (16, 2023, "Ashgabat", "ministerial"),
        (17, 2024, "Seoul", "ministerial"),
        (3, 2009, "Seoul", "vice_ministerial"),
        (6, 2012, "Seoul", "ministerial"),
        (7, 2013, "Bishkek", "vice_ministerial"),
        (8, 2014, "Seoul", "vice_ministerial"),
        (9, 2015, "Seoul", "vice_ministerial"),
        (11, 2018, "Seoul", "vice_ministerial"),
        (12, 2019, "Nur-Sultan", "ministerial"),
        (18, 2026, None, None),
        (4, 2010, None, None),
    ]
    sessions = rows(client, "/v1/forum_sessions", organisation=7)  # the latest report of each
    assert [(s["id"], s["number"], s["citation"]["paragraph"]) for s in sessions] == [
        (1, 13, 35),
        (2, 1, None),
        (3, 10, None),
        (4, 14, None),
        (5, 15, None),
        (7, 16, None),
        (8, 17, None),
        (17, 3, None),
        (18, 6, None),
        (19, 7, None),
        (20, 8, None),
        (21, 9, None),
        (22, 11, None),
        (23, 12, None),
        (24, 18, None),
        (25, 4, None),
    ]


def test_indicators_of_kazakhstan(client):
    found = rows(client, "/v1/indicators", country="KZ", sort="-value")
    assert [(r["measure"], r["value"], r["unit"], r["qualifier"], r["year"]) for r in found] == [
        ("workers_without_permits", 12_000, "people", "about", None),
        ("uranium_import_share", 30, "percent", "about", None),
        ("investor_rank", 10, "rank", "up_to", None),
        # External pages of 2023-2024: outlets place Korea among the top ten, sixth, fifth or
        # in the top five investors, and fourth among trade partners; every value is kept.
        ("investor_rank", 10, "rank", "up_to", 2024),
        ("investor_rank", 6, "rank", "exact", None),
        ("investor_rank", 5, "rank", "exact", 2023),
        ("investor_rank", 5, "rank", "up_to", 2024),
        ("partner_rank", 4, "rank", "exact", 2023),
        ("investor_rank", 3, "rank", "exact", None),
    ]
    assert found[0]["citation"]["source"]["footnote"] == 17


def test_dated_indicators(client):
    found = rows(client, "/v1/indicators", sort="year", fields="slug,value,year", limit=100)
    dated = [(r["slug"], r["value"], r["year"]) for r in found if r["year"]]
    assert dated[:4] == [
        ("korea-presidents-since-1948", 12, 1948),
        ("gold-collection-participants-1998", 3_500_000, 1998),
        ("uzbekistan-partner-rank-2019", 3, 2019),
        # Uzbek statistics (external) rank Korea fifth in 2019, where the article says third.
        ("korea-trade-partner-rank-uzbekistan-2019", 5, 2019),
    ]
    assert [year for _, _, year in dated[4:]] == [
        2020,
        2021,
        2021,
        2022,
        2023,
        2023,
        2023,
        2024,
        2024,
    ]


def test_indicator_stats_count_per_measure_and_country(client):
    answer = client.get("/v1/stats/indicators", params={"group_by": "measure"}).json()
    assert {r["measure"]: r["count"] for r in answer["data"]} == {
        "campaign_participants": 1,
        "development_rank": 1,
        "investor_rank": 8,  # with four external ranks
        "partner_rank": 8,  # with seven
        "presidents_since": 1,
        "uranium_import_share": 1,
        "workers_without_permits": 1,
    }
    answer = client.get("/v1/stats/indicators", params={"group_by": "country"}).json()
    assert {r["country"]: r["count"] for r in answer["data"]} == {None: 3, "KZ": 9, "UZ": 9}


def test_indicators_are_never_added_up(client):
    """Ranks, percentages and head counts have no meaningful sum, whatever the grouping."""
    for group in ("unit", "measure"):
        body = problem(client, "/v1/stats/indicators", group_by=group, metric="sum:value")
        assert (body["parameter"], body["detail"]) == (
            "metric",
            "'metric': Unknown metric 'sum:value'. Allowed: count.",
        )


def test_search_finds_organisations_by_acronym(client):
    hits = client.get("/v1/search", params={"q": "KOCIS"}).json()["data"]
    assert [(h["type"], h["id"], h["title"]) for h in hits if h["type"] == "organisations"] == [
        ("organisations", 3, "Korea Cultural Information Service (KOCIS)")
    ]


@pytest.fixture(scope="module")
def curator(database_factory):
    engine = seeded_engine(database_factory())
    with engine.begin() as connection:
        token = create_token(connection, "alice")
    with OneHopClient(app_for(engine)) as client:
        yield client, {"Authorization": f"Bearer {token}"}
    engine.dispose()


def test_a_later_session_from_another_source(curator):
    client, auth = curator
    source = {"title": "Forum secretariat: list of sessions", "url": "https://example.org/forum"}
    response = client.post("/v1/sources", json=source, headers=auth)
    assert response.status_code == 201, response.text
    body = {
        "organisation_id": 7,
        "number": 14,
        "year": 2021,
        "city": None,
        "level": "ministerial",
        "source_id": response.json()["id"],
        "paragraph": None,
        "locator": "session list",
        "description": None,
    }
    response = client.post("/v1/forum_sessions", json=body, headers=auth)
    assert response.status_code == 201, response.text
    # ids 1-25 are the seeded sessions (the forum's and the summit's reports)
    assert (response.json()["id"], response.json()["number"]) == (26, 14)
    # Since migration 0011 a session may have several reports, so the same one again is stored.
    again = client.post("/v1/forum_sessions", json=body, headers=auth)
    assert again.status_code == 201, again.text
    assert (again.json()["id"], again.json()["number"]) == (27, 14)


def test_a_start_year_must_say_where_it_applies(curator):
    client, auth = curator
    body = {
        "slug": "korea-foundation",
        "name": "Korea Foundation",
        "acronym": None,
        "kind": "agency",
        "country_code": "KR",
        "parent_id": 1,
        "started_year": 1991,
        "started_scope": None,
        "source_id": 0,
        "paragraph": 12,
        "locator": None,
        "description": None,
    }
    response = client.post("/v1/organisations", json=body, headers=auth)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "started_scope is required with started_year" in response.text
    assert client.get("/v1/organisations", params={"kind": "agency"}).json()["meta"]["total"] == 1
