"""Issue 13, point 5: errors in plain words. Every parameter of every operation in the served
OpenAPI document (path, query and header; the properties of an object parameter too) gets a
value its declared type refuses, and the answer must be a 400 problem (a 404 for a record key
that names nothing) that names the parameter, shows a good value (the example the document
gives) and shows no regular expression, pydantic wording or Python type name. A date-time
parameter also takes a plain date, as the start of that day in UTC."""

import re
from urllib.parse import quote

import pytest

from app.errors import inline_refs
from app.main import app
from app.registry import REGISTRY
from tests.conftest import curator_client
from tests.helpers import inlined

FORBIDDEN = re.compile(
    r"\^|\$|\[A-Z|\\d|\\S|\(\?:"  # regular expressions
    r"|Input should|valid integer|string_type|String should|Value error|pydantic|Literal\["
    r"|\b(?:int|str|bool|float|NoneType|dict)\b"  # Python type names
)


def _value_schema(schema: dict) -> dict:
    options = [option for option in schema.get("anyOf", [schema]) if option.get("type") != "null"]
    return options[0] if len(options) == 1 else schema


def _example(schema: dict, parameter: dict | None = None):
    for source in (parameter or {}, schema, _value_schema(schema)):
        examples = source.get("examples")
        if isinstance(examples, dict) and examples:  # a parameter's: named Example objects
            return next(iter(examples.values()))["value"]
        if examples:
            return examples[0]
    return None


