from tests.helpers import data, problem


def profile(client, code):
    response = client.get(f"/v1/countries/{code}/profile")
    assert response.status_code == 200, response.text
    return response.json()


ARTICLE = {
    "id": 0,
    "footnote": None,
    "title": "Central Asia and South Korea: Seeking Opportunities for Increased Cooperation",
    "url": "https://cabar.asia/",
    "origin": "article",
}
MOFA = {
    "title": "Ministry of Foreign Affairs, Republic of Korea",
    "url": "https://www.mofa.go.kr/eng/wpge/m_21618/contents.do",
    "origin": "footnote",
}
DIPLOMACY = "Level of diplomatic relations"
ECONOMY = "Republic of Korea – Central Asia: mutual economic expectations"


def cites(paragraph, section, source):
    return {"paragraph": paragraph, "section": section, "locator": None, "source": source}


def test_uzbekistan_profile(client):
    body = profile(client, "uz")
    assert body["country"]["name"] == "Uzbekistan"
    assert body["summits"] == {
        "count": 16,
        "since_year": 1992,
        "citation": cites(8, DIPLOMACY, {"id": 1, "footnote": 1, **MOFA}),
    }
    assert [f["amount_usd"] for f in body["investments"] if f["kind"] == "credit_line"] == [
        500_000_000,
        1_000_000_000,
    ]
    assert body["projects"]["total"] == 14
    assert body["projects"]["by_sector"]["industry"] == {"count": 2, "value_usd": 1_013_500_000}
    assert [m["city"] for m in body["missions"]["hosted"]] == ["Tashkent"]
    assert [m["city"] for m in body["missions"]["sent"]] == ["Seoul"]


def test_profile_lists_visits_with_who_when_and_which_way(client):
    # Paragraph 9: the Uzbek leader in Korea in 2017, Moon Jae-in in Uzbekistan in 2019.
    assert profile(client, "uz")["visits"] == [
        {
            "id": 11,
            "href": "/v1/visits/11",
            "direction": "outgoing",
            "year": 2017,
            "office": "president",
            "person_id": None,
            "person_name": None,
            "from_country": "UZ",
            "to_country": "KR",
            "citation": cites(9, DIPLOMACY, ARTICLE),
        },
        {
            "id": 12,
            "href": "/v1/visits/12",
            "direction": "incoming",
            "year": 2019,
            "office": "president",
            "person_id": "moon-jae-in",
            "person_name": "Moon Jae-in",
            "from_country": "KR",
            "to_country": "UZ",
            "citation": cites(9, DIPLOMACY, ARTICLE),
        },
        {  # an external page: Yonhap, 16 December 2021
            "id": 21,
            "href": "/v1/visits/21",
            "direction": "outgoing",
            "year": 2021,
            "office": "president",
            "person_id": "mirziyoyev",
            "person_name": "Shavkat Mirziyoyev",
            "from_country": "UZ",
            "to_country": "KR",
            "citation": {
                "paragraph": None,
                "section": None,
                "locator": "para 2 (16-18 Dec, summit on the 17th), para 7",
                "source": {
                    "id": 500,
                    "footnote": None,
                    "title": "S. Korea, Uzbekistan to hold summit on trade, supply chains",
                    "url": "https://m-en.yna.co.kr/view/AEN20211216008600315",
                    "origin": "external",
                },
            },
        },
        {  # an external page: KBS World, 14 June 2024
            "id": 20,
            "href": "/v1/visits/20",
            "direction": "incoming",
            "year": 2024,
            "office": "president",
            "person_id": "yoon-suk-yeol",
            "person_name": "Yoon Suk Yeol",
            "from_country": "KR",
            "to_country": "UZ",
            "citation": {
                "paragraph": None,
                "section": None,
                "locator": "paras 1-4",
                "source": {
                    "id": 27,
                    "footnote": None,
                    "title": "S. Korea and Uzbekistan to Further Advance Special Strategic "
                    "Partnership",
                    "url": "http://world.kbs.co.kr/service/news_view.htm?lang=e&Seq_Code=186076",
                    "origin": "external",
                },
            },
        },
    ]
    # Paragraph 9: Akaev 1997, Atambaev 2010, Prime Minister Lee Nak-yon in Bishkek 2019.
    assert [
        (v["year"], v["direction"], v["office"], v["person_name"])
        for v in profile(client, "kg")["visits"]
    ] == [
        (1997, "outgoing", "president", "A. Akaev"),
        (2010, "outgoing", "president", "A. Atambaev"),
        (2019, "incoming", "prime_minister", "Lee Nak-yon"),
        (2024, "outgoing", "president", "Sadyr Japarov"),  # an external page
    ]


