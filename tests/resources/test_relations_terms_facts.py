"""Relations between states (paragraph 7) and the presidents' terms and fates (paragraphs 73-74):
the article's values, the filters, includes, search, exports and writes of the three resources."""

import csv
import io

import pytest

from app.curation.tokens import create_token
from tests.clients import OneHopClient
from tests.conftest import app_for, seeded_engine
from tests.helpers import problem
from tests.spellings import PERSON_HINT

ARTICLE = {
    "id": 0,
    "footnote": None,
    "title": "Central Asia and South Korea: Seeking Opportunities for Increased Cooperation",
    "url": "https://cabar.asia/",
    "origin": "article",
}
PRESIDENTS = {
    "paragraph": 73,
    "section": "“Curse of Presidents”",
    "locator": None,
    "source": ARTICLE,
}
REPUBLICS = ["KZ", "KG", "TJ", "TM", "UZ"]


def test_relations_with_one_republic_are_its_recognition_and_its_relations_of_1992(client):
    answer = client.get("/v1/relations", params={"country": "tm"})
    assert answer.status_code == 200
    citation = {
        "paragraph": 7,
        "section": "Level of diplomatic relations",
        "locator": None,
        "source": ARTICLE,
    }
    assert answer.json() == {
        "data": [
            {
                "id": 4,
                "from_country": "KR",
                "from_country_name": "Republic of Korea",
                "to_country": "TM",
                "to_country_name": "Turkmenistan",
                "kind": "recognition",
                "year": None,
                "description": "Korea acknowledged this republic as independent, among the "
                "earliest Asia-Pacific states to do so.",
                "citation": citation,
            },
            {
                "id": 9,
                "from_country": "KR",
                "from_country_name": "Republic of Korea",
                "to_country": "TM",
                "to_country_name": "Turkmenistan",
                "kind": "diplomatic_relations",
                "year": 1992,
                "description": "Korea and this republic opened formal diplomatic ties in 1992.",
                "citation": citation,
            },
        ],
        "meta": {"total": 2, "limit": 50, "returned": 2},
        "links": {"next": None},
    }


def test_korea_recognised_every_republic_and_set_up_relations_with_each_in_1992(client):
    rows = client.get("/v1/relations").json()["data"]
    pairs = [(r["from_country"], r["to_country"], r["kind"], r["year"]) for r in rows]
    assert pairs == [("KR", code, "recognition", None) for code in REPUBLICS] + [
        ("KR", code, "diplomatic_relations", 1992) for code in REPUBLICS
    ]
    by_year = client.get("/v1/relations", params={"year": 1992, "kind": "diplomatic_relations"})
    assert [r["to_country"] for r in by_year.json()["data"]] == REPUBLICS
    stats = client.get("/v1/stats/relations", params={"group_by": "kind,year"}).json()["data"]
    assert stats == [
        {"kind": "diplomatic_relations", "year": 1992, "count": 5},
        {"kind": "recognition", "year": None, "count": 5},
    ]
    per_country = client.get("/v1/stats/relations", params={"group_by": "country"}).json()
    assert per_country["data"] == [{"country": code, "count": 2} for code in sorted(REPUBLICS)]


def test_a_relation_includes_both_states(client):
    record = client.get("/v1/relations/6", params={"include": "from_state,to_state"}).json()
    assert (record["from_state"]["name"], record["to_state"]["name"]) == (
        "Republic of Korea",
        "Kazakhstan",
    )


def test_a_relation_filter_with_an_unknown_kind_is_refused_by_name(client):
    body = problem(client, "/v1/relations", kind="treaty")
    assert (
        body["detail"]
        == "'kind' must be one of recognition, diplomatic_relations, e.g. recognition."
    )


def test_only_syngman_rhee_has_years_of_office_in_the_article(client):
    rows = client.get("/v1/terms", params={"limit": 100}).json()["data"]
    assert [(r["person_id"], r["country_code"], r["year_from"], r["year_to"]) for r in rows] == [
        ("syngman-rhee", "KR", 1948, 1960),
        ("kim-young-sam", "KR", None, None),
        ("kim-dae-jung", "KR", None, None),
        ("roh-moo-hyun", "KR", None, None),
        ("lee-myung-bak", "KR", None, None),
        ("park-geun-hye", "KR", None, None),
        ("park-chung-hee", "KR", None, None),
        ("nazarbayev", "KZ", None, None),
        ("rahmon", "TJ", None, None),
        ("niyazov", "TM", None, None),
        ("karimov", "UZ", None, None),
    ]
    assert {r["office"] for r in rows} == {"president"}
    dated = client.get("/v1/terms", params={"year_from__gte": 1900}).json()["data"]
    assert [(r["person_name"], r["year_from"], r["year_to"]) for r in dated] == [
        ("Syngman Rhee", 1948, 1960)
    ]