def _as_text(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def bad_value(schema: dict) -> str | None:
    """A value this schema refuses, or None when it takes any text."""
    value = _value_schema(schema)
    if "enum" in value or "const" in value:
        return "nonsense"
    if "x-names" in value:
        return "Atlantis Nowhere"
    kind = value.get("type")
    if kind in ("integer", "number"):
        return "abc"
    if kind == "boolean":
        return "maybe"
    if value.get("format") in ("date", "date-time"):
        return "31/12/2024"
    if "pattern" in value:
        return "!!"
    if "maxLength" in value:
        return "x" * (value["maxLength"] + 1)
    return None


def _resolved(schema: dict, document: dict) -> dict:
    """The schema a `$ref` names in the document's components (itself, if it is no reference)."""
    while "$ref" in schema:
        *_, name = schema["$ref"].split("/")
        schema = {
            **document["components"]["schemas"][name],
            **{k: v for k, v in schema.items() if k != "$ref"},
        }
    return schema


def walk(document: dict) -> list[dict]:
    """One case per parameter (or property of an object parameter) of every operation."""
    cases = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            parameters = operation.get("parameters", [])
            good = {p["name"]: _as_text(_example(p["schema"], p)) for p in parameters}
            for parameter in parameters:
                schema = parameter["schema"]
                value = _resolved(_value_schema(schema), document)
                properties = value.get("properties")
                targets = (
                    [
                        (f"{parameter['name']}[{key}]", key, target, _example(target))
                        for key, target in (
                            (key, _resolved(sub, document)) for key, sub in properties.items()
                        )
                    ]
                    if properties
                    else [
                        (parameter["name"], parameter["name"], value, _example(schema, parameter))
                    ]
                )
                for sent_as, name, target, example in targets:
                    cases.append(
                        {
                            "method": method.upper(),
                            "path": path,
                            "where": parameter["in"],
                            "sent_as": sent_as,
                            "name": name,
                            "bad": bad_value(target),
                            "format": _value_schema(target).get("format"),
                            "example": example,
                            "required": [
                                p
                                for p in parameters
                                if p.get("required") and p["in"] in ("path", "query")
                            ],
                            "good": good,
                        }
                    )
    return cases


CASES = walk(inlined(app.openapi()))


def _request(client, case: dict, value: str):
    given = {
        p["name"]: case["good"][p["name"]] for p in case["required"] if p["name"] != case["name"]
    }
    path_values = {n: quote(v, safe="") for n, v in given.items() if "{" + n + "}" in case["path"]}
    query = {n: v for n, v in given.items() if n not in path_values}
    headers = {}
    if case["where"] == "path":
        path_values[case["name"]] = quote(value, safe="")
    elif case["where"] == "header":
        headers[case["sent_as"]] = value
    else:
        query[case["sent_as"]] = value
    url = case["path"].format(**path_values)
    return client.request(case["method"], url, params=query, headers=headers)


@pytest.fixture(scope="module")
def curator(database_factory):
    """Writes ask for a token before they read their parameters: a client that carries one,
    on a database of its own (a refused write changes nothing, but stays apart all the same)."""
    with curator_client(database_factory()) as (client, _):
        yield client


OPERATIONS = sorted({(case["method"], case["path"]) for case in CASES})


def test_the_walk_covers_every_operation_and_parameter():
    document = inlined(app.openapi())
    declared = [
        (method.upper(), path, parameter["name"])
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
        for parameter in operation.get("parameters", [])
    ]
    walked = {(case["method"], case["path"], case["sent_as"].partition("[")[0]) for case in CASES}
    assert walked == set(declared)
    assert {
        ("GET", "/v1/changes"),
        ("GET", "/v1/countries/{code}"),
        ("PATCH", "/v1/visits/{id}"),
    } <= set(OPERATIONS)
    with_parameters = [
        (method.upper(), path)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
        if operation.get("parameters")
    ]
    assert sorted(with_parameters) == OPERATIONS


def _faults(case: dict, answer) -> list[str]:
    """What is wrong with the answer to this case's bad value (nothing, if it is right)."""
    where = f"{case['method']} {case['path']} {case['sent_as']}={case['bad'][:20]!r}"
    allowed = (400, 404) if case["where"] == "path" else (400,)
    if answer.status_code not in allowed:
        return [f"{where}: {answer.status_code} {answer.text[:200]}"]
    if answer.headers["content-type"] != "application/problem+json":
        return [f"{where}: {answer.headers['content-type']}"]
    detail = answer.json()["detail"]
    faults = []
    if answer.status_code == 400 and case["name"] not in detail:
        faults.append(f"{where}: the parameter is not named: {detail}")
    # A filter key's example is left out of the document (its size); the answer still has one.
    shown = (
        _as_text(case["example"]) in detail
        if case["example"] is not None
        else re.search(r"(e\.g\.|Example:) \S", detail)
    )
    if answer.status_code == 400 and not shown:
        faults.append(f"{where}: no example ({case['example']!r}): {detail}")
    if FORBIDDEN.search(detail):
        faults.append(f"{where}: {FORBIDDEN.search(detail)[0]!r} in: {detail}")
    return faults


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_bad_value_gets_plain_words_and_an_example(client, curator, method, path):
    cases = [c for c in CASES if (c["method"], c["path"]) == (method, path)]
    asking = client if method in ("GET", "HEAD") else curator
    faults = []
    for case in cases:
        if case["bad"] is None:
            # Free text: no value is wrong for its type; one naming no record must still be
            # refused in plain words.
            answer = _request(asking, case, "any words at all")
            if answer.status_code != 200:  # that answer is the one to judge: not asked twice
                faults += _faults({**case, "bad": "any words at all"}, answer)
            continue
        faults += _faults(case, _request(asking, case, case["bad"]))
    assert faults == []


def test_a_plain_date_is_the_start_of_that_day_in_utc(client):
    moments = [c for c in CASES if c["method"] == "GET" and c["format"] == "date-time"]
    assert {(c["path"], c["name"]) for c in moments} >= {("/v1/changes", "since")}
    for case in moments:
        as_date = _request(client, case, "2020-01-01")
        assert as_date.status_code == 200, (case["path"], case["sent_as"], as_date.text)
        midnight = _request(client, case, "2020-01-01T00:00:00Z").json()
        assert (as_date.json()["data"], as_date.json()["meta"]) == (
            midnight["data"],
            midnight["meta"],
        )


def test_since_a_plain_date(client):
    everything = client.get("/v1/changes", params={"count": "exact", "limit": 1}).json()
    since = client.get("/v1/changes", params={"since": "2020-01-01", "count": "exact"}).json()
    assert since["meta"]["total"] == everything["meta"]["total"] > 0
    later = client.get("/v1/changes", params={"since": "2999-12-31"}).json()
    assert later["data"] == [] and later["meta"]["total"] == 0


@pytest.mark.parametrize(
    ("given", "meant"),
    [
        ("uzbekistan", "uz"),
        ("Uzbekistan", "uz"),
        ("UZB", "uz"),
        ("kazakstan", "kz"),  # a near miss
    ],
)
@pytest.mark.parametrize("under", ["", "/profile"])
def test_a_country_spelt_in_place_of_its_code_is_told_the_url_of_its_record(
    client, given, meant, under
):
    answer = client.get(f"/v1/countries/{given}{under}")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"] == (
        f"No country has the id '{given}'. Did you mean /v1/countries/{meant}{under}?"
    )
    found = client.get("/v1/people", params={"country": given, "fields": "country_code"})
    if given == "kazakstan":  # the filter takes no near miss either; it says which it meant
        assert found.status_code == 400
        assert "Did you mean 'kazakhstan'?" in found.json()["detail"]
    else:  # the country= filter reads the same spelling as the same country
        assert {row["country_code"] for row in found.json()["data"]} == {meant.upper()}
    assert client.get(f"/v1/countries/{meant}{under}").status_code == 200


