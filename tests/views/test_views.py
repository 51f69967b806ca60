from tests.helpers import data, problem


def profile(client, code):
    response = client.get(f"/v1/countries/{code}/profile")
    assert response.status_code == 200, response.text
    return response.json()


def test_uzbekistan_profile(client):
    body = profile(client, "uz")
    assert body["country"]["name"] == "Uzbekistan"
    assert (body["summits"]["count"], body["summits"]["citation"]["paragraph"]) == (16, 8)
    assert body["visits"] == {
        "incoming": {"president": {"count": 1, "years": [2019]}},
        "outgoing": {"president": {"count": 1, "years": [2017]}},
    }
    assert [f["amount_usd"] for f in body["investments"]["credit_line"]] == [
        500_000_000,
        1_000_000_000,
    ]
    assert body["investments"]["investment_stock"][0]["qualifier"] == "more_than"
    assert body["projects"]["total"] == 13
    assert body["projects"]["by_sector"]["industry"] == {"count": 2, "value_usd": 1_013_500_000}
    assert body["diaspora"] == {"population": 178_000, "qualifier": "exact"}
    assert [m["city"] for m in body["missions"]["hosted"]] == ["Tashkent"]
    assert [m["city"] for m in body["missions"]["sent"]] == ["Seoul"]


def test_profiles_show_uzbekistan_and_kazakhstan_far_ahead(client):
    def weight(code):
        body = profile(client, code)
        visits = sum(o["count"] for d in body["visits"].values() for o in d.values())
        return body["summits"]["count"], visits, len(body["investments"])

    leaders = [weight("uz"), weight("kz")]
    others = [weight(code) for code in ("kg", "tj", "tm")]
    assert leaders == [(16, 2, 6), (14, 7, 2)]
    assert others == [(2, 3, 1), (3, 3, 0), (5, 2, 0)]
    assert min(s for s, _, _ in leaders) > max(s for s, _, _ in others)


def test_profile_of_a_country_with_no_summits(client):
    body = profile(client, "CN")
    assert body["summits"] is None and body["diaspora"] is None
    assert body["visits"] == {"incoming": {}, "outgoing": {}}


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
    ]
    assert (rows[2]["title"], rows[3]["title"]) == (
        "Project funding: Kyrgyzstan",
        "How to Marry Gu Jun Pe",
    )


def test_timeline_types_and_years(client):
    rows = data(client, "/v1/timeline", types="missions,investments", year_from=2016, year_to=2021)
    assert [(r["year"], r["type"], r["id"]) for r in rows] == [
        (2016, "missions", 6),
        (2019, "investments", 2),
        (2019, "investments", 3),
        (2021, "investments", 5),
        (2021, "investments", 9),
        (2021, "investments", 11),
        (2021, "missions", 12),
    ]
    body = problem(client, "/v1/timeline", types="visits,treaties")
    assert body["parameter"] == "types"


def test_every_dated_visit_is_on_the_timeline(client):
    assert len(data(client, "/v1/timeline", types="visits", limit=500)) == 17


def test_a_source_lists_the_records_that_cite_it(client):
    body = client.get("/v1/sources/11").json()
    assert body["cited_by"] == [
        {"type": "investments", "id": 6, "href": "/v1/investments/6"},
        {"type": "investments", "id": 7, "href": "/v1/investments/7"},
        {"type": "projects", "id": 5, "href": "/v1/projects/5"},
        {"type": "projects", "id": 6, "href": "/v1/projects/6"},
    ]
    assert client.get("/v1/sources/9").json()["cited_by"] == []
