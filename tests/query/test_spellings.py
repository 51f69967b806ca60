"""Human values in country and person filters (issue 13, point 5): every such parameter of
every operation, found in the served OpenAPI document by the `x-names` mark its schema
carries, takes every spelling of a record and answers exactly as for its key; a near miss is a
400 that suggests the nearest spelling and shows good values, with no regular expression or
type name in it."""

import pytest

from app.countries.lookup import COUNTRY
from app.main import app
from tests.helpers import inlined
from tests.spellings import COUNTRY_HINT, PERSON_HINT


def named_parameters(kind: str) -> list[tuple[str, str, dict]]:
    """(path, parameter, required parameters with their examples) for every GET operation's
    query parameter that names a `kind` (country or person)."""
    found = []
    for path, operations in inlined(app.openapi())["paths"].items():
        parameters = operations.get("get", {}).get("parameters", [])
        required = {
            p["name"]: p["schema"]["examples"][0]
            for p in parameters
            if p.get("required") and p["in"] == "query"
        }
        for parameter in parameters:
            options = parameter["schema"].get("anyOf", [parameter["schema"]])
            if any(option.get("x-names") == kind for option in options):
                found.append((path, parameter["name"], required))
    return found


COUNTRY_PARAMETERS = named_parameters("country")
PERSON_PARAMETERS = named_parameters("person")
UZBEKISTAN = ["uz", "Uz", "UZB", "uzb", "Uzbekistan", "uzbekistan", " UZBEKISTAN "]
UZBEKISTAN += ["Узбекистан", "우즈베키스탄", "Oʻzbekiston", "Özbegistan", "Ӯзбекистон"]
AKAEV = ["Akaev", "A. Akaev", "akayev", "Askar Akayev", "ASKAR AKAYEV"]
MOON = ["Moon Jae-in", "moon jae-in", "MOON JAE-IN"]


def test_the_walk_finds_every_country_and_person_filter():
    # Lists and stats of 17 resources, and the timeline; numbers that change with a resource.
    assert len(COUNTRY_PARAMETERS) == 39
    assert len(PERSON_PARAMETERS) == 8
    assert ("/v1/visits", "from_country", {}) in COUNTRY_PARAMETERS
    assert ("/v1/timeline", "country", {}) in COUNTRY_PARAMETERS
    assert ("/v1/stats/terms", "person", {"group_by": "country"}) in PERSON_PARAMETERS


def answer(client, path, name, value, required):
    response = client.get(path, params={**required, name: value})
    return response.status_code, response.json()


@pytest.mark.parametrize(("path", "name", "required"), COUNTRY_PARAMETERS)
def test_country_filters_take_every_spelling(client, path, name, required):
    expected = answer(client, path, name, "UZ", required)
    assert expected[0] == 200
    for spelling in UZBEKISTAN:
        assert answer(client, path, name, spelling, required) == expected, spelling


@pytest.mark.parametrize(("path", "name", "required"), PERSON_PARAMETERS)
def test_person_filters_take_a_name_or_an_alias(client, path, name, required):
    for key, spellings in (("akaev", AKAEV), ("moon-jae-in", MOON)):
        expected = answer(client, path, name, key, required)
        assert expected[0] == 200
        for spelling in spellings:
            assert answer(client, path, name, spelling, required) == expected, spelling


@pytest.mark.parametrize(("path", "name", "required"), COUNTRY_PARAMETERS)
def test_a_near_miss_of_a_country_suggests_the_nearest(client, path, name, required):
    status, body = answer(client, path, name, "Uzbekistn", required)
    assert status == 400 and body["parameter"] == name
    assert body["detail"] == (
        f"'{name}': no country is called 'uzbekistn'. Did you mean 'uzbekistan'? {COUNTRY_HINT}"
    )


@pytest.mark.parametrize(("path", "name", "required"), PERSON_PARAMETERS)
def test_a_near_miss_of_a_person_suggests_the_nearest(client, path, name, required):
    status, body = answer(client, path, name, "Moon Jae-im", required)
    assert status == 400 and body["parameter"] == name
    assert body["detail"] == (
        f"'{name}': no person is called 'moon jae-im'. Did you mean 'moon jae-in'? {PERSON_HINT}"
    )


@pytest.mark.parametrize(
    ("path", "name", "required"), COUNTRY_PARAMETERS[:2] + PERSON_PARAMETERS[:2]
)
@pytest.mark.parametrize("value", ["", "   ", "x" * 121, "UZ\x01", "Uzbek\nistan"])
def test_a_value_that_cannot_be_a_name_says_what_one_looks_like(
    client, path, name, required, value
):
    status, body = answer(client, path, name, value, required)
    assert status == 400 and body["parameter"] == name
    kind = "country" if (path, name, required) in COUNTRY_PARAMETERS else "person"
    assert body["detail"].startswith(
        f"'{name}': expected a {kind}'s id"
        if kind == "person"
        else f"'{name}': expected a country code"
    )
    for jargon in ("pattern", "String should", "^", "str", "regex"):
        assert jargon not in body["detail"], body["detail"]


def test_a_country_nothing_resembles_gets_the_hint_alone(client):
    status, body = answer(client, "/v1/visits", "country", "Atlantis", {})
    assert (status, body["detail"]) == (
        400,
        f"'country': no country is called 'atlantis'. {COUNTRY_HINT}",
    )


def test_a_spelling_left_empty_is_not_offered_as_the_nearest():
    """A record written without one of its names leaves an empty spelling in the directory
    (the contract fuzz found the 500 it caused); the suggestion skips it."""
    assert COUNTRY.unknown("sending", "yr1", ["uz", None, "kr"]) == (
        f"'sending': no country is called 'yr1'. {COUNTRY_HINT}"
    )
    assert "Did you mean 'uz'?" in COUNTRY.unknown("country", "uzz", [None, "uz"])
