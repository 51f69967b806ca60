import pytest

from app.health import schema_head
from app.query.grammar import grammar_fields, is_ordered
from app.query.sorting import sortable
from app.registry import REGISTRY
from app.views.timeline import TIMELINE
from tests.helpers import inlined


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_reports_the_schema_head(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "schema": schema_head()}


def test_readyz_is_503_on_an_unmigrated_database(fresh_database_url):
    from app.db import make_engine
    from tests.clients import OneHopClient
    from tests.conftest import app_for

    engine = make_engine(fresh_database_url)
    with OneHopClient(app_for(engine)) as client:
        response = client.get("/readyz")
    engine.dispose()
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "5"


@pytest.fixture(scope="module")
def served(client):
    """The read contract, at /openapi.json."""
    return client.get("/openapi.json").json()


@pytest.fixture(scope="module")
def curation(client):
    """The whole contract, curator writes included."""
    return client.get("/openapi/curation.json").json()


@pytest.fixture(scope="module")
def spec(curation):
    return inlined(curation)


def operations(spec):
    return [
        (path, method, operation)
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]


def has_example(parameter) -> bool:
    schema = parameter["schema"]
    return bool(
        parameter.get("examples")
        or schema.get("examples")
        or any(option.get("examples") for option in schema.get("anyOf", []))
    )


def test_every_operation_and_parameter_is_documented(spec):
    found = operations(spec)
    assert len(found) == 112  # six per resource: list, record, stats, create, update, delete
    for path, _method, operation in found:
        assert operation.get("summary") and operation.get("description"), path
        assert {"200", "201", "204"} & set(operation["responses"]), path
        # Bad parameters are 400 problems here; 422 is for request bodies only.
        assert ("422" in operation["responses"]) == ("requestBody" in operation), path
        if operation.get("parameters"):
            assert "400" in operation["responses"], path
        if "{" in path:
            assert "404" in operation["responses"], path
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), (path, parameter["name"])
            assert has_example(parameter), (path, parameter["name"])


SIZE_TARGET = 250_000
"""Issue 13's target for /openapi.json, the document clients are generated from, in bytes."""


def size_and_largest_operation(served, client) -> tuple[int, int]:
    size = len(client.get("/openapi.json").content)
    counts = {
        f"{method.upper()} {path}": len(operation.get("parameters", []))
        for path, method, operation in operations(served)
    }
    largest = max(counts, key=counts.get)
    print(f"OpenAPI document: {size} bytes; most parameters: {counts[largest]} ({largest})")
    return size, counts[largest]


def test_the_document_is_lean(served, client):
    """Issue 13, point 2: the document's size and its largest operation's parameter count."""
    size, parameters = size_and_largest_operation(served, client)
    assert parameters <= 40
    assert size <= SIZE_TARGET


def test_the_read_contract_is_the_whole_contract_less_the_curator_writes(served, curation):
    reads = {(p, m): op for p, ms in served["paths"].items() for m, op in ms.items()}
    whole = {(p, m): op for p, ms in curation["paths"].items() for m, op in ms.items()}
    needs_token = {key for key, op in whole.items() if "security" in op}
    assert len(whole) == 112 and len(reads) == 60 and len(needs_token) == 52
    assert reads == {key: op for key, op in whole.items() if key not in needs_token}
    assert {m for _, m in reads} == {"get"} and {m for _, m in needs_token} == {
        "post",
        "patch",
        "delete",
    }
    # Only what the reads refer to: no write body, no security scheme.
    assert "VisitRecordPatch" in curation["components"]["schemas"]
    assert "VisitRecordPatch" not in served["components"]["schemas"]
    assert "securitySchemes" not in served["components"]
    assert "/openapi/curation.json" in served["info"]["description"]


def test_the_middlewares_problems_are_each_operations_default_answer(curation):
    for path, methods in curation["paths"].items():
        for operation in methods.values():
            if path.startswith("/v1"):
                assert not {"414", "429", "503"} & set(operation["responses"]), path
                assert "default" in operation["responses"], path
    visits = curation["paths"]["/v1/visits"]["get"]["responses"]
    assert set(visits) == {"200", "400", "default"}
    default = curation["components"]["responses"][visits["default"]["$ref"].rpartition("/")[2]]
    assert default["description"].startswith("Any other refusal")
    assert "414" in default["description"] and "503" in default["description"]
    assert visits["default"] == {"$ref": "#/components/responses/OtherProblem"}
    # Outside /v1 no middleware answers for the route: the health checks list their own.
    assert curation["paths"]["/healthz"]["get"]["responses"].keys() == {"200", "400"}
    assert curation["paths"]["/readyz"]["get"]["responses"].keys() == {"200", "400", "503"}