def test_profile_figures_keep_their_citations(client):
    body = profile(client, "uz")
    # Paragraph 49: the credit ceiling, up to 1 billion USD in 2021-2023.
    assert [f for f in body["investments"] if f["id"] == 5] == [
        {
            "id": 5,
            "href": "/v1/investments/5",
            "kind": "credit_line",
            "from_country": "KR",
            "to_country": "UZ",
            "amount_usd": 1_000_000_000,
            "qualifier": "exact",
            "year_from": 2021,
            "year_to": 2023,
            "citation": cites(49, ECONOMY, ARTICLE),
        },
    ]
    # The article's investment stock (over 7 billion, paragraph 49) has four later reports; the
    # profile shows the latest, as the list does: over 8 billion, September 2025.
    stocks = [f for f in body["investments"] if f["kind"] == "investment_stock"]
    assert [(f["id"], f["amount_usd"], f["citation"]["source"]["id"]) for f in stocks] == [
        (45, 8_000_000_000, 554)
    ]
    # Paragraph 53, footnote 15 (the Korean foreign ministry): 178 thousand in Uzbekistan.
    assert body["diaspora"] == {
        "id": 1,
        "href": "/v1/diaspora/1",
        "population": 178_000,
        "qualifier": "exact",
        "citation": cites(53, "Koryo-saram", {"id": 15, "footnote": 15, **MOFA}),
    }
    # Paragraph 7: the Korean mission in Tashkent and the Uzbek embassy in Seoul.
    assert body["missions"]["hosted"] == [
        {
            "id": 5,
            "href": "/v1/missions/5",
            "sending_country": "KR",
            "host_country": "UZ",
            "city": "Tashkent",
            "kind": "diplomatic_mission",
            "year": None,
            "status": "open",
            "citation": cites(7, DIPLOMACY, ARTICLE),
        }
    ]
    assert body["missions"]["sent"][0]["citation"] == cites(7, DIPLOMACY, ARTICLE)


def test_profiles_show_uzbekistan_and_kazakhstan_far_ahead(client):
    def weight(code):
        body = profile(client, code)
        kinds = {figure["kind"] for figure in body["investments"]}
        return body["summits"]["count"], len(body["visits"]), len(kinds)

    leaders = [weight("uz"), weight("kz")]
    others = [weight(code) for code in ("kg", "tj", "tm")]
    # Yoon's June 2024 visits add one to each, Mirziyoyev's of 2021 one more; external money
    # figures add the train contract (UZ) and trade (KZ, KG, TM), and KOICA's grants (UZ).
    assert leaders == [(16, 4, 7), (14, 8, 3)]
    assert others == [(2, 4, 2), (3, 3, 0), (5, 3, 1)]
    assert min(s for s, _, _ in leaders) > max(s for s, _, _ in others)


def test_profile_of_a_country_with_no_summits(client):
    body = profile(client, "CN")
    assert body["summits"] is None and body["diaspora"] is None
    assert body["visits"] == []


def test_unknown_profile_is_404(client):
    assert problem(client, "/v1/countries/zz/profile", status=404)["status"] == 404


