"""Curator writes on a database of their own (the shared test database stays as seeded)."""

import shutil
import threading

import httpx
import pytest
from sqlalchemy import select, text, update

from app.curation.records import state
from app.curation.tokens import create_token, list_tokens, revoke_token
from app.db import make_engine, writer
from app.models import ApiToken
from app.seeding import SEED_DIR, seed
from app.sources.models import Source
from app.sources.resource import SOURCES
from tests.clients import OneHopClient
from tests.conftest import app_for, migrate, seeded_engine
from tests.helpers import LiveServer


@pytest.fixture(scope="module")
def world(database_factory):
    url = database_factory()
    engine = seeded_engine(url)
    with engine.begin() as connection:
        tokens = {
            "alice": create_token(connection, "alice"),
            "bob": create_token(connection, "bob"),
            "reader": create_token(connection, "reader", read_only=True),
        }
    with OneHopClient(app_for(engine)) as client:
        yield client, engine, tokens, url
    engine.dispose()


@pytest.fixture
def client(world):
    return world[0]


@pytest.fixture
def auth(world):
    return {"Authorization": f"Bearer {world[2]['alice']}"}


def tag_of(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.headers["etag"]


def problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


NEW_SOURCE = {
    "title": "Yonhap report on a state visit",
    "url": "https://example.org/news/1",
    "publisher": "Yonhap",
    "origin": "external",
    "language": "en",
    "published": "not shown",
    "read_on": "2026-11-30",
}


def new_visit(source_id, **changes):
    return {
        "office": "president",
        "from_country": "KR",
        "to_country": "UZ",
        "year": 2025,
        "city": "Samarkand",
        "source_id": source_id,
        "locator": "third paragraph",
        "description": "State visit reported by a news agency.",
        **changes,
    }


def test_a_curator_adds_a_source_and_a_visit_citing_it(client, auth):
    response = client.post("/v1/sources", json=NEW_SOURCE, headers=auth)
    assert response.status_code == 201
    source = response.json()
    assert (source["id"], source["footnote"], source["cited_by"]) == (620, None, [])
    assert response.headers["location"] == "/v1/sources/620"

    response = client.post("/v1/visits", json=new_visit(620), headers=auth)
    assert response.status_code == 201, response.text
    visit = response.json()
    assert visit["id"] == 23 and visit["city"] == "Samarkand"
    assert visit["citation"] == {
        "paragraph": None,
        "section": None,
        "locator": "third paragraph",
        "source": {
            "id": 620,
            "footnote": None,
            "title": NEW_SOURCE["title"],
            "url": NEW_SOURCE["url"],
            "origin": "external",
        },
    }
    assert response.headers["etag"] == tag_of(client, "/v1/visits/23")
    assert client.get("/v1/sources/620").json()["cited_by"] == [
        {"type": "visits", "id": 23, "href": "/v1/visits/23"}
    ]
    # the new record is searchable at once
    hits = client.get("/v1/search", params={"q": "samarkand"}).json()["data"]
    assert [(h["type"], h["id"]) for h in hits] == [("visits", 23)]


def test_writes_need_a_valid_writing_token(client, world):
    tokens = world[2]
    response = client.post("/v1/summits", json={})
    assert problem(response, 401)["title"] == "Unauthorized"
    assert response.headers["www-authenticate"] == 'Bearer realm="kca"'
    response = client.post("/v1/summits", json={}, headers={"Authorization": "Bearer kca_1_x"})
    problem(response, 401)
    assert response.headers["www-authenticate"] == 'Bearer realm="kca", error="invalid_token"'
    wrong_secret = tokens["alice"][:-4] + "AAAA"
    problem(
        client.post("/v1/summits", json={}, headers={"Authorization": f"Bearer {wrong_secret}"}),
        401,
    )
    reader = {"Authorization": f"Bearer {tokens['reader']}"}
    body = problem(client.post("/v1/summits", json={}, headers=reader), 403)
    assert body["detail"] == "The token 'reader' may only read."
    body = problem(client.post(f"/v1/summits?access_token={tokens['alice']}", json={}), 400)
    assert tokens["alice"] not in str(body)
    assert body["parameter"] == "access_token"


def test_a_revoked_token_stops_working(world):
    client, engine, _tokens, _url = world
    with engine.begin() as connection:
        token = create_token(connection, "temporary")
    headers = {"Authorization": f"Bearer {token}"}
    body = new_visit(0, paragraph=9, locator=None, year=2025, to_country="TM", city=None)
    assert client.post("/v1/visits", json=body, headers=headers).status_code == 201
    with engine.begin() as connection:
        assert revoke_token(connection, "temporary")
        assert [t["name"] for t in list_tokens(connection) if t["revoked_at"]] == ["temporary"]
        stored = connection.execute(
            select(ApiToken.secret_hash).where(ApiToken.name == "temporary")
        )
        assert token not in stored.scalar_one()  # only a hash is kept
    problem(client.post("/v1/visits", json=body, headers=headers), 401)


@pytest.mark.parametrize(
    ("path", "body", "status", "parameter", "detail"),
    [
        (
            "/v1/summits",
            {"country_code": "UZ", "count": 3, "since_year": 1992, "source_id": 1, "paragraph": 8},
            409,
            "country_code",
            "summit count 1 already has country_code = 'UZ'.",
        ),
        (
            "/v1/summits",
            {"country_code": "XX", "count": 3, "since_year": 1992, "source_id": 1, "paragraph": 8},
            422,
            "country_code",
            "'country_code': no countries record has code 'XX'.",
        ),
        (
            "/v1/summits",
            {
                "country_code": "CN",
                "count": 3,
                "since_year": 1992,
                "source_id": 1,
                "paragraph": 8,
                "colour": "red",
            },
            422,
            "colour",
            "Unknown field 'colour'. The fields are source_id, paragraph, locator, description, "
            "country_code, count, since_year.",
        ),
        (
            "/v1/projects",
            {
                "slug": "a-new-centre",
                "name": "A new centre",
                "kind": "cultural_centre",
                "sector": "culture",
                "year_start": 2025,
                "source_id": 1,
                "paragraph": 8,
            },
            422,
            "year_start",
            "Unknown field 'year_start'. 'year_start' was renamed 'year_from'.",
        ),
        (
            "/v1/summits",
            {"country_code": "CN", "count": -3, "since_year": 1992, "source_id": 1, "paragraph": 8},
            422,
            "count",
            None,
        ),
        (
            "/v1/summits",
            {
                "country_code": "CN",
                "count": 3,
                "since_year": 1992,
                "source_id": 1,
                "locator": "p. 2",
            },
            422,
            "paragraph",
            "Facts from the article must cite its paragraph.",
        ),
        (
            "/v1/summits",
            {"country_code": "CN", "count": 3, "since_year": 1992, "source_id": 1},
            422,
            None,
            None,
        ),
        (
            "/v1/summits",
            {
                "country_code": "CN",
                "count": 3,
                "since_year": 1992,
                "source_id": 1,
                "paragraph": 999,
            },
            422,
            "paragraph",
            "'paragraph': no paragraphs record has number 999.",
        ),
        (
            "/v1/people",
            {"id": "nazarbayev", "name": "Someone", "country_code": "KZ"},
            409,
            "id",
            "person 'nazarbayev' already has id = 'nazarbayev'.",
        ),
        (
            "/v1/countries",
            {"code": "fr", "name": "France", "region": "Western Europe", "central_asia": False},
            422,
            "code",
            None,
        ),
    ],
)
def test_bad_writes_are_refused_with_nothing_written(
    client, auth, path, body, status, parameter, detail
):
    before = client.get("/v1/meta").json()["version"]
    answer = problem(client.post(path, json=body, headers=auth), status)
    if parameter:
        assert answer["parameter"] == parameter
    if detail:
        assert answer["detail"] == detail
    assert client.get("/v1/meta").json()["version"] == before


def test_a_source_outside_the_article_needs_a_url(client, auth):
    response = client.post("/v1/sources", json={"title": "Rumour"}, headers=auth)
    assert response.status_code == 201  # allowed as a source, but nothing may cite it yet
    source_id = response.json()["id"]
    answer = problem(client.post("/v1/visits", json=new_visit(source_id), headers=auth), 422)
    assert answer["parameter"] == "source_id"


def test_update_needs_if_match_and_refuses_stale_tags(client, auth):
    problem(client.patch("/v1/summits/5", json={"count": 4}, headers=auth), 428)
    tag = tag_of(client, "/v1/summits/5")
    response = client.patch("/v1/summits/5", json={"count": 4}, headers={**auth, "If-Match": tag})
    assert response.status_code == 200
    assert response.json()["count"] == 4
    assert response.headers["etag"] == tag_of(client, "/v1/summits/5") != tag
    stale = client.patch("/v1/summits/5", json={"count": 5}, headers={**auth, "If-Match": tag})
    problem(stale, 412)
    assert client.get("/v1/summits/5").json()["count"] == 4


def test_a_record_with_further_sources_takes_the_tag_get_gave(client, auth):
    """Its answer lists them (`also_cited`), and the write checks If-Match against that answer."""
    before = client.get("/v1/forum_sessions/2")
    assert [c["source_id"] for c in before.json()["also_cited"]] == [48, 49]
    headers = {**auth, "If-Match": before.headers["etag"]}
    response = client.patch("/v1/forum_sessions/2", json={"city": "Seoul"}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == before.json()  # nothing changed: the same record and tag
    assert response.headers["etag"] == before.headers["etag"]


def test_patch_validates_the_merged_record(client, auth):
    tag = tag_of(client, "/v1/projects/1")
    headers = {**auth, "If-Match": tag}
    answer = problem(client.patch("/v1/projects/1", json={"kind": "castle"}, headers=headers), 422)
    assert answer["parameter"] == "kind"
    answer = problem(client.patch("/v1/projects/1", json={"id": 99}, headers=headers), 422)
    assert answer["parameter"] == "id"
    answer = problem(
        client.patch(
            "/v1/visits/1",
            json={"to_country": "ZZ"},
            headers={**auth, "If-Match": tag_of(client, "/v1/visits/1")},
        ),
        422,
    )
    assert answer["parameter"] == "to_country"


def test_delete(client, auth):
    problem(client.delete("/v1/people/moon-jae-in", headers=auth), 428)
    answer = problem(
        client.delete(
            "/v1/people/moon-jae-in",
            headers={**auth, "If-Match": tag_of(client, "/v1/people/moon-jae-in")},
        ),
        409,
    )
    assert answer["detail"] == (
        "person 'moon-jae-in' is referenced by 3 visits (person_id: 7 … 17); "
        "1 initiatives (person_id: 4). Change or delete those first."
    )
    tag = tag_of(client, "/v1/diaspora/7")
    response = client.delete("/v1/diaspora/7", headers={**auth, "If-Match": tag})
    assert response.status_code == 204
    problem(client.get("/v1/diaspora/7"), 404)
    problem(client.delete("/v1/diaspora/7", headers={**auth, "If-Match": tag}), 404)


def test_every_write_is_logged_and_can_be_reverted(client, auth, world):
    tag = tag_of(client, "/v1/missions/12")
    client.patch(
        "/v1/missions/12", json={"status": "open", "year": 2022}, headers={**auth, "If-Match": tag}
    )
    changes = client.get("/v1/changes", params={"resource": "missions"}).json()["data"]
    change = changes[-1]
    assert (change["operation"], change["token"], change["record_key"]) == ("update", "alice", "12")
    assert (change["before"]["status"], change["after"]["status"]) == ("decreed", "open")
    assert change["version"] == client.get("/v1/meta").json()["version"]

    bob = {"Authorization": f"Bearer {world[2]['bob']}"}
    response = client.post(f"/v1/changes/{change['id']}/revert", headers=bob)
    assert response.status_code == 201
    revert = response.json()
    assert (revert["reverts"], revert["token"], revert["after"]["status"]) == (
        change["id"],
        "bob",
        "decreed",
    )
    assert client.get("/v1/missions/12").json()["status"] == "decreed"
    # the record changed since the first change, so reverting that one again is refused
    problem(client.post(f"/v1/changes/{change['id']}/revert", headers=bob), 409)
    problem(client.post("/v1/changes/99999/revert", headers=bob), 404)


def test_reverting_a_create_and_a_delete(client, auth):
    created = client.post(
        "/v1/visits",
        json=new_visit(0, paragraph=9, locator=None, to_country="KG", year=2023, city=None),
        headers=auth,
    ).json()
    change_id = client.get("/v1/changes", params={"sort": "-id", "limit": 1}).json()["data"][0][
        "id"
    ]
    assert client.post(f"/v1/changes/{change_id}/revert", headers=auth).status_code == 201
    problem(client.get(f"/v1/visits/{created['id']}"), 404)
    undo = client.get("/v1/changes", params={"sort": "-id", "limit": 1}).json()["data"][0]
    assert client.post(f"/v1/changes/{undo['id']}/revert", headers=auth).status_code == 201
    assert client.get(f"/v1/visits/{created['id']}").json()["year"] == 2023


def test_the_change_log_reproduces_a_record_history(client, auth):
    for count in (20, 21, 22):
        tag = tag_of(client, "/v1/summits/3")
        client.patch("/v1/summits/3", json={"count": count}, headers={**auth, "If-Match": tag})
    history = client.get("/v1/changes", params={"resource": "summits", "record_key": "3"}).json()[
        "data"
    ]
    # from its start: seeding logged the record's creation
    assert (history[0]["token"], history[0]["operation"], history[0]["before"]) == (
        "seed",
        "create",
        None,
    )
    states = [change["after"] for change in history]
    assert [state["count"] for state in states] == [5, 20, 21, 22]
    assert all(a["after"] == b["before"] for a, b in zip(history, history[1:], strict=False))
    current = client.get("/v1/summits/3").json()
    assert current["count"] == states[-1]["count"]
    since = client.get("/v1/changes", params={"id__gt": history[-2]["id"], "resource": "summits"})
    assert [c["after"]["count"] for c in since.json()["data"]] == [22]


@pytest.mark.parametrize("key", ["before", "-after"])
def test_the_change_log_sorts_by_scalar_fields_only(client, key):
    # PostgreSQL has no ordering for JSON; the fuzzer once turned `sort=before` into a 500
    body = problem(client.get("/v1/changes", params={"sort": key}), 400)
    assert body["parameter"] == "sort"
    assert body["detail"] == (
        f"'sort': Unknown sort key '{key.lstrip('-')}'. "
        "Allowed: at, id, operation, record_key, resource, reverts, token, version. "
        "Example: sort=-id."
    )


def test_writes_bump_the_version_and_list_etags(client, auth):
    before_meta = client.get("/v1/meta").json()["version"]
    list_tag = client.get("/v1/summits").headers["etag"]
    current = client.get("/v1/summits/4")
    changed = {"count": current.json()["count"] + 1}  # a patch that changes nothing writes nothing
    response = client.patch(
        "/v1/summits/4", json=changed, headers={**auth, "If-Match": current.headers["etag"]}
    )
    assert response.json()["count"] == changed["count"]
    assert client.get("/v1/meta").json()["version"] == before_meta + 1
    assert client.get("/v1/summits").headers["etag"] != list_tag
    response = client.get(
        "/v1/summits/4", headers={"If-None-Match": tag_of(client, "/v1/summits/4")}
    )
    assert response.status_code == 304


@pytest.mark.slow
def test_two_curators_racing_on_a_record_exactly_one_wins_50_times(world):
    _client, engine, tokens, _url = world
    with (
        LiveServer(engine) as base,
        httpx.Client(base_url=base, timeout=30) as reader,
        httpx.Client(base_url=base, timeout=30) as alice,
        httpx.Client(base_url=base, timeout=30) as bob,
    ):
        curators = {"alice": alice, "bob": bob}
        for round_number in range(50):
            tag = reader.get("/v1/projects/21").headers["etag"]
            barrier = threading.Barrier(2)
            statuses: dict[str, int] = {}

            def edit(name: str, value: int, barrier=barrier, statuses=statuses, tag=tag):
                barrier.wait()
                statuses[name] = (
                    curators[name]
                    .patch(
                        "/v1/projects/21",
                        json={"value_usd": value},
                        headers={"Authorization": f"Bearer {tokens[name]}", "If-Match": tag},
                    )
                    .status_code
                )

            threads = [
                threading.Thread(target=edit, args=("alice", 30_000 + round_number)),
                threading.Thread(target=edit, args=("bob", 40_000 + round_number)),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sorted(statuses.values()) == [200, 412], (round_number, statuses)
            winner = next(name for name, status in statuses.items() if status == 200)
            value = reader.get("/v1/projects/21").json()["value_usd"]
            assert value == (30_000 if winner == "alice" else 40_000) + round_number
            last = reader.get("/v1/changes", params={"sort": "-id", "limit": 1}).json()
            assert last["data"][0]["token"] == winner


def test_seed_files_round_trip_byte_for_byte(fresh_database_url, tmp_path):
    from app.cli import main

    migrate(fresh_database_url)
    engine = make_engine(fresh_database_url)
    seed(engine)
    import os

    os.environ["DATABASE_URL"] = fresh_database_url
    from app.config import get_settings

    get_settings.cache_clear()
    try:
        assert main(["export-seeds", str(tmp_path / "out")]) == 0
    finally:
        del os.environ["DATABASE_URL"]
        get_settings.cache_clear()
    for path in SEED_DIR.glob("*.csv"):
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes(), path.name
    engine.dispose()


def test_export_then_seed_gives_the_same_answers(world, database_factory, tmp_path):
    client, engine, tokens, _url = world
    from app.export.tables import write_table
    from app.seeding import SEED_TABLES

    out = tmp_path / "exported"
    out.mkdir()
    with engine.connect() as connection:
        for spec in SEED_TABLES:
            with (out / spec.file_name).open("wb") as handle:
                write_table(connection, spec, handle)
    copy_url = database_factory()
    migrate(copy_url)
    copy_engine = make_engine(copy_url)
    seed(copy_engine, out)
    with OneHopClient(app_for(copy_engine)) as copy_client:
        for path in (
            "/v1/visits?limit=500",
            "/v1/projects?limit=500",
            "/v1/sources?limit=500",
            "/v1/summits",
            "/v1/investments?limit=500",
            "/v1/diaspora",
        ):
            assert copy_client.get(path).json()["data"] == client.get(path).json()["data"], path
    copy_engine.dispose()
    shutil.rmtree(out)


def test_tokens_never_reach_logs_or_answers(client, world, caplog):
    import logging

    from app.curation.redaction import RedactTokens

    token = world[2]["alice"]
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "POST", f"/v1/visits?access_token={token}&x=1", "1.1", 400),
        None,
    )
    RedactTokens().filter(record)
    assert token not in record.getMessage()
    assert "access_token=[redacted]&x=1" in record.getMessage()

    with caplog.at_level(logging.DEBUG):
        for headers in ({"Authorization": f"Bearer {token}x"}, {"Authorization": token}):
            response = client.post("/v1/visits", json={}, headers=headers)
            assert token not in response.text
    assert token not in caplog.text


def test_downgrading_past_curation_refuses_to_drop_curated_facts(world):
    from alembic import command

    from app.health import alembic_config, schema_head

    _client, engine, _tokens, url = world  # holds visits citing a source outside the article
    with pytest.raises(RuntimeError, match="cite sources outside the article"):
        command.downgrade(alembic_config(url), "0002")
    # the later revisions it had undone are back too: a run is one transaction (SQLite as well)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            schema_head()
        )


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/visits", new_visit(0, paragraph=9, locator=None, to_country="KZ", year=2031)),
        ("/v1/sources", {"title": "Agency wire", "url": "https://example.org/wire"}),
    ],
)
def test_ids_are_assigned_by_the_server_never_by_the_client(client, auth, path, body):
    # An id at the top of the range left no valid id for the next record, and an explicit id
    # let a PostgreSQL sequence fall behind.
    version = client.get("/v1/meta").json()["version"]
    answer = problem(client.post(path, json={**body, "id": 2**31 - 1}, headers=auth), 422)
    assert (answer["parameter"], answer["detail"]) == (
        "id",
        "'id': ids are assigned by the server; leave the id out.",
    )
    assert client.get("/v1/meta").json()["version"] == version
    created = client.post(path, json=body, headers=auth)
    assert created.status_code == 201, created.text
    assert client.get(created.headers["location"]).json() == created.json()
    schemas = client.app.openapi()["components"]["schemas"]
    name = "VisitRecord" if path == "/v1/visits" else "SourceRecord"
    # The create body takes its fields from the PATCH body and lists what it requires.
    create = schemas[f"{name}Create"]["allOf"]
    assert create[0] == {"$ref": f"#/components/schemas/{name}Patch"}
    assert "id" not in schemas[f"{name}Patch"]["properties"]
    assert "id" not in create[1]["required"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/visits", new_visit(0, paragraph=9, locator=None, to_country="KG", year=2032)),
        ("/v1/sources", {"title": "Short-lived source", "url": "https://example.org/gone"}),
    ],
)
def test_the_id_of_a_deleted_record_is_never_given_again(client, auth, path, body):
    first = client.post(path, json=body, headers=auth).json()["id"]
    where = f"{path}/{first}"
    deleted = client.delete(where, headers={**auth, "If-Match": tag_of(client, where)})
    assert deleted.status_code == 204
    second = client.post(path, json=body, headers=auth).json()["id"]
    assert second == first + 1
    # each key's change log is one record's history
    history = client.get(
        "/v1/changes", params={"resource": path.rsplit("/", 1)[1], "record_key": str(first)}
    ).json()["data"]
    assert [change["operation"] for change in history] == ["create", "delete"]


