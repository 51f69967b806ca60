"""Edge values and HTTP edges from the adversarial review (issue 15): calendar ends, sums of
huge amounts, tampered cursors, the change log's own next link, conditional requests, the
Host header, no-op patches and query parameters nothing reads. Writes go to a database of
this module's own; every test runs on SQLite and on PostgreSQL alike."""

import base64

import orjson
import pytest
from sqlalchemy import insert

from app.curation.tokens import create_token
from app.investments.models import Investment
from app.investments.resource import INVESTMENTS
from app.projects.models import Project
from tests.clients import OneHopClient
from tests.conftest import app_for, seeded_engine


@pytest.fixture(scope="module")
def world(database_factory):
    engine = seeded_engine(database_factory())
    with engine.begin() as connection:
        token = create_token(connection, "alice")
    with OneHopClient(app_for(engine)) as client:
        yield client, engine, {"Authorization": f"Bearer {token}"}
    engine.dispose()


@pytest.fixture
def client(world):
    return world[0]


@pytest.fixture
def auth(world):
    return world[2]


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


def changes_logged(client) -> int:
    return client.get("/v1/changes", params={"count": "exact"}).json()["meta"]["total"]


def version(client) -> int:
    return client.get("/v1/meta").json()["version"]


# Item 5: date-times at the ends of the calendar


@pytest.mark.parametrize(
    ("parameter", "value", "detail"),
    [
        ("at__gte", "0001-01-01T00:00:00+05:00", "the time in UTC falls outside the years"),
        ("since", "9999-12-31T23:59:59-05:00", "the time in UTC falls outside the years"),
        ("at__in", "0001-01-01T00:00:00+05:00", "item 1 ('0001-01-01T00:00:00+05:00'): the"),
    ],
)
def test_a_time_past_the_calendar_in_utc_is_400_naming_the_parameter(
    client, parameter, value, detail
):
    body = problem(client.get("/v1/changes", params={parameter: value}), 400)
    assert body["parameter"] == parameter
    assert body["detail"].startswith(f"'{parameter}': {detail}")
    assert (
        "the time in UTC falls outside the years 0001 to 9999, e.g. 2026-01-01T00:00:00Z"
        in (body["detail"])
    )


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("since", "0001-01-01T00:00:00Z"), ("at__lte", "9999-12-31T23:59:59Z")],
)
def test_the_calendar_ends_themselves_are_answered(client, parameter, value):
    response = client.get("/v1/changes", params={parameter: value, "count": "exact"})
    assert response.status_code == 200
    assert response.json()["meta"]["total"] == changes_logged(client)


# Item 6: the change log pages on by time


def test_the_change_log_sorted_by_time_follows_its_own_next_links(client, auth):
    for number in range(3):
        source = {"title": f"Report {number}", "url": f"https://example.org/report/{number}"}
        assert client.post("/v1/sources", json=source, headers=auth).status_code == 201

    def walk(url: str) -> list[int]:
        ids = []
        while url:
            response = client.get(url)
            assert response.status_code == 200, response.text
            ids += [change["id"] for change in response.json()["data"]]
            url = response.json()["links"]["next"]
        return ids

    for sort in ("-at", "at"):
        # the seed alone logs more than one page of 500 changes
        ids = walk(f"/v1/changes?sort={sort}&limit=1")
        assert ids == walk(f"/v1/changes?sort={sort}&limit=500")
        assert len(ids) == len(set(ids)) > 500


# Item 5: a cursor the API never issued, though every value has the right JSON type


def tampered(client, path: str, change) -> str:
    """The next link's cursor with its values changed by `change(values)`."""
    token = client.get(path).json()["links"]["next"].split("cursor=")[1]
    payload = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    payload["v"] = change(payload["v"])
    return base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")


@pytest.mark.parametrize(
    ("path", "change"),
    [
        # wider than the 32-bit id column (PostgreSQL refused it as a 422, SQLite paged on)
        ("/v1/visits?limit=1", lambda v: [v[0], 2**40]),
        # a NUL character, which PostgreSQL cannot compare
        ("/v1/visits?limit=1&sort=city", lambda v: [v[0], "Tash\x00kent", v[2]]),
        # a time whose offset moves it before year 1 in UTC
        ("/v1/changes?limit=1&sort=at", lambda v: ["0001-01-01T00:00:00+05:00", v[1]]),
        # a time without its offset, which the API never writes
        ("/v1/changes?limit=1&sort=at", lambda v: ["2026-01-01T00:00:00", v[1]]),
    ],
)
def test_a_well_typed_cursor_the_api_never_issued_is_the_same_400_on_every_database(
    client, auth, path, change
):
    if path.startswith("/v1/changes"):  # the log needs two entries for a next link
        for number in range(2):
            source = {"title": f"Cursor {number}", "url": f"https://example.org/cursor/{number}"}
            client.post("/v1/sources", json=source, headers=auth)
    cursor = tampered(client, path, change)
    body = problem(client.get(f"{path}&cursor={cursor}"), 400)
    assert body["parameter"] == "cursor"
    assert body["detail"] == (
        "'cursor': The cursor is not one this API issued for this query; start again from the "
        "first page. Example: cursor=eyJvIjoiMTIzNDU2Nzg5MGFiIiwidiI6WzIwMDksNV19."
    )


