"""CSV lines and NDJSON records written by the database are byte for byte what Python's
csv.writer and orjson write."""

import asyncio
import contextlib
import csv
import io
import re
from typing import Literal
from urllib.parse import urlencode

import orjson
import pytest
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    cast,
    insert,
    literal,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from starlette.requests import ClientDisconnect

from app.curation.changes import CHANGE_FIELDS
from app.curation.tokens import create_token
from app.export import csv_writer
from app.export.csv_writer import line_statement, written
from app.export.ndjson_writer import record_statement, writes_records
from app.http import json_bytes
from app.investments.models import Investment
from app.query import streaming
from app.query.resource import Projection
from app.registry import REGISTRY
from app.synth.load import synth
from app.vocab import vocabulary_check
from tests.clients import OneHopClient
from tests.conftest import app_for, seeded_engine
from tests.helpers import answers_with_statements

AWKWARD_TEXT = [
    "plain",
    "a,b",
    'say "hi"',
    '"',
    "two\nlines",
    "carriage\rreturn",
    "crlf\r\n",
    "",
    None,
    " padded ",
    "Ташкент, 한국",
    "\\.",
    "tab\there",
]
# What JSON escapes: each control character PostgreSQL's text holds (it refuses \x00), the
# escape sequences, and characters some JSON writers escape but orjson writes as they are.
JSON_TEXT = [
    "".join(map(chr, range(1, 32))),
    "\b\f\x7f",
    'back\\slash \\"quoted\\"',
    "a/b </script>",
    "\u2028\u2029",
    "é 한국어 😀 \ufeff",
]
AWKWARD_NUMBERS = [
    (0, 0),
    (-7, -7),
    (10**16, 2**31 - 1),
    (2**63 - 1, -(2**31)),
    (-(2**63), 1),
    (None, None),
]
# The function a database writes a record with, when it writes them.
RECORD_WRITERS = {"sqlite": "json_object(", "postgresql": "CAST(row_to_json("}


def python_csv(rows) -> bytes:
    return written(rows).encode()


def database_csv(connection, columns) -> bytes:
    statement = line_statement(select(*columns), connection.dialect)
    return "".join(line + "\n" for line in connection.scalars(statement)).encode()


def test_awkward_values_are_written_as_csv_writer_writes_them(engine):
    with engine.connect() as connection:
        for value in AWKWARD_TEXT:
            for width in (1, 3):  # a one-column row writes an empty cell as ""
                columns = [literal(value, String).label(f"c{i}") for i in range(width)]
                assert database_csv(connection, columns) == python_csv([[value] * width]), value
        for big, small in AWKWARD_NUMBERS:
            columns = [literal(big, BigInteger).label("n"), literal(small, Integer).label("m")]
            assert database_csv(connection, columns) == python_csv([[big, small]])
        for value in (True, False, None):
            flag = cast(literal(value, Boolean), Boolean)  # typed, so PostgreSQL takes a null
            columns = [flag.label("b"), literal("x", String).label("s")]
            assert database_csv(connection, columns) == python_csv([[value, "x"]])


def test_a_looked_up_value_is_written_as_csv_writer_writes_it(engine):
    """A correlated lookup (a country's name) has its cell written inside its subquery."""
    with engine.connect() as connection:
        for value in AWKWARD_TEXT:
            for width in (1, 3):
                lookups = [select(literal(value, String)).scalar_subquery() for _ in range(width)]
                columns = [lookup.label(f"c{i}") for i, lookup in enumerate(lookups)]
                assert database_csv(connection, columns) == python_csv([[value] * width]), value
        missing = select(literal("x", String)).where(literal(1) == 0).scalar_subquery()
        columns = [missing.label("gone"), literal("a,b", String).label("s")]
        assert database_csv(connection, columns) == python_csv([[None, "a,b"]])


