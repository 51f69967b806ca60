def test_fourteen_countries_with_the_five_republics_first(client):
    body = client.get("/v1/countries").json()
    assert body["meta"]["total"] == 14
    codes = [row["code"] for row in body["data"]]
    assert codes[:5] == ["KG", "KZ", "TJ", "TM", "UZ"]
    assert codes[5:] == ["BY", "CN", "JP", "KP", "KR", "MN", "RU", "UA", "US"]


def test_country_code_is_case_insensitive(client):
    lower = client.get("/v1/countries/uz")
    upper = client.get("/v1/countries/UZ")
    assert lower.status_code == upper.status_code == 200
    assert (
        lower.json()
        == upper.json()
        == {
            "code": "UZ",
            "name": "Uzbekistan",
            "capital": "Tashkent",
            "region": "Central Asia",
            "central_asia": True,
            "alpha3": "UZB",
            "numeric": "860",
        }
    )


def test_unknown_country_is_404_problem(client):
    response = client.get("/v1/countries/zz")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "No country has the id 'ZZ'."


def test_malformed_country_code_is_400(client):
    response = client.get("/v1/countries/u1")
    assert response.status_code == 400
    assert response.json()["parameter"] == "code"


def test_an_alpha3_code_is_told_the_url_of_its_record(client):
    response = client.get("/v1/countries/uzb")
    assert response.status_code == 404
    assert response.json()["detail"] == (
        "No country has the id 'uzb'. Did you mean /v1/countries/uz?"
    )


def test_central_asia_filter(client):
    rows = client.get("/v1/countries", params={"central_asia": "false"}).json()["data"]
    assert len(rows) == 9
    assert not any(row["central_asia"] for row in rows)


def test_region_filter(client):
    rows = client.get("/v1/countries", params={"region": "Eastern Europe"}).json()["data"]
    assert sorted(row["code"] for row in rows) == ["BY", "RU", "UA"]


def test_people_by_country(client):
    rows = client.get("/v1/people", params={"country": "kg"}).json()["data"]
    assert rows == [
        {"id": "akaev", "name": "A. Akaev", "country_code": "KG", "country_name": "Kyrgyzstan"},
        {
            "id": "atambaev",
            "name": "A. Atambaev",
            "country_code": "KG",
            "country_name": "Kyrgyzstan",
        },
        {
            "id": "japarov",
            "name": "Sadyr Japarov",
            "country_code": "KG",
            "country_name": "Kyrgyzstan",
        },  # external pages
    ]
    assert client.get("/v1/people/tokayev").json()["name"] == "K. Zh. Tokayev"
