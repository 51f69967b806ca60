"""Search pages by cursor with `meta.total`, and answers CSV and NDJSON (issue 13, point 4)."""

import csv
import io

from tests.helpers import hit_keys, ndjson_records, problem

TASH = {
    ("countries", "UZ"),
    ("visits", 12),
    ("visits", 20),  # Yoon's state visit of June 2024 (an external page)
    ("missions", 5),
    ("agreements", 1),
    ("projects", 12),
    ("projects", 13),
    ("projects", 15),
    ("projects", 18),
    ("projects", 20),
    # from external pages
    ("agreements", 15),
    ("investments", 27),
    ("investments", 44),
    ("sources", 504),
    ("sources", 546),
    ("sources", 547),
    ("sources", 548),
}
"""Every record a word starting "tash" (Tashkent) finds."""


def test_pages_follow_the_cursor_to_every_hit_once(client):
    url, seen, pages = "/v1/search?q=tash&limit=4", [], 0
    while url:
        answer = client.get(url)
        body = answer.json()
        assert body["meta"] == {"q": "tash", "total": 17, "returned": len(body["data"]), "limit": 4}
        seen += hit_keys(body["data"])
        url = body["links"]["next"]
        if url:
            assert url.startswith("/v1/search?q=tash&limit=4&cursor=")
            assert answer.headers["Link"] == f'<{url}>; rel="next"'
        pages += 1
    assert pages == 5 and len(seen) == 17 and set(seen) == TASH


def test_a_single_page_counts_its_hits_without_a_cursor(client):
    body = client.get("/v1/search", params={"q": "navoi", "types": "projects"}).json()
    assert body["meta"] == {"q": "navoi", "total": 2, "returned": 2, "limit": 20}
    assert body["links"] == {"next": None}


def test_a_cursor_from_another_query_or_a_forged_one_is_refused(client):
    following = client.get("/v1/search?q=tash&limit=4").json()["links"]["next"]
    cursor = following.rpartition("cursor=")[2]
    body = problem(client, "/v1/search", q="navoi", limit=4, cursor=cursor)
    assert body["parameter"] == "cursor"
    assert problem(client, "/v1/search", q="tash", cursor="bm90IGEgY3Vyc29y")["parameter"] == (
        "cursor"
    )


def test_the_limit_cap_is_a_problem(client):
    assert problem(client, "/v1/search", q="tash", limit=101)["parameter"] == "limit"


def test_search_as_csv_holds_every_hit(client):
    answer = client.get("/v1/search", params={"q": "tash", "format": "csv"})
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="search.csv"'
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert list(rows[0]) == ["type", "id", "title", "snippet", "href", "score"]
    assert {(r["type"], r["id"], r["href"]) for r in rows} == {
        (kind, str(key), f"/v1/{kind}/{key}") for kind, key in TASH
    }
    visit = next(r for r in rows if r["type"] == "visits")
    assert visit["title"] == "Moon Jae-in (president): Republic of Korea → Uzbekistan, 2019"


def test_search_as_ndjson_is_the_json_hits_one_per_line(client):
    params = {"q": "navoi", "types": "projects"}
    answer = client.get("/v1/search", params=params, headers={"Accept": "application/x-ndjson"})
    assert answer.headers["content-type"] == "application/x-ndjson"
    lines = ndjson_records(answer)
    assert lines == client.get("/v1/search", params=params).json()["data"]
    assert set(hit_keys(lines)) == {("projects", 4), ("projects", 6)}


def test_a_streamed_search_takes_limit_and_cursor_like_a_list(client):
    first = client.get("/v1/search?q=tash&limit=4").json()
    following = first["links"]["next"]
    rest = client.get(following + "&format=ndjson")
    assert len(ndjson_records(rest)) == 4  # `limit` was given
    # The cursor belongs to the words and types, not to the page size: without a limit the
    # stream holds every hit after the first page.
    rest = client.get(following.replace("limit=4&", "") + "&format=ndjson")
    later = ndjson_records(rest)
    seen = set(hit_keys(first["data"] + later))
    assert len(later) == 13 and seen == TASH