def test_a_source_change_that_would_break_citations_is_refused(client, auth):
    source = client.post(
        "/v1/sources", json={"title": "Gazette", "url": "https://example.org/g"}, headers=auth
    ).json()["id"]
    visit = client.post(
        "/v1/visits",
        json=new_visit(source, to_country="TJ", year=2030, city=None),
        headers=auth,
    ).json()["id"]
    version = client.get("/v1/meta").json()["version"]
    where = f"/v1/sources/{source}"
    for patch, parameter, rule in [
        (
            {"url": None},
            "url",
            "A source outside the article needs a URL before facts can cite it.",
        ),
        ({"paragraph": 12}, "paragraph", "Facts from the article must cite its paragraph."),
    ]:
        headers = {**auth, "If-Match": tag_of(client, where)}
        answer = problem(client.patch(where, json=patch, headers=headers), 409)
        assert answer["type"] == "urn:kca:problem:citations-would-break"
        assert answer["parameter"] == parameter
        assert answer["detail"] == (
            f"source {source} is cited by 1 visits (id: {visit}), which would then break the "
            f"citation rule: {rule} Change those records first."
        )
    assert client.get(where).json()["url"] == "https://example.org/g"
    assert client.get("/v1/meta").json()["version"] == version
    # the visit still passes the citation rule on any edit
    visit_path = f"/v1/visits/{visit}"
    edited = client.patch(
        visit_path,
        json={"description": "Reported by the gazette."},
        headers={**auth, "If-Match": tag_of(client, visit_path)},
    )
    assert edited.status_code == 200, edited.text
    # a change that breaks nothing is fine; deleting a cited source is refused
    retitled = client.patch(
        where, json={"title": "The Gazette"}, headers={**auth, "If-Match": tag_of(client, where)}
    )
    assert retitled.status_code == 200, retitled.text
    answer = problem(client.delete(where, headers={**auth, "If-Match": tag_of(client, where)}), 409)
    assert answer["detail"] == (
        f"source {source} is referenced by 1 visits (source_id: {visit}). "
        "Change or delete those first."
    )


