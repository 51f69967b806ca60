"""One executor answers every record (app/query/records.py): each valid `GET /v1/<plural>/{key}`
is answered by the route's `RecordReader`, with one statement for the record and one more per
include, for further sources (only when there are some) and for a source's citing records, all
on one connection. Only a key or query string that fails validation is left to FastAPI's
dependency solving, whose 400 names it."""

import functools

import pytest
from fastapi.routing import iter_route_contexts

from app.http import content_tag
from app.query.records import RecordReader
from app.registry import REGISTRY
from tests.clients import OneHopClient
from tests.conftest import app_for
from tests.helpers import issued_statements

FORUM_ORGANISATION = {
    "id": 7,
    "slug": "korea-central-asia-cooperation-forum",
    "name": "Republic of Korea – Central Asia Cooperation Forum",
    "acronym": None,
    "kind": "forum",
    "country_code": None,
    "country_name": None,
    "parent_id": None,
    "started_year": 2007,
    "started_scope": "region",
    "as_of": None,
    "supersedes_id": None,
    "description": "Advisory forum of Korea and the five republics, meeting regularly to review "
    "joint projects and agree on next steps.",
    "citation": {
        "paragraph": 37,
        "section": "Cooperation Forum “Republic of Korea – Central Asia”",
        "locator": None,
        "source": {
            "id": 8,
            "footnote": 8,
            "title": "Secretariat of the “Republic of Korea – Central Asia” Forum",
            "url": "https://www.kf.or.kr/korcenRus/cm/cntnts/cntntsView2.do?mi=1924",
            "origin": "footnote",
        },
    },
}
FIRST_FORUM_ALSO_CITED = [
    {
        "source_id": 48,
        "title": "Title not shown: outcomes of the 1st forum",
        "publisher": "UzDaily",
        "url": "https://uzdaily.uz/en/outcomes-of-the-1st-korea-central-asia-cooperation-forum",
        "published": "not shown",
        "locator": "para 1",
    },
    {
        "source_id": 49,
        "title": "S. Korea, Central Asian countries to launch secretariat for tighter cooperation",
        "publisher": "SGGP News (citing Yonhap)",
        "url": "https://www.sggpnews.org.vn/international/s-korea-central-asian-countries-to-"
        "launch-secretariat-for-tighter-cooperation-46789.html",
        "published": "not shown",
        "locator": "para 2",
    },
]
NAZARBAYEV = {
    "id": "nazarbayev",
    "name": "N. Nazarbayev",
    "country_code": "KZ",
    "country_name": "Kazakhstan",
}
KAZAKHSTAN = {
    "code": "KZ",
    "name": "Kazakhstan",
    "capital": "Astana",
    "region": "Central Asia",
    "central_asia": True,
    "alpha3": "KAZ",
    "numeric": "398",
}


@pytest.fixture(scope="module")
def reads(engine):
    """(client, served log, statements issued) on the shared seeded database."""
    app = app_for(engine)
    served: list[str] = []
    for route in record_routes(app):
        route.shortcut = _logged(route.shortcut, served)
    with issued_statements(engine) as statements, OneHopClient(app) as client:
        yield client, served, statements


def record_routes(app) -> list:
    routes = [context.original_route for context in iter_route_contexts(app.routes)]
    shortcuts = [(route, getattr(route, "shortcut", None)) for route in routes]
    return [
        route
        for route, shortcut in shortcuts
        if isinstance(getattr(shortcut, "__wrapped__", shortcut), RecordReader)
    ]


def _logged(answer, served: list[str]):
    @functools.wraps(answer)
    async def logged(request):
        response = await answer(request)
        if response is not None:
            served.append(request.url.path + "?" + request.url.query)
        return response

    return logged


def test_every_resource_has_its_record_route_answered_by_the_executor(reads):
    client, _, _ = reads
    paths = {route.path for route in record_routes(client.app)}
    assert {f"/v1/{r.plural}/{{{r.key_name}}}" for r in REGISTRY.resources} <= paths


@pytest.mark.parametrize(
    ("url", "headers", "body", "statements", "lang"),
    [
        ("/v1/investments/3?fields=id", {}, {"id": 3}, 1, "en"),
        ("/v1/investments/3?fields=id", {"Accept": "text/csv"}, {"id": 3}, 1, "en"),
        (
            "/v1/visits/1?fields=id,office&include=person,from_country_record,supersedes",
            {},
            {
                "id": 1,
                "office": "president",
                "person": NAZARBAYEV,
                "from_country_record": KAZAKHSTAN,
                "supersedes": None,  # no value to look up: no statement
            },
            3,
            "en",
        ),
        (
            "/v1/forum_sessions/2?fields=id,organisation_id",
            {},
            {"id": 2, "organisation_id": 7, "also_cited": FIRST_FORUM_ALSO_CITED},
            2,
            None,
        ),
        (
            "/v1/forum_sessions/2?include=organisation&fields=id,organisation_id",
            {},
            {
                "id": 2,
                "organisation_id": 7,
                "organisation": FORUM_ORGANISATION,
                "also_cited": FIRST_FORUM_ALSO_CITED,
            },
            3,
            None,
        ),
        (
            "/v1/sources/1?fields=id,footnote",
            {},
            {
                "id": 1,
                "footnote": 1,
                "cited_by": [
                    {"type": "summits", "id": n, "href": f"/v1/summits/{n}"} for n in range(1, 6)
                ],
            },
            2,
            None,
        ),
        (
            "/v1/visits/1?fields=from_country_name,to_country_name",
            {"Accept-Language": "ko-KR, en;q=0.5"},
            {"from_country_name": "카자흐스탄", "to_country_name": "대한민국"},
            1,
            "ko",
        ),
        (
            "/v1/people/akaev?lang=kk",
            {},
            {"id": "akaev", "name": "A. Akaev", "country_code": "KG", "country_name": "Қырғызстан"},
            1,
            "kk",
        ),
        (
            "/v1/countries/kz?fields=name&lang=ru",
            {},
            {"name": "Казахстан"},
            1,
            "ru",
        ),
    ],
)
def test_the_executor_answers_with_one_statement_per_kind(
    reads, url, headers, body, statements, lang
):
    client, served, seen = reads
    served.clear()
    seen.clear()
    answer = client.get(url, headers=headers)
    assert (answer.status_code, answer.json()) == (200, body)
    assert served == [url]
    reads_ = record_reads(seen)
    assert len(reads_) == statements and all(s.lstrip().startswith("SELECT") for s in reads_)
    assert len({id(s.cursor) for s in reads_}) == 1  # one connection, one snapshot
    assert answer.headers["ETag"] == content_tag(answer.content)
    assert answer.headers["Cache-Control"] == "public, max-age=60"
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.headers.get("Content-Language") == lang
    assert answer.headers["Vary"] == (
        "Accept, Origin" if lang is None else "Accept, Accept-Language, Origin"
    )


