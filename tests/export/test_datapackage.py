import csv
import io
import re
import zipfile

import orjson

from app.seeding import SEED_DIR, SEED_TABLES
from tests.helpers import issued_statements


def test_the_data_package_holds_every_table_and_a_valid_descriptor(client):
    response = client.get("/v1/export/datapackage.zip")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(package.namelist())
    assert names == {spec.file_name for spec in SEED_TABLES} | {"datapackage.json"}

    descriptor = orjson.loads(package.read("datapackage.json"))
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert len(descriptor["sources"]) == 22
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert set(resources) == {spec.table.name for spec in SEED_TABLES}

    visits = resources["visits"]["schema"]
    assert visits["primaryKey"] == ["id"]
    assert {
        "fields": ["to_country"],
        "reference": {"resource": "countries", "fields": ["code"]},
    } in (visits["foreignKeys"])
    types = {field["name"]: field["type"] for field in visits["fields"]}
    assert types["year"] == "integer" and types["city"] == "string"

    for spec in SEED_TABLES:
        text = package.read(spec.file_name).decode()
        rows = list(csv.DictReader(io.StringIO(text)))
        fields = [field["name"] for field in resources[spec.table.name]["schema"]["fields"]]
        assert list(rows[0]) == fields
        # The database was seeded from seeds/, so the export must give those files back.
        assert text == (SEED_DIR / spec.file_name).read_text(encoding="utf-8"), spec.file_name


def test_the_package_agrees_with_the_live_api(client):
    package = zipfile.ZipFile(io.BytesIO(client.get("/v1/export/datapackage.zip").content))
    rows = list(csv.DictReader(io.StringIO(package.read("investments.csv").decode())))
    # every money figure, superseded reports too
    live = client.get("/v1/investments", params={"limit": 500, "as_of": "all"}).json()["data"]
    assert [(int(r["id"]), int(r["amount_usd"]), r["qualifier"]) for r in rows] == [
        (r["id"], r["amount_usd"], r["qualifier"]) for r in live
    ]


def test_the_package_tables_are_written_by_the_database(client):
    """Each table's CSV lines come from one select of one column (the CSV writer's SQL form),
    so a large table never passes its rows through Python."""
    engine = client.app.state.engine
    with issued_statements(engine) as issued:
        assert client.get("/v1/export/datapackage.zip").status_code == 200
    lines = [sql for sql in issued if re.search(r" AS line ?\nFROM", sql)]
    written = {re.search(r"\nFROM (\w+)", sql).group(1) for sql in lines}
    assert len(lines) == len(SEED_TABLES)
    assert written == {spec.table.name for spec in SEED_TABLES}
    # One format call, or (a table with text columns) one for rows whose text holds no quote
    # or line end and one for the others.
    function = {"sqlite": "printf(", "postgresql": "format("}[engine.dialect.name]
    line = re.compile(
        rf"SELECT (CASE WHEN .+ THEN {re.escape(function)}.+ ELSE )?{re.escape(function)}", re.S
    )
    assert all(line.match(sql) for sql in lines), lines