def operators(resource, name, value_type, nullable) -> set[str]:
    """The operators the grammar gives a field, by its type."""
    found = {"eq", "ne", "in"}
    if is_ordered(resource, name, value_type):
        found |= {"lt", "lte", "gt", "gte"}
    if value_type is str:
        found.add("contains")
    if nullable:
        found.add("isnull")
    return found


@pytest.mark.parametrize("resource", [*REGISTRY.resources, TIMELINE], ids=lambda r: r.plural)
def test_every_filter_sort_key_include_and_format_of_a_list_is_documented(spec, resource):
    operation = spec["paths"][f"/v1/{resource.plural}"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    for name, field in resource.filters.model_fields.items():
        assert (field.alias or name) in parameters
    documented = parameters["filter"]
    assert (documented["style"], documented["explode"]) == ("deepObject", True)
    keys = documented["schema"]["properties"]
    expected = set()
    for name, (_expression, value_type, nullable, _ref) in grammar_fields(resource).items():
        ops = operators(resource, name, value_type, nullable)
        if name == "description":
            ops &= {"contains", "isnull"}
        expected |= {f"{name}__{op}" for op in ops}
    assert set(keys) == expected
    for key in sortable(resource):
        assert f"`{key}`" in parameters["sort"]["description"]
    for include in resource.includes:
        assert f"`{include}`" in parameters["include"]["description"]
    for dimension in resource.groups:
        assert f"`{dimension}`" in parameters["facet"]["description"]
    for field_name in resource.field_names():
        assert f"`{field_name}`" in parameters["fields"]["description"]
    assert parameters["format"]["schema"]["enum"] == ["json", "csv", "ndjson"]
    content = operation["responses"]["200"]["content"]
    assert {"application/json", "text/csv", "application/x-ndjson"} <= set(content)


def test_ordering_operators_are_only_on_numbers_and_dates(spec):
    keys = spec["components"]["schemas"]["VisitFilter"]["properties"]
    assert {"year__gte", "as_of__lt", "id__gt"} <= set(keys)
    assert not {"office__lt", "to_country__gte", "person_name__gt", "city__lte"} & set(keys)
    assert "office__contains" not in keys and "city__contains" in keys
    # A field's range is documented; the column type's own (checked all the same) is not.
    assert keys["year__gte"] == {"type": "integer", "minimum": 1900, "maximum": 2100}
    assert keys["id__gt"] == {"type": "integer"}
    assert keys["supersedes_id__eq"] == {"type": "integer", "minimum": 1}
    # An enumeration refers to its vocabulary's one schema.
    assert keys["office__eq"] == {"$ref": "#/components/schemas/Office"}
    assert spec["components"]["schemas"]["Office"] == {
        "type": "string",
        "enum": ["president", "prime_minister"],
    }


def test_visit_list_parameters_start_with_the_friendly_filters(spec):
    names = [p["name"] for p in spec["paths"]["/v1/visits"]["get"]["parameters"]]
    assert names[:7] == [
        "country",
        "from_country",
        "to_country",
        "year_from",
        "year_to",
        "office",
        "person",
    ]
    assert {"q", "sort", "filter"} <= set(names)
    # Plain `field=value` is documented once, as the `filter` object's `field__eq` key.
    assert not {"year", "city", "person_name"} & set(names)
    assert not any("__" in name for name in names)


def test_the_openapi_documents_validate_as_openapi_3_1(served, curation):
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation import OpenAPIV31SpecValidator

    for document in (served, curation):
        assert document["openapi"].startswith("3.1.")
        validate(document, cls=OpenAPIV31SpecValidator)


def test_every_error_an_operation_can_answer_is_a_documented_problem(spec):
    for path, method, operation in operations(spec):
        errors = {code: r for code, r in operation["responses"].items() if code[0] in "45d"}
        if path != "/healthz":  # answers 200 while the process runs, and nothing else
            assert errors, (method, path)
        for code, response in errors.items():
            assert response["description"], (method, path, code)
            content = response["content"]["application/problem+json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Problem"}, (path, code)
        # One tag each, so that Swagger UI and ReDoc list every operation once.
        assert len(operation["tags"]) == 1, (method, path, operation["tags"])