def test_a_person_includes_terms_and_facts(client):
    answer = client.get("/v1/people/park-geun-hye", params={"include": "terms,facts"})
    assert answer.status_code == 200
    assert answer.json() == {
        "id": "park-geun-hye",
        "name": "Park Geun-hye",
        "country_code": "KR",
        "country_name": "Republic of Korea",
        "terms": [
            {
                "id": 6,
                "person_id": "park-geun-hye",
                "office": "president",
                "country_code": "KR",
                "country_name": "Republic of Korea",
                "year_from": None,
                "year_to": None,
                "person_name": "Park Geun-hye",
                "description": "The first woman to hold Korea's presidency; no years are given.",
                "citation": PRESIDENTS,
            }
        ],
        "facts": [
            {
                "id": 8,
                "person_id": "park-geun-hye",
                "kind": "sentenced",
                "year": None,
                "figure": 22,
                "unit": "years",
                "person_name": "Park Geun-hye",
                "country_code": "KR",
                "description": "Given a 22-year prison term over what a close friend of hers did.",
                "citation": PRESIDENTS,
            }
        ],
    }


def test_the_fates_of_presidents_are_the_articles(client):
    rows = client.get("/v1/person_facts", params={"limit": 100}).json()["data"]
    assert [(r["person_id"], r["kind"], r["year"], r["figure"], r["unit"]) for r in rows] == [
        ("syngman-rhee", "left_country", None, None, None),
        ("kim-young-sam", "served_full_term", None, None, None),
        ("kim-young-sam", "relatives_jailed", None, None, None),
        ("kim-dae-jung", "served_full_term", None, None, None),
        ("kim-dae-jung", "relatives_jailed", None, None, None),
        ("roh-moo-hyun", "found_dead", None, None, None),
        ("lee-myung-bak", "harmed_by_relatives", None, None, None),
        ("park-geun-hye", "sentenced", None, 22, "years"),
        ("park-chung-hee", "assassinated", 1979, None, None),
        ("niyazov", "died_in_office", None, None, None),
        ("karimov", "died_in_office", None, None, None),
        ("rahmon", "came_to_power", None, None, None),
        ("nazarbayev", "peaceful_transfer", None, None, None),
    ]
    assert [p["paragraph"] for p in (r["citation"] for r in rows)] == [73] * 9 + [74] * 4
    died = client.get(
        "/v1/person_facts", params={"kind": "died_in_office", "fields": "person_name"}
    )
    assert died.json()["data"] == [{"person_name": "S. Niyazov"}, {"person_name": "I. Karimov"}]
    central_asia = client.get("/v1/stats/person_facts", params={"group_by": "country"}).json()
    assert central_asia["data"] == [
        {"country": "KR", "count": 9},
        {"country": "KZ", "count": 1},
        {"country": "TJ", "count": 1},
        {"country": "TM", "count": 1},
        {"country": "UZ", "count": 1},
    ]
    assert client.get("/v1/person_facts", params={"year": 1979}).json()["meta"]["total"] == 1


def test_people_without_visits_are_people_and_the_traveller_filter_tells_them_apart(client):
    everyone = [p["id"] for p in client.get("/v1/people").json()["data"]]
    stay_home = client.get("/v1/people", params={"traveller": "false", "fields": "id"})
    travellers = client.get("/v1/people", params={"traveller": "true", "fields": "id"})
    assert [p["id"] for p in stay_home.json()["data"]] == [
        "karimov",
        "kim-dae-jung",
        "kim-young-sam",
        "niyazov",
        "park-chung-hee",
        "syngman-rhee",
    ]
    assert [p["id"] for p in travellers.json()["data"]] == [
        "akaev",
        "atambaev",
        "berdimuhamedov",
        "japarov",  # Seoul, December 2024 (external pages)
        "lee-myung-bak",
        "lee-nak-yon",
        "mirziyoyev",  # Seoul, December 2021 (external pages)
        "moon-jae-in",
        "nazarbayev",
        "park-geun-hye",
        "rahmon",
        "roh-moo-hyun",
        "tokayev",
        "yoon-suk-yeol",  # his 2024 visits come from external pages
    ]
    assert sorted(everyone) == sorted(
        [p["id"] for p in stay_home.json()["data"] + travellers.json()["data"]]
    )
    uzbek = client.get("/v1/people", params={"country": "uz", "traveller": "false"}).json()
    assert [p["name"] for p in uzbek["data"]] == ["I. Karimov"]
    body = problem(client, "/v1/people", traveller="sometimes")
    assert body["detail"] == "'traveller' must be true or false, e.g. false."


