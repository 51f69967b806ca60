ARTICLE_SOURCE_FN1 = {
    "id": 1,
    "footnote": 1,
    "title": "Ministry of Foreign Affairs, Republic of Korea",
    "url": "https://www.mofa.go.kr/eng/wpge/m_21618/contents.do",
    "origin": "footnote",
}


def test_summits_for_uzbekistan_answer_the_article_figure_with_citation(client):
    response = client.get("/v1/summits", params={"country": "uz"})
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "id": 1,
                "country_code": "UZ",
                "country_name": "Uzbekistan",
                "count": 16,
                "since_year": 1992,
                "description": "Uzbekistan leads the region in summits with Korea.",
                "citation": {
                    "paragraph": 8,
                    "section": "Level of diplomatic relations",
                    "locator": None,
                    "source": ARTICLE_SOURCE_FN1,
                },
            }
        ],
        "meta": {"total": 1, "limit": 50, "returned": 1},
        "links": {"next": None},
    }


def test_summits_are_ordered_most_first(client):
    data = client.get("/v1/summits").json()["data"]
    assert [(row["country_code"], row["count"]) for row in data] == [
        ("UZ", 16),
        ("KZ", 14),
        ("TM", 5),
        ("TJ", 3),
        ("KG", 2),
    ]


def test_min_count_keeps_the_two_leaders(client):
    data = client.get("/v1/summits", params={"min_count": 10}).json()["data"]
    assert {row["country_code"]: row["count"] for row in data} == {"UZ": 16, "KZ": 14}


def test_one_summit_record_by_id(client):
    response = client.get("/v1/summits/2")
    assert response.status_code == 200
    assert response.json()["country_code"] == "KZ"
    assert response.json()["count"] == 14