# Item 5: sums of huge amounts


def test_sums_of_huge_amounts_are_exact_or_a_400_never_a_database_error(database_factory):
    engine = seeded_engine(database_factory())
    huge = 10**15  # the largest amount the write and seed schemas accept
    rows = [
        {
            "id": 1000 + number,
            "slug": f"huge-{number}",
            "kind": "credit_line" if number % 2 else "trade_turnover",
            # One nature for all, so that one group can hold all 9,300.
            "nature": "ceiling",
            "direction": "one_way",
            "from_country": "KR",
            "to_country": "UZ",
            "amount_usd": huge,
            "qualifier": "exact",
            "source_id": 2,
            "paragraph": 12,
        }
        for number in range(9_300)
    ]
    projects = [
        {
            "id": 1000 + number,
            "slug": f"huge-{number}",
            "name": f"Huge project {number}",
            "country_code": "UZ",
            "kind": "aid_programme",
            "sector": "development_aid",
            "value_usd": huge,
            "value_qualifier": "exact",
            "source_id": 2,
            "paragraph": 12,
        }
        for number in range(9_300)
    ]
    with engine.begin() as connection:
        connection.execute(insert(Investment), rows)
        connection.execute(insert(Project), projects)
        # Written past the API: the money figures' totals are rebuilt, as a load does.
        INVESTMENTS.summary.refresh(connection)
    with OneHopClient(app_for(engine)) as client:
        by_kind = client.get(
            "/v1/stats/investments",
            params={"group_by": "kind", "metric": "sum:amount_usd", "nature": "ceiling"},
        )
        assert by_kind.status_code == 200, by_kind.text
        sums = {row["kind"]: row["sum_amount_usd"] for row in by_kind.json()["data"]}
        # The seeds' credit lines (ceilings of 500 million and 1 billion) plus 4,650 huge
        # amounts: beyond 2**53, and exact to the dollar. The seeds' trade is no ceiling.
        assert sums["credit_line"] == 4_650_000_001_500_000_000
        assert sums["trade_turnover"] == 4_650_000_000_000_000_000

        # All 9,300 in one group pass 2**63 - 1.
        by_side = client.get(
            "/v1/stats/investments",
            params={"group_by": "to_country", "metric": "sum:amount_usd", "nature": "ceiling"},
        )
        body = problem(by_side, 400)
        assert (body["type"], body["parameter"]) == ("urn:kca:problem:sum-too-large", "metric")
        assert body["detail"] == (
            "The sum of amount_usd in a group (narrow the filters or group more finely) exceeds "
            "9223372036854775807, the largest integer this API answers."
        )
        # The country profile sums project values by sector the same way.
        body = problem(client.get("/v1/countries/uz/profile"), 400)
        assert body["detail"] == (
            "The sum of value_usd of development_aid projects exceeds 9223372036854775807, the "
            "largest integer this API answers."
        )
        assert "parameter" not in body
        kg = client.get("/v1/countries/kg/profile").json()["projects"]["by_sector"]
        assert kg["governance"] == {"count": 1, "value_usd": None}
    engine.dispose()


# Item 5: inverted ranges and identical countries in a write


@pytest.mark.parametrize(
    ("path", "changes", "field", "detail"),
    [
        (
            "/v1/investments",
            {"year_from": 2010, "year_to": 2005},
            "year_to",
            "'year_to': 2005 is before year_from (2010).",
        ),
        (
            "/v1/investments",
            {"from_country": "UZ", "to_country": "UZ"},
            "to_country",
            "'to_country': is the same country as from_country.",
        ),
        (
            "/v1/projects",
            {"year_from": 2018, "year_to": 1995},
            "year_to",
            "'year_to': 1995 is before year_from (2018).",
        ),
        (
            "/v1/visits",
            {"from_country": "KZ", "to_country": "KZ"},
            "to_country",
            "'to_country': is the same country as from_country.",
        ),
    ],
)
def test_inverted_ranges_and_one_country_on_both_sides_are_422_naming_the_field(
    client, auth, path, changes, field, detail
):
    record = client.get(f"{path}/1").json()
    citation = record.pop("citation")
    body = {
        **{k: v for k, v in record.items() if k not in ("id", "person_name")},
        "source_id": citation["source"]["id"],
        "paragraph": citation["paragraph"],
        **({"slug": f"{record['slug']}-again"} if "slug" in record else {"year": 2024}),
        **changes,
    }
    logged = changes_logged(client)
    created = problem(client.post(path, json=body, headers=auth), 422)
    assert (created["parameter"], created["detail"]) == (field, detail)

    patched = client.patch(
        f"{path}/1", json=changes, headers={**auth, "If-Match": tag_of(client, f"{path}/1")}
    )
    assert (problem(patched, 422)["parameter"], patched.json()["detail"]) == (field, detail)
    assert changes_logged(client) == logged