def test_a_lookup_by_key_is_written_as_csv_writer_writes_it(engine):
    """A lookup by key (a country's name beside its code) has each looked-up row's cell
    written once, in a CTE: awkward names, a key with no name and a null key."""
    names = Table("csv_names", MetaData(), Column("code", String(4)), Column("name", String(40)))
    rows = Table("csv_rows", MetaData(), Column("id", Integer), Column("code", String(4)))
    named = {f"k{i}": value for i, value in enumerate(AWKWARD_TEXT)}
    codes = [*named, "gone", None]
    lookups = [
        select(names.c.name).where(names.c.code == rows.c.code).scalar_subquery().label(label)
        for label in ("name", "again")  # two lookups, as a visit's two countries
    ]
    statement = line_statement(select(rows.c.id, *lookups).order_by(rows.c.id), engine.dialect)
    assert "name_cells" in str(statement.compile(dialect=engine.dialect))
    with engine.begin() as connection:
        names.create(connection)
        rows.create(connection)
        connection.execute(insert(names), [{"code": c, "name": v} for c, v in named.items()])
        connection.execute(insert(rows), [{"id": i, "code": c} for i, c in enumerate(codes)])
        lines = "".join(line + "\n" for line in connection.scalars(statement))
        rows.drop(connection)
        names.drop(connection)
    expected = [(i, named.get(c), named.get(c)) for i, c in enumerate(codes)]
    assert lines.encode() == python_csv(expected)


def test_a_lookup_by_key_compiles_when_threads_built_its_cte_twice(engine, monkeypatch):
    """Two downloads starting together may each build a lookup's CTE (the caches do not lock):
    a statement must still name one CTE, as when every call builds a new one."""
    names = Table("csv_names", MetaData(), Column("code", String(4)), Column("name", String(40)))
    rows = Table("csv_rows", MetaData(), Column("code", String(4)), Column("note", String(9)))
    lookup = select(names.c.name).where(names.c.code == rows.c.code).scalar_subquery()
    monkeypatch.setattr(csv_writer, "_looked_up_cell", csv_writer._looked_up_cell.__wrapped__)
    monkeypatch.setattr(csv_writer, "_sql_cell", csv_writer._sql_cell.__wrapped__)
    statement = line_statement(select(rows.c.note, lookup.label("name")), engine.dialect)
    assert str(statement.compile(dialect=engine.dialect)).count("name_cells AS") == 1


def test_a_vocabulary_column_is_written_without_searching_it(engine):
    """A column its CHECK keeps to words without a quoting character is written as it is; one
    whose vocabulary has such a word, or that has none, is still searched and quoted."""
    table = Table(
        "csv_vocabulary",
        MetaData(),
        Column("plain", String(10)),
        Column("odd", String(10)),
        Column("free", String(10)),
        vocabulary_check("plain", Literal["a", "b_c"]),
        vocabulary_check("odd", Literal["x", 'y,"z']),
    )
    statement = line_statement(select(table), engine.dialect)
    sql = str(statement.compile(dialect=engine.dialect))
    search = "{} LIKE" if engine.dialect.name == "sqlite" else "strpos({},"
    names = ["plain", "odd", "free"]
    searched = {name for name in names if search.format(f"csv_vocabulary.{name}") in sql}
    assert searched == {"odd", "free"}
    rows = [("b_c", 'y,"z', "a,b"), ("a", "x", None), (None, None, 'say "hi"')]
    with engine.begin() as connection:
        table.create(connection)
        connection.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
        lines = "".join(line + "\n" for line in connection.scalars(statement))
        table.drop(connection)
    assert lines.encode() == python_csv(rows)


