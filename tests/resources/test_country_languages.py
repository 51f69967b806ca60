"""`lang` and Accept-Language choose the language of countries' names (issue 14, point 6);
the names are those of seeds/country_names.csv (pycountry 26.2.16's ISO 3166 translations)."""

import pytest

REPUBLICS = {
    "ru": ["Киргизия", "Казахстан", "Таджикистан", "Туркменистан", "Узбекистан"],
    "ko": ["키르기스스탄", "카자흐스탄", "타지키스탄", "투르크메니스탄", "우즈베키스탄"],
    "en": ["Kyrgyzstan", "Kazakhstan", "Tajikistan", "Turkmenistan", "Uzbekistan"],
}


def republic_names(client, **kwargs):
    response = client.get(
        "/v1/countries",
        params={"central_asia": "true", "fields": "name", **kwargs.pop("params", {})},
        **kwargs,
    )
    assert response.status_code == 200, response.text
    return response.headers, [record["name"] for record in response.json()["data"]]


@pytest.mark.parametrize("lang", list(REPUBLICS))
def test_lang_picks_the_names_and_says_so(client, lang):
    headers, names = republic_names(client, params={"lang": lang})
    assert names == REPUBLICS[lang]
    assert headers["content-language"] == lang
    assert "Accept-Language" in headers["vary"]


@pytest.mark.parametrize(
    ("accept", "lang"),
    [
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("fr-FR, ko;q=0.5, ru;q=0.4", "ko"),
        ("en;q=0.2, ru;q=0.1", "en"),
        ("fr, de", "en"),
        ("*", "en"),
        ("ko;q=0", "en"),
    ],
)
def test_accept_language_picks_the_most_preferred_supported_language(client, accept, lang):
    headers, names = republic_names(client, headers={"Accept-Language": accept})
    assert (headers["content-language"], names) == (lang, REPUBLICS[lang])


def test_the_parameter_wins_over_the_header(client):
    headers, names = republic_names(
        client, params={"lang": "ko"}, headers={"Accept-Language": "ru"}
    )
    assert (headers["content-language"], names) == ("ko", REPUBLICS["ko"])


def test_a_name_the_library_lacks_stays_english(client):
    # pycountry 26.2.16 has no Uzbek name for China or Russia, and no Turkmen one for China.
    record = client.get("/v1/countries/cn", params={"lang": "uz", "fields": "code,name"})
    assert record.json() == {"code": "CN", "name": "China"}
    assert record.headers["content-language"] == "uz"
    assert client.get("/v1/countries/kz", params={"lang": "kk"}).json()["name"] == "Қазақстан"
    assert client.get("/v1/countries/ru?lang=uz").json()["name"] == "Russia"


def test_csv_answers_in_the_language_too(client):
    response = client.get(
        "/v1/countries",
        params={"lang": "ru", "format": "csv", "fields": "code,name", "central_asia": "true"},
    )
    assert response.text.splitlines() == [
        "code,name",
        "KG,Киргизия",
        "KZ,Казахстан",
        "TJ,Таджикистан",
        "TM,Туркменистан",
        "UZ,Узбекистан",
    ]
    assert response.headers["content-language"] == "ru"


@pytest.mark.parametrize("path", ["/v1/countries", "/v1/countries/uz"])
def test_an_unsupported_lang_is_a_400_naming_the_supported_ones(client, path):
    response = client.get(path, params={"lang": "fr"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["parameter"] == "lang"
    assert response.json()["detail"] == (
        "'lang': no names in 'fr'. Supported: en, ko, ru, kk, ky, tg, tk, uz (for example lang=uz)."
    )


def test_a_cached_answer_in_one_language_is_never_revalidated_for_another(client):
    russian = client.get("/v1/countries", headers={"Accept-Language": "ru"})
    korean = client.get(
        "/v1/countries",
        headers={"Accept-Language": "ko", "If-None-Match": russian.headers["etag"]},
    )
    assert korean.status_code == 200
    assert korean.headers["etag"] != russian.headers["etag"]
    assert [c["name"] for c in korean.json()["data"]][-1] == "미국"  # US, last by code
