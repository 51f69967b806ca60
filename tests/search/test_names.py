"""Country names in the region's languages and people's other spellings are searchable, and
person filters take an alias (issue 14, point 6)."""

import pytest

from tests.helpers import problem
from tests.spellings import PERSON_HINT

NAMES = {
    # Korean, Russian, and one state language of the region, as seeds/country_names.csv has them
    "KZ": ("카자흐스탄", "Казахстан", "Қазақстан"),
    "KG": ("키르기스스탄", "Киргизия", "Кыргызстан"),
    "TJ": ("타지키스탄", "Таджикистан", "Тоҷикистон"),
    "TM": ("투르크메니스탄", "Туркменистан", "Türkmenistan"),
    "UZ": ("우즈베키스탄", "Узбекистан", "Oʻzbekiston"),
    "KR": ("대한민국", "Республика Корея", "Корея Республикасы"),
}


def countries_found(client, q: str) -> list[str]:
    response = client.get("/v1/search", params={"q": q, "types": "countries"})
    assert response.status_code == 200, response.text
    return [hit["id"] for hit in response.json()["data"]]


ALSO_FOUND = {"Республика Корея": ["KP"], "Корея Республикасы": ["KP"]}
"""Words that other countries' names share: North Korea's Kyrgyz name (Корея Элдик
Демократиялык Республикасы) holds both words; it ranks below."""


@pytest.mark.parametrize("code", NAMES)
def test_each_country_is_found_by_its_korean_russian_and_state_language_names(client, code):
    for name in NAMES[code]:
        assert countries_found(client, name) == [code, *ALSO_FOUND.get(name, [])], name


def test_a_name_is_found_by_a_prefix_in_any_case_and_a_turkmen_spelling(client):
    assert countries_found(client, "казах") == ["KZ"]
    assert countries_found(client, "КАЗАХСТАН") == ["KZ"]
    assert countries_found(client, "Özbegistan") == ["UZ"]


def test_a_country_hit_shows_the_name_it_matched(client):
    (hit,) = client.get("/v1/search", params={"q": "카자흐스탄"}).json()["data"]
    assert hit["type"] == "countries" and hit["title"] == "Kazakhstan"
    assert "<mark>카자흐스탄</mark>" in hit["snippet"]


@pytest.mark.parametrize(
    ("alias", "person"),
    [
        ("akayev", "akaev"),
        ("rakhmonov", "rahmon"),
        ("rakhmon", "rahmon"),
        ("rahmonow", "rahmon"),
        ("berdymukhamedov", "berdimuhamedov"),
        ("berdimuhamedow", "berdimuhamedov"),
    ],
)
def test_each_alias_finds_its_person_in_search_and_in_the_person_filter(client, alias, person):
    found = client.get("/v1/search", params={"q": alias, "types": "people"}).json()["data"]
    assert [hit["id"] for hit in found] == [person]
    by_alias = client.get("/v1/visits", params={"person": alias}).json()["data"]
    by_id = client.get("/v1/visits", params={"person": person}).json()["data"]
    assert by_alias == by_id and by_alias


def test_the_person_filter_takes_an_alias_exactly_as_before_for_ids(client):
    visits = client.get("/v1/visits", params={"person": "akayev"}).json()["data"]
    assert [(v["id"], v["person_id"], v["year"]) for v in visits] == [(8, "akaev", 1997)]
    body = problem(client, "/v1/visits", person="akaeff")
    assert body["detail"] == (
        f"'person': no person is called 'akaeff'. Did you mean 'akaev'? {PERSON_HINT}"
    )