def test_reverting_a_source_change_cannot_break_citations_either(client, auth):
    source = client.post("/v1/sources", json={"title": "Draft"}, headers=auth).json()["id"]
    where = f"/v1/sources/{source}"
    client.patch(
        where,
        json={"url": "https://example.org/draft"},
        headers={**auth, "If-Match": tag_of(client, where)},
    )
    added_url = client.get("/v1/changes", params={"sort": "-id", "limit": 1}).json()["data"][0]
    visit = client.post(
        "/v1/visits", json=new_visit(source, to_country="TJ", year=2029), headers=auth
    ).json()["id"]
    answer = problem(client.post(f"/v1/changes/{added_url['id']}/revert", headers=auth), 409)
    assert answer["detail"] == (
        f"source {source} is cited by 1 visits (id: {visit}), which would then break the "
        "citation rule: A source outside the article needs a URL before facts can cite it. "
        "Change those records first."
    )
    assert client.get(where).json()["url"] == "https://example.org/draft"


def test_no_curator_token_takes_the_name_seeding_logs_under(world):
    with world[1].begin() as connection, pytest.raises(ValueError, match="kca seed"):
        create_token(connection, "seed")


def test_a_record_citing_a_source_waits_for_a_change_to_that_source(world):
    # Without holding the source it checked, a create on PostgreSQL read the source before a
    # concurrent change committed and then cited it as it no longer was.
    _client, engine, tokens, _url = world
    auth = {"Authorization": f"Bearer {tokens['alice']}"}
    answers = {}
    with LiveServer(engine) as base:
        source = httpx.post(
            f"{base}/v1/sources",
            json={"title": "Bulletin", "url": "https://example.org/b"},
            headers=auth,
        ).json()["id"]

        def cite():
            body = new_visit(source, to_country="TM", year=2028, city=None)
            answers["create"] = httpx.post(f"{base}/v1/visits", json=body, headers=auth, timeout=30)

        with writer(engine).begin() as connection:  # a change to the source, not yet committed
            state(connection, SOURCES, source, lock=True)
            connection.execute(update(Source).where(Source.id == source).values(url=None))
            citing = threading.Thread(target=cite)
            citing.start()
            citing.join(1)
            assert citing.is_alive()  # waiting for the change to commit
        citing.join(30)
    answer = problem(answers["create"], 422)
    assert (answer["parameter"], answer["detail"]) == (
        "source_id",
        "A source outside the article needs a URL before facts can cite it.",
    )