def test_filters_of_terms_and_facts_name_an_unknown_person(client):
    for path in ("/v1/terms", "/v1/person_facts"):
        assert problem(client, path, person="nobody")["detail"] == (
            f"'person': no person is called 'nobody'. {PERSON_HINT}"
        )


def test_search_finds_a_president_his_term_and_his_fate(client):
    hits = client.get("/v1/search", params={"q": "Niyazov"}).json()["data"]
    assert sorted((hit["type"], hit["title"]) for hit in hits) == [
        ("people", "S. Niyazov"),
        ("person_facts", "S. Niyazov: died in office"),
        ("terms", "S. Niyazov, president of Turkmenistan"),
    ]
    hits = client.get("/v1/search", params={"q": "Rhee", "types": "terms"}).json()["data"]
    assert [hit["title"] for hit in hits] == [
        "Syngman Rhee, president of Republic of Korea, 1948–1960"
    ]


def test_relations_export_as_csv(client):
    answer = client.get("/v1/relations", params={"format": "csv", "year": 1992})
    assert answer.status_code == 200
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["to_country"], r["year"]) for r in rows] == [(code, "1992") for code in REPUBLICS]


@pytest.fixture(scope="module")
def curator(database_factory):
    engine = seeded_engine(database_factory())
    with engine.begin() as connection:
        token = create_token(connection, "curator")
    with OneHopClient(app_for(engine)) as client:
        yield client, {"Authorization": f"Bearer {token}"}
    engine.dispose()


def test_a_curator_writes_terms_and_facts_and_bad_ones_are_refused_by_field(curator):
    client, auth = curator
    source = {"title": "A history of the Korean presidency", "url": "https://example.org/h"}
    source_id = client.post("/v1/sources", json=source, headers=auth).json()["id"]
    term = {
        "person_id": "kim-dae-jung",
        "office": "president",
        "country_code": "KR",
        "year_from": 1998,
        "year_to": 2003,
        "source_id": source_id,
        "locator": "chapter 9",
        "description": "Term dated from another source.",
    }
    created = client.post("/v1/terms", json=term, headers=auth)
    assert created.status_code == 201, created.text
    assert (created.json()["id"], created.json()["person_name"]) == (12, "Kim Dae-jung")

    backwards = client.post("/v1/terms", json={**term, "year_from": 2004}, headers=auth)
    assert backwards.status_code == 422, backwards.text
    assert backwards.headers["content-type"] == "application/problem+json"
    assert backwards.json()["detail"] == "'body': year_from must not be after year_to."

    fact = {"person_id": "karimov", "kind": "sentenced", "figure": 5, "source_id": source_id}
    unitless = client.post("/v1/person_facts", json={**fact, "locator": "p. 3"}, headers=auth)
    assert unitless.status_code == 422, unitless.text
    assert unitless.json()["detail"] == (
        "'body': figure and unit are given together or not at all."
    )

    unknown = client.post(
        "/v1/relations",
        json={"from_country": "KR", "to_country": "KZ", "kind": "alliance", "source_id": source_id},
        headers=auth,
    )
    assert unknown.status_code == 422, unknown.text
    assert unknown.json()["detail"] == ("'kind' must be one of recognition, diplomatic_relations.")


def test_a_person_with_terms_cannot_be_deleted_before_them(curator):
    client, auth = curator
    where = "/v1/people/syngman-rhee"
    tag = client.get(where).headers["etag"]
    answer = client.delete(where, headers={**auth, "If-Match": tag})
    assert answer.status_code == 409, answer.text
    assert answer.json()["detail"] == (
        "person 'syngman-rhee' is referenced by 1 terms (person_id: 1); "
        "1 person_facts (person_id: 1). Change or delete those first."
    )
