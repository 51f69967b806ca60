"""Policy initiatives and agreements: the seeded records, their dates with precision, filters,
includes, stats, search, exports and writes."""

import pytest

from app.curation.tokens import create_token
from tests.clients import OneHopClient
from tests.conftest import app_for, seeded_engine
from tests.helpers import data, problem, search_hits


def test_the_new_northern_policy_is_dated_to_the_month_and_proposed_by_park(client):
    policy = client.get("/v1/initiatives/3").json()
    assert {k: policy[k] for k in ("slug", "kind", "country_code", "person_id", "person_name")} == {
        "slug": "new-northern-policy",
        "kind": "policy",
        "country_code": "KR",
        "person_id": "park-geun-hye",
        "person_name": "Park Geun-hye",
    }
    assert (policy["date_start"], policy["date_end"], policy["date_precision"], policy["year"]) == (
        "2013-10-01",
        None,
        "month",
        2013,
    )
    assert (policy["citation"]["paragraph"], policy["citation"]["source"]["footnote"]) == (16, 4)


def test_kind_filters_return_exactly_the_seeded_records(client):
    rival = data(client, "/v1/initiatives", competes_with_id=3)
    assert [(r["name"], r["country_code"]) for r in rival] == [
        ("Belt and Road", "CN"),
        ("Greater Eurasia", "RU"),
        ("New Silk Road", "US"),
        ("Silk Road Diplomacy", "JP"),
    ]
    goals = data(client, "/v1/initiatives", kind="goal")
    assert [(r["id"], r["citation"]["paragraph"]) for r in goals] == [
        (32, 39),
        (33, 40),
        (34, 41),
        (35, 42),
        (36, 43),
        (37, 44),
    ]
    tasks = data(client, "/v1/initiatives", kind="task", parent=16)
    assert [r["citation"]["paragraph"] for r in tasks] == [28, 29, 30, 31]
    sectors = data(client, "/v1/initiatives", parent=17)
    assert [r["name"] for r in sectors] == [
        "Energy",
        "Railways and infrastructure",
        "Shipbuilding",
        "Ports and navigation",
        "Medicine",
        "Agriculture and fisheries",
        "Investment and innovation",
        "Culture and tourism",
    ]


def test_year_and_person_filters(client):
    dated = data(client, "/v1/initiatives", year_from=2017, year_to=2020)
    assert [(r["slug"], r["year"], r["date_precision"]) for r in dated] == [
        ("new-northern-policy-moon", 2017, "year"),
        ("tasks-2018", 2018, "year"),
        ("year-of-northern-economic-cooperation", 2020, "year"),
    ]
    assert [r["id"] for r in data(client, "/v1/initiatives", person="moon-jae-in")] == [4]
    assert [r["id"] for r in data(client, "/v1/initiatives", country="cn")] == [6]


def test_includes_follow_parent_person_and_rival(client):
    phase = client.get("/v1/initiatives/4", params={"include": "parent,person"}).json()
    assert phase["parent"]["slug"] == "new-northern-policy"
    assert phase["person"] == {
        "id": "moon-jae-in",
        "name": "Moon Jae-in",
        "country_code": "KR",
        "country_name": "Republic of Korea",
    }
    rival = client.get("/v1/initiatives/6", params={"include": "competes_with,country"}).json()
    assert rival["competes_with"]["name"] == "New Northern Policy"
    assert rival["country"]["name"] == "China"
    corridors = client.get("/v1/initiatives/11", params={"include": "parts"}).json()["parts"]
    assert [part["name"] for part in corridors] == [
        "Central region",
        "Western region",
        "Eastern region",
    ]


def test_stats_count_per_kind(client):
    body = client.get("/v1/stats/initiatives", params={"group_by": "kind"}).json()
    assert {row["kind"]: row["count"] for row in body["data"]} == {
        "aim": 1,
        "corridor": 3,
        "focus": 2,
        "framework": 1,
        "goal": 6,
        "goal_list": 1,
        "phase": 1,
        "platform": 2,
        "policy": 6,
        "sector": 8,
        "strategy": 2,  # with K-Silk Road (external pages)
        "task": 4,
        "task_list": 1,
        "themed_year": 1,
    }