def test_timeline_for_kyrgyzstan(client):
    rows = data(client, "/v1/timeline", country="kg")
    assert [(r["year"], r["type"], r["id"], r["href"]) for r in rows] == [
        (1997, "visits", 8, "/v1/visits/8"),
        (2010, "visits", 9, "/v1/visits/9"),
        (2011, "investments", 13, "/v1/investments/13"),
        (2011, "projects", 21, "/v1/projects/21"),
        (2019, "visits", 10, "/v1/visits/10"),
        (2024, "visits", 22, "/v1/visits/22"),  # Japarov in Seoul (external)
    ]
    assert (rows[2]["title"], rows[3]["title"]) == (
        "Project funding: Kyrgyzstan",
        "How to Marry Gu Jun Pe",
    )


def test_timeline_names_both_sides_of_each_event(client):
    # Paragraph 9: Akaev went to Korea in 1997; Prime Minister Lee Nak-yon came to Bishkek in 2019.
    rows = data(client, "/v1/timeline", country="kg", types="visits,projects")
    assert rows[0] == {
        "type": "visits",
        "id": 8,
        "year": 1997,
        "title": "A. Akaev (president): Kyrgyzstan → Republic of Korea, 1997",
        "from_country": "KG",
        "from_country_name": "Kyrgyzstan",
        "to_country": "KR",
        "to_country_name": "Republic of Korea",
        "href": "/v1/visits/8",
    }
    assert [
        (r["id"], r["from_country"], r["from_country_name"], r["to_country"], r["to_country_name"])
        for r in rows[1:]
    ] == [
        (9, "KG", "Kyrgyzstan", "KR", "Republic of Korea"),
        (21, None, None, "KG", "Kyrgyzstan"),
        (10, "KR", "Republic of Korea", "KG", "Kyrgyzstan"),
        (22, "KG", "Kyrgyzstan", "KR", "Republic of Korea"),
    ]
    # Paragraph 7: Korea's consulate general in Almaty (2016) and the Kazakh one in Busan (2021).
    missions = data(client, "/v1/timeline", country="kz", types="missions")
    assert [(r["year"], r["from_country"], r["to_country"]) for r in missions] == [
        (2016, "KR", "KZ"),
        (2021, "KZ", "KR"),
    ]


def test_timeline_types_and_years(client):
    rows = data(client, "/v1/timeline", types="missions,investments", year_from=2016, year_to=2021)
    assert [(r["year"], r["type"], r["id"]) for r in rows] == [
        (2016, "missions", 6),
        # Of each chain of reports only the latest is an event: the 2019 Uzbek trade figure
        # (2) gave way to The AsiaN's (23); the 2019 Uzbek stock (3) to later reports that give
        # no starting year.
        (2017, "investments", 14),
        (2019, "investments", 15),
        (2019, "investments", 23),
        (2020, "investments", 17),
        (2020, "investments", 25),
        (2021, "investments", 5),
        (2021, "investments", 9),
        (2021, "investments", 11),
        (2021, "missions", 12),
    ]
    body = problem(client, "/v1/timeline", types="visits,treaties")
    assert body["parameter"] == "types"


def test_every_dated_visit_is_on_the_timeline(client):
    # the article's 17, Yoon's 3, Mirziyoyev's and Japarov's
    assert len(data(client, "/v1/timeline", types="visits", limit=500)) == 22


def test_a_source_lists_the_records_that_cite_it(client):
    body = client.get("/v1/sources/11").json()
    assert body["cited_by"] == [
        {"type": "investments", "id": 6, "href": "/v1/investments/6"},
        {"type": "investments", "id": 7, "href": "/v1/investments/7"},
        {"type": "projects", "id": 5, "href": "/v1/projects/5"},
        {"type": "projects", "id": 6, "href": "/v1/projects/6"},
    ]
    assert client.get("/v1/sources/9").json()["cited_by"] == []