def test_stored_text_is_written_as_csv_writer_writes_it(engine):
    """Table columns (searched for the delimiter alone in a row whose JSON array escapes
    nothing): each awkward value beside plain ones, and beside each other awkward value."""
    table = Table(
        "csv_stored",
        MetaData(),
        Column("a", String(40)),
        Column("b", String(40)),
        Column("n", Integer),
    )
    values = [*AWKWARD_TEXT, *JSON_TEXT, "back\\slash, comma"]
    rows = [(value, "plain, comma", 1) for value in values]
    rows += [(value, other, None) for value in values for other in values[::3]]
    with engine.begin() as connection:
        table.create(connection)
        connection.execute(insert(table), [dict(zip("abn", row, strict=True)) for row in rows])
        for columns in ([table.c.a, table.c.b, table.c.n], [table.c.a]):
            statement = line_statement(select(*columns).order_by(table.c.a), engine.dialect)
            ordered = connection.execute(select(*columns).order_by(table.c.a)).all()
            lines = "".join(line + "\n" for line in connection.scalars(statement))
            assert lines.encode() == python_csv(ordered)
        table.drop(connection)


def test_an_unknown_column_type_is_refused_not_guessed(engine):
    with pytest.raises(TypeError, match="No SQL CSV format"):
        line_statement(select(literal(0.1, Float).label("x")), engine.dialect)


@pytest.fixture(scope="module")
def awkward_client(database_factory):
    engine = seeded_engine(database_factory())
    synth(engine, seed=5, investments=300, projects=100, visits=200)
    rows = [
        {
            "id": 900_000 + i,
            "slug": f"awkward-{i}",
            "kind": "grant_aid",
            "from_country": "KR",
            "to_country": None,
            "amount_usd": 10**16 + i,
            "qualifier": "exact",
            "nature": "flow",
            "direction": "one_way",
            "source_id": 0,
            "paragraph": 49,
            "description": text,
            "locator": (AWKWARD_TEXT + JSON_TEXT)[-1 - i],
        }
        for i, text in enumerate(AWKWARD_TEXT + JSON_TEXT)
    ]
    with engine.begin() as connection:
        connection.execute(insert(Investment), rows)
    with OneHopClient(app_for(engine)) as client:
        yield client
    engine.dispose()


def _leaves(record: dict) -> list:
    values = []
    for value in record.values():
        values.extend(_leaves(value) if isinstance(value, dict) else [value])
    return values


def _choices(resource) -> list[str | None]:
    """Every field, each field alone, and the first and last field together."""
    names = list(resource.fields)
    return [None, *names, f"{names[0]},{names[-1]}"]


@pytest.mark.parametrize("resource", REGISTRY.resources, ids=lambda r: r.plural)
def test_exports_are_csv_writer_and_orjson_over_the_page_records(awkward_client, resource):
    """The JSON page is shaped in Python: the exports written by the database must match it.
    Each choice of fields asks for its page, CSV and NDJSON in one hop into the event loop."""
    engine = awkward_client.app.state.read_engine
    choices = _choices(resource)
    urls = []  # the page, CSV and NDJSON of each choice
    for fields in choices:
        query = urlencode({"fields": fields}) + "&" if fields else ""
        url = f"/v1/{resource.plural}?{query}"
        urls += [f"{url}limit=500", f"{url}format=csv", f"{url}format=ndjson"]
    answers = answers_with_statements(awkward_client, engine, urls)
    for at, fields in enumerate(choices):
        (page, _), (answer, _), (records, issued) = answers[3 * at : 3 * at + 3]
        assert page.status_code == answer.status_code == records.status_code == 200, urls[3 * at]
        # Written by the database, not shaped in Python: the export selected one column.
        exports = [sql for sql in issued if " AS record" in sql]
        assert len(exports) == 1, (resource.plural, fields, issued)
        # The one column ends where the outer FROM begins (a country's name is a subquery).
        selected = exports[0].split("SELECT ", 1)[1].strip()
        assert selected.startswith(RECORD_WRITERS[engine.dialect.name]), selected
        assert len(re.findall(r" AS record ?\nFROM", selected)) == 1, selected
        expected = page.json()["data"]
        assert len(expected) < 500  # the whole table fits on the page
        assert records.content == b"".join(json_bytes(record) + b"\n" for record in expected), (
            resource.plural,
            fields,
        )
        header = resource.projection(fields).names
        rows = [_leaves(record) for record in expected]
        assert answer.content == python_csv([header, *rows]), (resource.plural, fields)


