def test_korean_missions_in_kazakhstan(client):
    rows = client.get("/v1/missions", params={"sending": "KR", "host": "KZ"}).json()["data"]
    assert [(r["city"], r["kind"], r["year"], r["status"]) for r in rows] == [
        ("Astana", "diplomatic_mission", None, "open"),
        ("Almaty", "consulate_general", 2016, "open"),
    ]


def test_busan_consulate_is_decreed_in_2021(client):
    rows = client.get("/v1/missions", params={"status": "decreed"}).json()["data"]
    assert [(r["sending_country"], r["city"], r["year"]) for r in rows] == [("KZ", "Busan", 2021)]


def test_every_republic_has_an_embassy_in_seoul_and_hosts_a_korean_mission(client):
    # Paragraph 7: the republics' missions in Seoul are "at the level of the embassy"; Korea's
    # in their capitals are "diplomatic missions", of a level the article does not give.
    embassies = client.get("/v1/missions", params={"kind": "embassy"}).json()["data"]
    in_seoul = {r["sending_country"] for r in embassies if r["city"] == "Seoul"}
    assert len(embassies) == 5
    missions = client.get("/v1/missions", params={"kind": "diplomatic_mission"}).json()["data"]
    korean = {r["host_country"] for r in missions if r["sending_country"] == "KR"}
    assert len(missions) == 5
    assert in_seoul == korean == {"KZ", "KG", "TJ", "TM", "UZ"}


def test_the_busan_decree_has_its_month_and_issuer(client):
    row = client.get("/v1/missions/12").json()
    assert (row["year"], row["date_start"], row["date_end"], row["date_precision"]) == (
        2021,
        "2021-08-01",
        None,
        "month",
    )
    assert row["decreed_by"] == "tokayev"


def test_diaspora_largest_first(client):
    rows = client.get("/v1/diaspora").json()["data"]
    assert [(r["scope"], r["country_code"], r["population"], r["qualifier"]) for r in rows] == [
        ("worldwide", None, 8_000_000, "about"),
        ("central_asia", None, 320_000, "about"),  # Korea's foreign minister, 2007 (external)
        ("central_asia", None, 300_000, "more_than"),
        ("country", "UZ", 178_000, "exact"),
        ("country", "KZ", 110_000, "exact"),
        ("country", "KG", 19_000, "exact"),
        ("country", "TM", 1_000, "exact"),
        ("country", "TJ", 800, "exact"),
    ]


def test_diaspora_by_country(client):
    rows = client.get("/v1/diaspora", params={"country": "tj"}).json()["data"]
    assert [r["population"] for r in rows] == [800]
    assert rows[0]["citation"]["source"]["footnote"] == 15


def test_twenty_one_footnotes_and_the_article(client):
    body = client.get("/v1/sources", params={"origin__in": "article,footnote"}).json()
    assert body["meta"]["total"] == 22
    assert [row["footnote"] for row in body["data"]] == [None, *range(1, 22)]
    article = client.get("/v1/sources/0").json()
    assert article["author"] == "Ainura Akmatalieva"
    assert article["paragraph"] == 3


def test_source_by_footnote(client):
    rows = client.get("/v1/sources", params={"footnote": 20}).json()["data"]
    assert rows[0]["url"] == "https://www.gazeta.uz/ru/2020/06/12/kiuf/"
    assert rows[0]["paragraph"] == 96