def test_agreements_with_status_parties_and_links(client):
    rows = data(client, "/v1/agreements")
    assert [
        (r["kind"], r["status"], r["country_a"], r["country_b"], r["documents"], r["year"])
        for r in rows[:3]
    ] == [
        ("agreement", "negotiating", "KR", "UZ", None, None),
        ("agreement_package", "agreed", "KR", "KZ", 34, 2021),
        ("decree", "decreed", "KZ", "KR", None, 2021),
    ]
    # The rest come from external pages: 17 documents and packages of 2021-2024; the Astana
    # package of June 2024 is stored twice, as each outlet counted it (11 documents, 3 memoranda).
    assert len(rows) == 20
    astana = [(r["id"], r["documents"]) for r in rows if r["date_start"] == "2024-06-12"]
    assert astana == [(12, 11), (13, 3)]
    package = client.get("/v1/agreements/2", params={"include": "investment"}).json()
    assert (package["investment"]["amount_usd"], package["investment"]["count"]) == (
        1_700_000_000,
        34,
    )
    assert package["citation"]["source"]["footnote"] == 12
    decree = client.get("/v1/agreements/3", params={"include": "mission"}).json()
    assert (decree["date_start"], decree["date_precision"], decree["person_name"]) == (
        "2021-08-01",
        "month",
        "K. Zh. Tokayev",
    )
    assert (decree["mission"]["city"], decree["mission"]["status"]) == ("Busan", "decreed")
    assert [r["id"] for r in data(client, "/v1/agreements", status="negotiating")] == [1]
    # With the Uzbek papers of December 2021 and June 2024 (external pages).
    assert [r["id"] for r in data(client, "/v1/agreements", country="uz")] == [
        1,
        4,
        5,
        14,
        15,
        16,
        17,
    ]
    # Every external one, the Turkmen running total (11) too since nCa dated its speech.
    after = list(range(2, 21))
    assert [r["id"] for r in data(client, "/v1/agreements", year_from=2021)] == after
    stats = client.get("/v1/stats/agreements", params={"group_by": "status"}).json()["data"]
    assert stats == [
        {"status": "agreed", "count": 2},
        {"status": "decreed", "count": 1},
        {"status": "in_force", "count": 1},  # the Tajik tax protocol, in force since 2022
        {"status": "negotiating", "count": 1},
        {"status": "signed", "count": 15},
    ]


def test_search_finds_initiatives_and_agreements_by_title(client):
    found = set(search_hits(client, q="silk road"))
    assert found == {("initiatives", 8), ("initiatives", 9), ("initiatives", 39)}
    found = set(search_hits(client, q="busan"))
    assert ("agreements", 3) in found


def test_csv_export_writes_dates_as_iso(client):
    answer = client.get(
        "/v1/initiatives",
        params={"format": "csv", "fields": "id,date_start,date_precision", "kind": "policy"},
    )
    assert answer.text.splitlines()[:3] == [
        "id,date_start,date_precision",
        "3,2013-10-01,month",
        "5,,",
    ]


def test_bad_filter_values_are_named(client):
    assert problem(client, "/v1/initiatives", kind="treaty")["parameter"] == "kind"
    answer = client.get("/v1/agreements", params={"status": "ratified"})
    assert (answer.status_code, answer.json()["parameter"]) == (400, "status")


@pytest.fixture(scope="module")
def curator(database_factory):
    engine = seeded_engine(database_factory())
    with engine.begin() as connection:
        token = create_token(connection, "curator")
    with OneHopClient(app_for(engine)) as client:
        yield client, {"Authorization": f"Bearer {token}"}
    engine.dispose()


NEW = {
    "slug": "test-policy",
    "name": "A test policy",
    "kind": "policy",
    "country_code": "KR",
    "parent_id": 2,
    "date_start": "2019-05-01",
    "date_precision": "month",
    "year": 2019,
    "source_id": 0,
    "paragraph": 16,
}


def test_a_curator_writes_a_dated_initiative(curator):
    client, auth = curator
    created = client.post("/v1/initiatives", json=NEW, headers=auth)
    assert created.status_code == 201, created.text
    record = client.get(created.headers["location"]).json()
    assert (record["date_start"], record["date_precision"], record["year"]) == (
        "2019-05-01",
        "month",
        2019,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date_start": "2019-05-07"}, "a date known to the month starts on its first day"),
        ({"year": 2018}, "year must be the year of date_start"),
        ({"date_precision": None}, "date_start and date_precision go together"),
        ({"date_end": "2019-01-01"}, "date_end needs a date_start on or before it"),
        (
            {"date_start": 1556668800},
            "'date_start' must be a date written YYYY-MM-DD, e.g. \\\"2013-10-01\\\".",
        ),
        ({"date_start": "20190501"}, "expected a date as YYYY-MM-DD"),
    ],
)
def test_inconsistent_dates_are_refused_by_name(curator, change, message):
    client, auth = curator
    body = {**NEW, "slug": "another", **change}
    answer = client.post("/v1/initiatives", json=body, headers=auth)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert message in answer.text