def test_both_databases_write_records():
    """So a run on SQLite alone still notices PostgreSQL records going back to Python."""
    assert all(writes_records(dialect()) for dialect in (sqlite.dialect, postgresql.dialect))


def test_database_records_are_the_bytes_orjson_writes(engine):
    projection = Projection(("text", "nested.text", "nested.deeper.number", "flag"))
    shape = projection.shaper()
    texts = AWKWARD_TEXT + JSON_TEXT
    values = [(text, number, True) for text in texts for number, _ in AWKWARD_NUMBERS]
    values += [("x", 1, flag) for flag in (True, False, None)]
    with engine.connect() as connection:
        for text, number, flag in values:
            columns = [
                literal(text, String).label("text"),
                literal(text, String).label("nested.text"),
                literal(number, BigInteger).label("nested.deeper.number"),
                cast(literal(flag, Boolean), Boolean).label("flag"),
            ]
            statement = record_statement(select(*columns), projection, engine.dialect)
            record = connection.scalar(statement)
            row = (text, text, number, flag)
            assert record.encode() == json_bytes(shape(row)), row


def test_a_client_leaving_mid_stream_releases_the_connection(engine, monkeypatch):
    monkeypatch.setattr(streaming, "BATCH", 10)  # so the export is many batches long
    app = app_for(engine)
    checked_out = engine.pool.checkedout()
    for query in ("format=csv", "format=ndjson", "format=ndjson&include=person"):
        chunks = asyncio.run(_first_chunks_then_leave(app, f"/v1/visits?{query}"))
        assert chunks == 2, query
        assert engine.pool.checkedout() == checked_out, query


async def _first_chunks_then_leave(app, url: str) -> int:
    """Runs a request whose client goes away after two chunks of the body."""
    path, query = url.split("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "server": ("test", 80),
        "client": ("test", 1),
        "root_path": "",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": [(b"host", b"test")],
    }
    chunks = 0

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        nonlocal chunks
        if message["type"] == "http.response.body" and message.get("body"):
            chunks += 1
            if chunks == 2:
                raise OSError("the client went away")

    with contextlib.suppress(OSError, ClientDisconnect):
        await app(scope, receive, send)
    await asyncio.sleep(0.1)  # let the event loop close the abandoned body iterator
    return chunks


def test_the_change_log_exports_with_python_writing_what_sql_cannot(database_factory):
    """A change's timestamp and JSON documents have no SQL writer: Python writes those exports,
    with the values the JSON answer gives."""
    engine = seeded_engine(database_factory())
    with engine.begin() as connection:
        token = create_token(connection, "exporter")
    auth = {"Authorization": f"Bearer {token}"}
    with OneHopClient(app_for(engine)) as client:
        seeding = client.get("/v1/changes", params={"sort": "-id", "limit": 1}).json()["data"]
        after = f"id__gt={seeding[0]['id']}"  # the changes after the seeding's own
        tag = client.get("/v1/summits/5").headers["etag"]
        patched = client.patch(
            "/v1/summits/5", json={"count": 4}, headers={**auth, "If-Match": tag}
        )
        assert patched.status_code == 200, patched.text
        records = client.get(f"/v1/changes?{after}").json()["data"]
        ndjson = client.get(f"/v1/changes?{after}&format=ndjson")
        exported = client.get(f"/v1/changes?{after}&format=csv")
    engine.dispose()
    assert len(records) == 1 and records[0]["after"]["count"] == 4
    assert ndjson.status_code == 200
    assert [orjson.loads(line) for line in ndjson.text.splitlines()] == records
    assert exported.status_code == 200
    header, *rows = list(csv.reader(io.StringIO(exported.text)))
    assert header == list(Projection(tuple(CHANGE_FIELDS)).names)
    assert len(rows) == 1
    written = dict(zip(header, rows[0], strict=True))
    assert written["at"] == records[0]["at"]
    assert orjson.loads(written["after"]) == records[0]["after"]
    assert orjson.loads(written["before"]) == records[0]["before"]
