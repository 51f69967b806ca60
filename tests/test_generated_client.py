"""A client nobody here wrote: `openapi-python-client` generates one from the served
`/openapi.json`, and every GET operation the document lists is called through it against a
live server. Each JSON answer must parse into generated models all the way down (a field
the document does not declare, or a schema left empty, shows up as a plain dict or a value in
`additional_properties`); the data package must come back as bytes."""

import importlib
import subprocess
import sys
from datetime import date, datetime
from enum import Enum
from pathlib import Path

import attrs
import httpx
import pytest

from tests.helpers import LiveServer, inlined

pytestmark = pytest.mark.slow

PACKAGE = "kca_generated_client"
CONFIG = """\
post_hooks: []
content_type_overrides:
  application/zip: application/octet-stream
"""
"""No formatter run after generating; a zip is read as the generator's binary `File`."""


@pytest.fixture(scope="module")
def live(engine):
    """The app on the shared seeded database, served by uvicorn in this process: the client
    only reads, and a `kca serve` process of its own would cost an import of the app (the
    deploy tests start those)."""
    with LiveServer(engine) as base:
        yield base


@pytest.fixture(scope="module")
def spec(live):
    return inlined(httpx.get(f"{live}/openapi.json", timeout=30).json())


@pytest.fixture(scope="module")
def generated(live, tmp_path_factory):
    """The generated package, imported from a temporary directory."""
    folder = tmp_path_factory.mktemp("generated-client")
    (folder / "config.yaml").write_text(CONFIG)
    (folder / "openapi.json").write_bytes(httpx.get(f"{live}/openapi.json", timeout=30).content)
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "openapi-python-client"),
            "generate",
            "--path",
            "openapi.json",
            "--config",
            "config.yaml",
            "--meta",
            "none",
            "--output-path",
            PACKAGE,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def get_operations(spec) -> list[tuple[str, dict]]:
    return [(path, methods["get"]) for path, methods in spec["paths"].items() if "get" in methods]


def arguments(live: str, path: str, operation: dict) -> dict:
    """Good values for the operation's required parameters: the documented example, else (a
    record's key) the key of the first record its list answers."""
    values = {}
    for parameter in operation.get("parameters", []):
        if not parameter.get("required"):
            continue
        name = parameter["name"]
        examples = parameter.get("examples") or parameter["schema"].get("examples")
        if examples:
            values[name] = examples[0]
        elif parameter["in"] == "path":
            listing = path.rsplit("/{", 1)[0]
            first = httpx.get(f"{live}{listing}", params={"limit": 1}, timeout=30).json()
            values[name] = first["data"][0][name]
        else:
            pytest.fail(f"{operation['operationId']}: no example for the required `{name}`")
    return values


SCALARS = (str, int, float, bool, type(None), datetime, date, Enum)


def untyped_parts(value, where: str) -> list[str]:
    """Where in `value` the client fell back to plain dicts or undeclared fields."""
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in untyped_parts(item, f"{where}[{i}]")]
    if attrs.has(type(value)):
        found = []
        for field in attrs.fields(type(value)):
            part = getattr(value, field.name)
            if field.name == "additional_properties":
                for key, extra in part.items():
                    if not (attrs.has(type(extra)) or isinstance(extra, list)):
                        found.append(f"{where}.{key} (undeclared: {extra!r:.60})")
                    else:
                        found += untyped_parts(extra, f"{where}.{key}")
            else:
                found += untyped_parts(part, f"{where}.{field.name}")
        return found
    if isinstance(value, SCALARS) or type(value).__name__ == "Unset":
        return []
    return [f"{where} ({type(value).__name__})"]


def test_every_get_operation_answers_typed_models(live, spec, generated):
    from kca_generated_client.types import File

    client = generated.Client(base_url=live, timeout=httpx.Timeout(60))
    called, untyped = [], []
    for path, operation in get_operations(spec):
        tag = operation["tags"][0]
        module = importlib.import_module(f"{PACKAGE}.api.{tag}.{operation['operationId']}")
        kwargs = arguments(live, path, operation)
        response = module.sync_detailed(client=client, **kwargs)
        assert response.status_code == 200, (path, kwargs, response.content[:300])
        content = operation["responses"]["200"]["content"]
        parsed = response.parsed
        if "application/json" in content:
            assert attrs.has(type(parsed)), (path, type(parsed))
            untyped += untyped_parts(parsed, path)[:3]
        else:
            assert list(content) == ["application/zip"]
            assert isinstance(parsed, File)
            payload = parsed.payload.read()
            assert isinstance(payload, bytes) and payload.startswith(b"PK\x03\x04")
        called.append(operation["operationId"])
    assert untyped == [], "\n".join(untyped)
    assert len(called) == len(get_operations(spec))
    assert {"country_profile", "dataset_meta", "export_datapackage", "stats_visits"} <= set(called)


def test_a_list_method_takes_named_filters_and_the_grammar_as_a_typed_filter(live, generated):
    """Issue 13, point 2: the friendly filters are named arguments and every grammar key is a
    field of the typed filter model, which the client sends as plain `field__op` keys."""
    from kca_generated_client.api.visits import list_visits
    from kca_generated_client.models import VisitFilter

    client = generated.Client(base_url=live, timeout=httpx.Timeout(60))
    page = list_visits.sync(client=client, filter_=VisitFilter(year_gte=2019, city_isnull=False))
    assert [row.id for row in page.data] == [10, 12, 15, 17, 21, 18, 19, 20, 22]
    page = list_visits.sync(client=client, to_country="kr", filter_=VisitFilter(year_lt=1998))
    assert [row.id for row in page.data] == [1, 8]