# Part of 9: conditional requests


def tag_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.headers["etag"]


@pytest.mark.parametrize(
    "path", ["/v1/visits/1", "/v1/visits?limit=2", "/v1/countries/uz/profile", "/v1/meta"]
)
def test_if_none_match_star_is_304_for_a_current_representation(client, path):
    response = client.get(path, headers={"If-None-Match": "*"})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == tag_of(client, path)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/v1/visits/9999", 404),
        ("/v1/no-such-thing", 404),
        ("/v1/visits?yaer=2019", 400),
        ("/v1/countries/zz/profile", 404),
    ],
)
def test_if_none_match_star_leaves_errors_as_they_are(client, path, status):
    without = client.get(path)
    response = client.get(path, headers={"If-None-Match": "*"})
    assert problem(response, status) == problem(without, status)


def test_if_match_star_is_refused_with_428(client, auth):
    before = client.get("/v1/summits/3")
    star = {**auth, "If-Match": "*"}
    for response in (
        client.patch("/v1/summits/3", json={"count": 99}, headers=star),
        client.delete("/v1/summits/3", headers=star),
        client.patch("/v1/summits/3", json={"count": 99}, headers=auth),  # no If-Match at all
        client.delete("/v1/summits/3", headers=auth),
        client.patch("/v1/summits/3", json={"count": 99}, headers={**auth, "If-Match": " "}),
    ):
        assert problem(response, 428) == {
            "type": "urn:kca:problem:precondition-required",
            "title": "Precondition required",
            "status": 428,
            "detail": "Send 'If-Match' with the ETag from GET of this record (not '*'), so a "
            "concurrent change is never overwritten.",
            "instance": "/v1/summits/3",
        }
    assert client.get("/v1/summits/3").content == before.content


@pytest.mark.parametrize("patch", [{}, "unchanged"])
def test_a_patch_that_changes_nothing_writes_nothing(client, auth, patch):
    record = client.get("/v1/missions/3")
    if patch == "unchanged":
        patch = {"status": record.json()["status"], "year": record.json()["year"]}
    list_tag = tag_of(client, "/v1/missions")
    logged, current = changes_logged(client), version(client)

    response = client.patch(
        "/v1/missions/3", json=patch, headers={**auth, "If-Match": record.headers["etag"]}
    )
    assert response.status_code == 200
    assert response.content == record.content
    assert response.headers["etag"] == record.headers["etag"]
    assert (changes_logged(client), version(client)) == (logged, current)
    cached = client.get("/v1/missions", headers={"If-None-Match": list_tag})
    assert cached.status_code == 304


# Part of 9: the Host header and query parameters nothing reads


def test_next_links_are_root_relative_whatever_the_host(client):
    answers = [
        client.get("/v1/visits?limit=2&to_country=KR", headers={"Host": host})
        for host in ("testserver", "evil.example:8443")
    ]
    first, second = answers
    cursor = first.json()["links"]["next"].split("cursor=")[1]
    assert first.json()["links"]["next"] == f"/v1/visits?limit=2&to_country=KR&cursor={cursor}"
    assert (
        first.headers["link"] == f'</v1/visits?limit=2&to_country=KR&cursor={cursor}>; rel="next"'
    )
    assert first.content == second.content
    assert (first.headers["link"], first.headers["etag"]) == (
        second.headers["link"],
        second.headers["etag"],
    )


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/v1/countries/uz/profile?foo=1", None),
        ("GET", "/v1/meta?foo=1", None),
        ("GET", "/v1/export/datapackage.zip?foo=1", None),
        ("POST", "/v1/sources?foo=1", {"title": "Ignored?", "url": "https://example.org/x"}),
        ("PATCH", "/v1/summits/2?foo=1", {"count": 15}),
        ("DELETE", "/v1/diaspora/7?foo=1", None),
        ("POST", "/v1/changes/1/revert?foo=1", None),
    ],
)
def test_a_query_parameter_nothing_reads_is_400_and_nothing_is_written(
    client, auth, method, path, body
):
    headers = {**auth}
    if method in ("PATCH", "DELETE"):
        headers["If-Match"] = tag_of(client, path.split("?")[0])
    logged = changes_logged(client)
    response = client.request(method, path, json=body, headers=headers)
    answer = problem(response, 400)
    assert answer["parameter"] == "foo"
    assert answer["detail"] == (
        f"Unknown parameter 'foo'; {method} {path.split('?')[0]} takes no query parameters."
    )
    assert changes_logged(client) == logged