@pytest.mark.parametrize("code", ["uz", "UZ", "Uz"])
def test_a_country_code_in_any_case_names_the_record(client, code):
    answer = client.get(f"/v1/countries/{code}", params={"fields": "code,name"})
    assert answer.status_code == 200
    assert answer.json() == {"code": "UZ", "name": "Uzbekistan"}


def test_a_key_that_spells_nothing_near_is_a_plain_404(client):
    answer = client.get("/v1/countries/atlantis-nowhere")
    assert (answer.status_code, answer.json()["detail"]) == (
        404,
        "No country has the id 'atlantis-nowhere'.",
    )
    malformed = client.get("/v1/countries/u")
    assert (malformed.status_code, malformed.json()["detail"]) == (
        400,
        "'code': expected a two-letter country code, any case, e.g. uz.",
    )


@pytest.mark.parametrize(
    ("given", "meant"),
    [("Moon Jae-in", "moon-jae-in"), ("Akayev", "akaev"), ("Moon", "moon-jae-in")],
)
def test_a_person_named_in_place_of_their_id_is_told_the_url_of_their_record(client, given, meant):
    answer = client.get(f"/v1/people/{given}")
    assert answer.status_code == 404
    assert answer.json()["detail"] == (
        f"No person has the id '{given}'. Did you mean /v1/people/{meant}?"
    )


def test_a_change_to_a_country_spelt_by_name_is_told_the_url_of_its_record(curator):
    answer = curator.patch(
        "/v1/countries/Uzbekistan", json={"capital": "Tashkent"}, headers={"If-Match": '"x"'}
    )
    assert (answer.status_code, answer.json()["detail"]) == (
        404,
        "No country has the id 'Uzbekistan'. Did you mean /v1/countries/uz?",
    )


def _kinds(schema: dict) -> set[str]:
    """The JSON types a served body property takes (OpenAPI 3.1 writes a list with "null")."""
    kinds = schema.get("type", [])
    options = schema.get("anyOf", [])
    found = {kinds} if isinstance(kinds, str) else set(kinds)
    for option in options:
        found |= _kinds(option)
    return found - {"null"}


def _property_rule(schema: dict) -> dict:
    """The constraints of a body property, the `null` alternative left out."""
    options = [o for o in schema.get("anyOf", [schema]) if o.get("type") != "null"]
    return options[0] if len(options) == 1 else schema


def bad_body_values(schema: dict) -> list:
    """JSON values this body property refuses: one of the wrong type, and one that breaks
    each constraint a value of the right type can break."""
    rule = _property_rule(schema)
    if "enum" in rule or "const" in rule:
        return ["nonsense", 7]
    kinds = _kinds(schema)
    if kinds & {"integer", "number"}:
        values = ["abc"]
        if "maximum" in rule:
            values.append(rule["maximum"] + 1)
        return values
    if kinds == {"boolean"}:
        return ["maybe"]
    values: list = [12345]
    if rule.get("format") in ("date", "date-time"):
        values.append("31/12/2024")
    if "pattern" in rule:
        values.append("!!")
    if "maxLength" in rule:
        values.append("x" * (rule["maxLength"] + 1))
    return values


def write_bodies(document: dict) -> list[dict]:
    """Every operation that takes a JSON body, with its properties and required fields."""
    schemas = document["components"]["schemas"]
    found = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if "requestBody" not in operation:
                continue
            schema = _resolved(
                operation["requestBody"]["content"]["application/json"]["schema"], document
            )
            required = set(schema.get("required", []))
            properties = dict(schema.get("properties", {}))
            for part in schema.get("allOf", []):
                part = _resolved(part, document)
                required |= set(part.get("required", []))
                properties |= part.get("properties", {})
            keys = {
                p["name"]: str(_example(p["schema"], p))
                for p in operation.get("parameters", [])
                if p["in"] == "path"
            }
            found.append(
                {
                    "method": method.upper(),
                    "url": path.format(**keys),
                    "properties": {
                        name: inline_refs(sub, schemas) for name, sub in properties.items()
                    },
                    "required": sorted(required),
                }
            )
    return found


BODIES = write_bodies(inlined(app.openapi()))


def test_the_body_walk_covers_every_write():
    walked = {
        (body["method"], body["url"].rpartition("/v1/")[2].partition("/")[0]) for body in BODIES
    }
    written = {r.plural for r in REGISTRY.resources if r.row_schema is not None}
    assert walked >= {(m, plural) for plural in written for m in ("POST", "PATCH")}
    assert all(body["properties"] for body in BODIES)
    assert any("from_country" in body["required"] for body in BODIES)


