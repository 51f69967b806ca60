import shutil

from app.db import make_engine
from app.seeding import SEED_DIR, seed
from tests.clients import OneHopClient
from tests.conftest import app_for, migrate


def test_gets_carry_a_strong_etag_and_a_short_public_lifetime(client):
    response = client.get("/v1/visits", params={"year": 2019})
    tag = response.headers["etag"]
    assert tag.startswith('"') and not tag.startswith("W/")
    assert response.headers["cache-control"] == "public, max-age=60"
    again = client.get("/v1/visits", params={"year": 2019}, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag


def test_the_tag_follows_the_canonical_request(client):
    def tag(path, **params):
        return client.get(path, params=params).headers["etag"]

    assert tag("/v1/visits", year=2019, office="president") == tag(
        "/v1/visits", office="president", year=2019
    )
    assert tag("/v1/visits", year=2019) != tag("/v1/visits", year=2018)
    csv = client.get("/v1/visits", headers={"Accept": "text/csv"}).headers["etag"]
    assert csv != tag("/v1/visits")


def test_errors_are_not_cached(client):
    response = client.get("/v1/visits", params={"year": "x"})
    assert "etag" not in response.headers


def test_cors_allows_reads_from_any_origin(client):
    response = client.get("/v1/summits", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    exposed = set(response.headers["access-control-expose-headers"].split(", "))
    assert exposed == {
        "Link",
        "ETag",
        "RateLimit-Limit",
        "RateLimit-Remaining",
        "Retry-After",
        "X-Request-ID",
    }


def test_meta_gives_version_licence_and_citation(client):
    body = client.get("/v1/meta").json()
    assert body["version"] == 1
    assert body["records"] == {
        "countries": 14,
        "people": 20,
        "visits": 22,
        "summits": 5,
        "projects": 23,
        "investments": 51,
        "missions": 12,
        "diaspora": 8,
        "organisations": 9,
        "forum_sessions": 25,
        "indicators": 21,
        "sources": 128,
        "relations": 10,
        "terms": 11,
        "person_facts": 13,
        "initiatives": 39,
        "agreements": 20,
    }
    assert body["licence"]["name"] == "CC BY 4.0"
    assert "dataset version 1" in body["cite_as"] and "Akmatalieva" in body["cite_as"]


def test_a_data_change_bumps_the_version_and_every_etag(fresh_database_url, tmp_path):
    migrate(fresh_database_url)
    engine = make_engine(fresh_database_url)
    seed(engine)
    with OneHopClient(app_for(engine)) as client:
        before = client.get("/v1/summits")
        assert client.get("/v1/meta").json()["version"] == 1
        assert seed(engine).version is None  # nothing changed, nothing bumped
        assert client.get("/v1/summits").headers["etag"] == before.headers["etag"]

        seeds = tmp_path / "seeds"
        shutil.copytree(SEED_DIR, seeds)
        path = seeds / "summits.csv"
        path.write_text(path.read_text().replace("1,UZ,16,", "1,UZ,17,"))
        assert seed(engine, seeds).version == 2

        after = client.get("/v1/summits", headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200
        assert after.headers["etag"] != before.headers["etag"]
        assert after.json()["data"][0]["count"] == 17
        assert client.get("/v1/meta").json()["version"] == 2
    engine.dispose()