def record_reads(statements: list) -> list:
    """The statements a record answer ran, without the snapshot's BEGIN and the dataset
    version the caching layer reads."""
    return [sql for sql in statements if sql != "BEGIN" and "dataset_version" not in sql]


def test_a_tag_offered_back_gets_304_and_head_gets_the_headers(reads):
    client, served, seen = reads
    url = "/v1/forum_sessions/2?fields=id"
    first = client.get(url)
    assert first.json() == {"id": 2, "also_cited": FIRST_FORUM_ALSO_CITED}
    tag = first.headers["ETag"]
    assert tag == content_tag(first.content)
    served.clear()
    again = client.get(url, headers={"If-None-Match": f'"other", W/{tag}'})
    assert (again.status_code, again.content, again.headers["ETag"]) == (304, b"", tag)
    head = client.head(url)
    assert (head.status_code, head.content, head.headers["ETag"]) == (200, b"", tag)
    assert head.headers["Content-Length"] == str(len(first.content))
    assert served == [url, url]


def test_served_behind_a_root_path(reads):
    """Behind a proxy that mounts the API under a prefix, as the documented routes are."""
    client, served, _ = reads
    served.clear()
    with OneHopClient(client.app, root_path="/api") as prefixed:
        answer = prefixed.get("/api/v1/investments/1?fields=id,slug")
    assert (answer.status_code, answer.json()) == (
        200,
        {"id": 1, "slug": "koica-uzbekistan-grants"},
    )
    assert served == ["/api/v1/investments/1?fields=id,slug"]


def test_without_the_shortcut_the_endpoint_hands_its_parameters_to_the_same_executor(engine):
    app = app_for(engine)
    for route in record_routes(app):
        route.shortcut = None
    with OneHopClient(app) as client:
        answer = client.get("/v1/forum_sessions/2?fields=id&include=organisation")
    assert answer.status_code == 200
    assert answer.json() == {
        "id": 2,
        "organisation": FORUM_ORGANISATION,
        "also_cited": FIRST_FORUM_ALSO_CITED,
    }
    assert answer.headers["ETag"] == content_tag(answer.content)


def test_a_key_that_names_no_record_is_a_404_after_one_statement(reads):
    client, _, seen = reads
    seen.clear()
    answer = client.get("/v1/forum_sessions/99999?include=organisation")
    assert answer.status_code == 404
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert answer.json()["detail"] == "No forum session has the id 99999."
    assert len(record_reads(seen)) == 1


@pytest.mark.parametrize(
    ("url", "parameter", "detail"),
    [
        (
            "/v1/investments/abc",
            "id",
            "'id' must be a whole number from 1 to 2147483647, e.g. 1.",
        ),
        (
            "/v1/investments/1?bogus=1",
            "bogus",
            "Unknown parameter 'bogus'. Allowed: fields, include, lang.",
        ),
        (
            "/v1/sources/0?lang=xx&fields=nope",
            "lang",
            "Unknown parameter 'lang'. Allowed: fields.",
        ),
        # Valid as parameters, wrong as names: the executor's own checks, fields first.
        (
            "/v1/investments/1?fields=nope&include=nope",
            "fields",
            "'fields': Unknown field 'nope'. Did you mean 'note'? Example: fields=id,slug.",
        ),
        (
            "/v1/visits/1?include=nope&lang=xx",
            "include",
            "'include': Unknown include 'nope'. Allowed: from_country_record, person, source, "
            "supersedes, to_country_record.",
        ),
        (
            "/v1/countries/uz?lang=fr",
            "lang",
            "'lang': no names in 'fr'. Supported: en, ko, ru, kk, ky, tg, tk, uz "
            "(for example lang=uz).",
        ),
    ],
)
def test_wrong_requests_are_named_and_read_nothing(reads, url, parameter, detail):
    client, served, seen = reads
    served.clear()
    seen.clear()
    answer = client.get(url)
    assert answer.status_code == 400
    assert (answer.json()["parameter"], answer.json()["detail"]) == (parameter, detail)
    assert served == [] and record_reads(seen) == []
