from urllib.parse import parse_qsl, urlsplit

import pytest
from starlette.datastructures import URL

LISTS = [
    "/v1/countries",
    "/v1/people",
    "/v1/visits",
    "/v1/summits",
    "/v1/projects",
    "/v1/investments",
    "/v1/missions",
    "/v1/diaspora",
    "/v1/sources",
]


@pytest.mark.parametrize("path", LISTS)
def test_following_next_links_visits_every_record_once_in_order(client, path):
    everything = client.get(path, params={"limit": 500}).json()["data"]
    seen, url, pages = [], f"{path}?limit=2", 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        assert body["meta"]["total"] == len(everything)
        assert body["meta"]["returned"] == len(body["data"]) <= 2
        seen.extend(body["data"])
        url = body["links"]["next"]
        if url:
            assert response.headers["link"] == f'<{url}>; rel="next"'
        pages += 1
    assert seen == everything
    assert pages == max(1, -(-len(everything) // 2))


def test_next_link_keeps_filters(client):
    body = client.get("/v1/visits", params={"to_country": "KR", "limit": 3}).json()
    assert body["meta"]["total"] == 11  # the article's 9, Mirziyoyev's and Japarov's
    second = client.get(body["links"]["next"]).json()
    assert all(row["to_country"] == "KR" for row in second["data"])
    assert [row["year"] for row in body["data"] + second["data"]] == [
        1995,
        1997,
        2003,
        2005,
        2008,
        2010,
    ]


@pytest.mark.parametrize(
    "cursor",
    [
        "zzz",  # not base64 JSON
        "WzEsMiwzXQ",  # [1,2,3]: one key too many
        "W10",  # []
        "eyJhIjoxfQ",  # {"a":1}
        "WyJ4IiwxXQ",  # ["x",1]: a string where the year goes
        "W3RydWUsMV0",  # [true,1]
        "WzEuNSwyXQ",  # [1.5,2]
        "Wzk5OTk5OTk5OTk5OTk5OTk5OTk5LDFd",  # an integer wider than 64 bits
    ],
)
def test_tampered_cursor_is_400(client, cursor):
    response = client.get("/v1/visits", params={"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["parameter"] == "cursor"


@pytest.mark.parametrize("limit", [0, 501, -3, "ten"])
def test_limit_out_of_range_is_400(client, limit):
    response = client.get("/v1/visits", params={"limit": limit})
    assert response.status_code == 400
    assert response.json()["parameter"] == "limit"


@pytest.mark.parametrize(
    "query",
    [
        "limit=1",
        "kind=credit_line&limit=1&include=project",
        "q=uzbekistan+credit&limit=1",  # a search pages by its own cursor
        "filter%5Bamount_usd__gte%5D=1&limit=1&lang=ru",
        "fields=id,kind&limit=1&sort=-year_from",
    ],
)
def test_next_link_is_starlettes_url_with_the_cursor_last(client, query):
    """The link is made from a cached prefix (app.query.listing); it reads as Starlette's
    `include_query_params` writes it, for the first page and the one it links to."""
    url, links = f"/v1/investments?{query}", 0
    while url and links < 2:  # the first page's link, then the link of the page it names
        response = client.get(url)
        assert response.status_code == 200
        link = response.json()["links"]["next"]
        if link is None:
            break
        links += 1
        token = dict(parse_qsl(urlsplit(link).query))["cursor"]
        following = URL(url).include_query_params(cursor=token)
        assert link == f"{following.path}?{following.query}"
        url = link
    assert links >= 1