def _body_faults(answer, where: str, field: str, enumerated: bool) -> list[str]:
    if answer.status_code != 422:
        return [f"{where}: {answer.status_code} {answer.text[:200]}"]
    problem = answer.json()
    if answer.headers["content-type"] != "application/problem+json":
        return [f"{where}: {answer.headers['content-type']}"]
    faults = []
    if problem["type"] != "urn:kca:problem:invalid-body":
        faults.append(f"{where}: type {problem['type']}")
    if problem["detail"] != problem["errors"][0]["message"]:
        faults.append(f"{where}: the detail is not the first error: {problem['detail']}")
    mine = [e["message"] for e in problem["errors"] if e["parameter"] == field]
    if not mine:
        return faults + [f"{where}: no error names {field!r}: {problem['errors']}"]
    message = mine[0]
    if f"'{field}'" not in message:
        faults.append(f"{where}: the field is not named: {message}")
    if not enumerated and not re.search(r"(e\.g\.|Example:) \S", message):
        faults.append(f"{where}: no example: {message}")
    if FORBIDDEN.search(message):
        faults.append(f"{where}: {FORBIDDEN.search(message)[0]!r} in: {message}")
    return faults


@pytest.mark.parametrize("body", BODIES, ids=lambda b: f"{b['method']} {b['url']}")
def test_every_bad_body_value_gets_plain_words_and_an_example(curator, body):
    faults = []
    for field, schema in body["properties"].items():
        rule = _property_rule(schema)
        for bad in bad_body_values(schema):
            where = f"{body['method']} {body['url']} {field}={bad!r:.20}"
            answer = curator.request(body["method"], body["url"], json={field: bad})
            # A vocabulary or true/false lists every good value already: no example needed.
            listed = "enum" in rule or "const" in rule or _kinds(schema) == {"boolean"}
            faults += _body_faults(answer, where, field, listed)
    assert faults == []


@pytest.mark.parametrize(
    "body", [b for b in BODIES if b["required"]], ids=lambda b: f"{b['method']} {b['url']}"
)
def test_every_missing_required_field_is_named(curator, body):
    answer = curator.request(body["method"], body["url"], json={})
    assert answer.status_code == 422, answer.text
    errors = answer.json()["errors"]
    assert sorted(e["parameter"] for e in errors) == body["required"]
    for error in errors:
        assert error["message"].startswith(f"'{error['parameter']}' is required: ")
        assert not FORBIDDEN.search(error["message"]), error["message"]


@pytest.mark.parametrize("body", BODIES, ids=lambda b: f"{b['method']} {b['url']}")
def test_an_unknown_body_field_is_named_with_the_fields_there_are(curator, body):
    answer = curator.request(body["method"], body["url"], json={"no_such_field": 1})
    assert answer.status_code == 422, answer.text
    unknown = [e for e in answer.json()["errors"] if e["parameter"] == "no_such_field"]
    fields = ", ".join(body["properties"])
    assert unknown == [
        {
            "parameter": "no_such_field",
            "message": f"Unknown field 'no_such_field'. The fields are {fields}.",
        }
    ]


def test_a_bad_visit_is_told_in_plain_words(curator):
    answer = curator.post(
        "/v1/visits",
        json={"source_id": 0, "paragraph": 9, "from_country": "uzb", "year": "1995", "yaer": 1},
    )
    assert answer.status_code == 422
    assert answer.json() == {
        "type": "urn:kca:problem:invalid-body",
        "title": "Invalid request body",
        "status": 422,
        "detail": "'office' is required: one of president, prime_minister.",
        "instance": "/v1/visits",
        "parameter": "office",
        "errors": [
            {
                "parameter": "office",
                "message": "'office' is required: one of president, prime_minister.",
            },
            {
                "parameter": "from_country",
                "message": "'from_country' must be text written as in the example, e.g. \"KZ\".",
            },
            {
                "parameter": "to_country",
                "message": "'to_country' is required: text written as in the example, e.g. \"KR\".",
            },
            {
                "parameter": "year",
                "message": "'year' must be a whole number from 1900 to 2100, e.g. 1995.",
            },
            {"parameter": "yaer", "message": "Unknown field 'yaer'. Did you mean 'year'?"},
        ],
    }


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b'{"year": ', "The body is not valid JSON (Expecting value); send one JSON object."),
        (
            b"[1995]",
            "The body must be one JSON object with the fields 'source_id', 'paragraph', "
            "'locator', 'description', 'office', 'from_country', 'to_country', 'year', 'city', "
            "'status', 'as_of', 'supersedes_id', 'person_id'.",
        ),
    ],
)
def test_a_body_that_is_not_one_object_says_so(curator, content, detail):
    answer = curator.post(
        "/v1/visits", content=content, headers={"Content-Type": "application/json"}
    )
    assert (answer.status_code, answer.json()["parameter"], answer.json()["detail"]) == (
        422,
        "body",
        detail,
    )
