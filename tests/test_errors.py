import pytest

from tests.spellings import COUNTRY_HINT

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


def assert_problem(response, status):
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    return body


def test_unknown_parameter_suggests_the_nearest_name(client):
    body = assert_problem(client.get("/v1/visits", params={"contry": "uz"}), 400)
    assert body["parameter"] == "contry"
    assert body["detail"] == "Unknown parameter 'contry'. Did you mean 'country'?"


def test_unknown_parameter_without_a_near_name_lists_allowed_ones(client):
    body = assert_problem(client.get("/v1/summits", params={"zzz": "1"}), 400)
    assert body["detail"] == (
        "Unknown parameter 'zzz'. Allowed: count, country, country_code, cursor, facet, fields, "
        "format, id, include, lang, limit, min_count, q, since_year, sort, and field__op filters."
    )


def test_repeated_parameter_is_400(client):
    body = assert_problem(client.get("/v1/visits?office=president&office=president"), 400)
    assert body["parameter"] == "office"


def test_unknown_country_filter_names_it(client):
    body = assert_problem(client.get("/v1/summits", params={"country": "fr"}), 400)
    assert body["detail"] == f"'country': no country is called 'fr'. {COUNTRY_HINT}"


@pytest.mark.parametrize(
    "path",
    [
        "/v1/visits/999",
        "/v1/projects/9999",
        "/v1/investments/77",
        "/v1/missions/50",
        "/v1/diaspora/9",
        "/v1/summits/6",
        "/v1/sources/560",
        "/v1/people/nobody",
    ],
)
def test_unknown_ids_are_404(client, path):
    assert_problem(client.get(path), 404)


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/v1/visits/abc", "id"),
        ("/v1/visits/0", "id"),
        ("/v1/visits/99999999999999999999", "id"),
        ("/v1/sources/-1", "id"),
    ],
)
def test_malformed_ids_are_400(client, path, parameter):
    assert assert_problem(client.get(path), 400)["parameter"] == parameter


def test_unknown_route_and_method_are_problems(client):
    assert_problem(client.get("/v1/treaties"), 404)
    response = client.put("/v1/visits/1")
    assert_problem(response, 405)
    assert set(response.headers["allow"].split(", ")) == {"GET", "PATCH", "DELETE"}
