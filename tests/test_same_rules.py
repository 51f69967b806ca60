"""Issue 13, point 3: every GET operation in the OpenAPI document (walked, not listed by hand)
refuses an unknown query parameter and a repeated one with a 400 problem naming it."""

import pytest

from tests.helpers import inlined
from tests.test_errors import assert_problem


def _get_operations(client) -> list[tuple[str, list[str]]]:
    """(a URL the operation answers 200, the query parameters it declares), per GET: path
    parameters and required query parameters take the first example the document gives."""
    operations = []
    for path, methods in inlined(client.get("/openapi.json").json())["paths"].items():
        if "get" not in methods:
            continue
        parameters = methods["get"].get("parameters", [])
        example = {p["name"]: str(p["schema"]["examples"][0]) for p in parameters if p["required"]}
        url = path.format(**example)
        required = [p["name"] for p in parameters if p["in"] == "query" and p["required"]]
        if required:
            url += "?" + "&".join(f"{name}={example[name]}" for name in required)
        operations.append((url, [p["name"] for p in parameters if p["in"] == "query"]))
    return operations


def _with(url: str, query: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{query}"


def test_the_walk_covers_every_get_operation(client):
    operations = _get_operations(client)
    urls = {url.partition("?")[0] for url, _ in operations}
    assert {"/healthz", "/readyz", "/v1/meta", "/v1/search", "/v1/timeline"} <= urls
    assert {"/v1/countries/uz/profile", "/v1/stats/visits", "/v1/changes", "/v1"} <= urls
    assert len(operations) == 60
    for url, _ in operations:  # so a 400 below comes from the parameter added, not the URL
        assert client.get(url).status_code == 200, url


def test_every_operation_refuses_an_unknown_parameter(client):
    for url, _ in _get_operations(client):
        body = assert_problem(client.get(_with(url, "no_such_thing=1")), 400)
        assert body["parameter"] == "no_such_thing", url
        assert body["detail"].startswith("Unknown parameter 'no_such_thing'"), url


def test_every_operation_refuses_a_repeated_parameter(client):
    for url, declared in _get_operations(client):
        name = next((n for n in declared if n not in url), "no_such_thing")
        body = assert_problem(client.get(_with(url, f"{name}=1&{name}=1")), 400)
        assert body["parameter"] == name, url
        if declared:
            assert body["detail"] == f"'{name}' is given more than once; give it once.", url


@pytest.mark.parametrize(
    "url",
    [
        "/v1/meta?foo=1",
        "/v1/countries/uz/profile?format=csv",
        "/v1/countries/uz/profile?fields=country",
        "/healthz?verbose=1",
        "/openapi.json?version=3.0",
    ],
)
def test_the_issues_examples_are_refused(client, url):
    name = url.partition("?")[2].partition("=")[0]
    body = assert_problem(client.get(url), 400)
    assert body["parameter"] == name


@pytest.mark.parametrize(
    "url", ["/v1/visits?limit=2", "/v1/timeline?limit=2", "/v1/search?q=tash&limit=2"]
)
def test_links_are_root_relative_whatever_the_host(client, url):
    answer = client.get(url, headers={"Host": "elsewhere.example:8443"})
    body = answer.json()
    following = body["links"]["next"]
    assert following.startswith(url + "&cursor=")
    assert answer.headers["Link"] == f'<{following}>; rel="next"'
    assert all(item["href"].startswith("/v1/") for item in body["data"] if "href" in item)


def test_the_index_links_are_root_relative_whatever_the_host(client):
    body = client.get("/v1", headers={"Host": "elsewhere.example"}).json()
    links = [*body["links"].values()]
    links += [link for resource in body["resources"] for link in resource["links"].values()]
    assert all(link.startswith("/") and "elsewhere" not in link for link in links)
