import pytest

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
