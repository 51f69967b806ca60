"""`GET /v1`: the resources of the registry with their links and counts, and the docs."""

from app.registry import REGISTRY


def test_index_lists_every_resource_with_its_count_and_links(client):
    response = client.get("/v1")
    assert response.status_code == 200
    body = response.json()
    assert [r["name"] for r in body["resources"]] == [r.plural for r in REGISTRY.resources]
    counts = client.get("/v1/meta").json()["records"]
    assert {r["name"]: r["records"] for r in body["resources"]} == counts
    by_name = {r["name"]: r for r in body["resources"]}
    assert by_name["sources"] == {
        "name": "sources",
        "description": REGISTRY.by_plural["sources"].description,
        "records": 128,  # the article (source 0), its 21 footnotes and 106 external pages
        "links": {"list": "/v1/sources", "record": "/v1/sources/{id}"},
    }
    assert by_name["countries"]["links"] == {
        "list": "/v1/countries",
        "record": "/v1/countries/{code}",
        "stats": "/v1/stats/countries",
    }
    for resource in body["resources"]:
        assert client.get(resource["links"]["list"]).status_code == 200


def test_index_points_at_the_docs_and_the_cross_resource_endpoints(client):
    links = client.get("/v1").json()["links"]
    assert links == {
        "self": "/v1",
        "search": "/v1/search",
        "timeline": "/v1/timeline",
        "profile": "/v1/countries/{code}/profile",
        "changes": "/v1/changes",
        "meta": "/v1/meta",
        "export": "/v1/export/datapackage.zip",
        "openapi": "/openapi.json",
        "openapi_curation": "/openapi/curation.json",
        "docs": "/docs",
        "redoc": "/redoc",
        "explorer": "/",
    }
    for name in (
        "timeline",
        "changes",
        "meta",
        "openapi",
        "openapi_curation",
        "docs",
        "redoc",
        "explorer",
    ):
        assert client.get(links[name]).status_code == 200, name


def test_index_is_cached_like_every_answer_under_v1(client):
    first = client.get("/v1")
    assert first.headers["ETag"]
    again = client.get("/v1", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
