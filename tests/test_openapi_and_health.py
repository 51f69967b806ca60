def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_reports_the_schema_head(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "schema": "0002"}


def test_readyz_is_503_on_an_unmigrated_database(fresh_database_url):
    from fastapi.testclient import TestClient

    from app.db import make_engine
    from app.main import create_app

    engine = make_engine(fresh_database_url)
    with TestClient(create_app(engine)) as client:
        response = client.get("/readyz")
    engine.dispose()
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "5"


def test_every_operation_is_documented(client):
    spec = client.get("/openapi.json").json()
    operations = [
        (path, method, operation)
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) == 20
    for path, _method, operation in operations:
        assert operation.get("summary"), path
        assert "200" in operation["responses"], path
        if path.startswith("/v1/"):
            assert "400" in operation["responses"], path
            for parameter in operation.get("parameters", []):
                assert (
                    parameter.get("description")
                    or parameter["schema"].get("description")
                    or (parameter["name"] in {"limit", "cursor"})
                ), (path, parameter["name"])
        if "{" in path:
            assert "404" in operation["responses"], path
        # Bad parameters are 400 problems here, never FastAPI's default 422.
        assert "422" not in operation["responses"], path


def test_list_filters_appear_in_openapi(client):
    spec = client.get("/openapi.json").json()
    names = [p["name"] for p in spec["paths"]["/v1/visits"]["get"]["parameters"]]
    assert names == [
        "limit",
        "cursor",
        "country",
        "from",
        "to",
        "year_from",
        "year_to",
        "office",
        "person",
    ]
