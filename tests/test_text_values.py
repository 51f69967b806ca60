"""The text rule (app/text.py) on curator writes and seed files, and carriage returns in every
CSV writer."""

import csv
import io
import json
import shutil
import zipfile

import pytest
from sqlalchemy import String, insert, literal, select

from app.cli import main
from app.config import get_settings
from app.db import make_engine
from app.export.csv_writer import line_statement, written
from app.seeding import SEED_DIR, SeedError, seed
from app.sources.models import Source
from tests.clients import OneHopClient
from tests.conftest import app_for, curator_client, migrate, seeded_engine

LONE_CR = "line1\rline2"


@pytest.fixture(scope="module")
def world(database_factory):
    with curator_client(database_factory()) as both:
        yield both


def post_source(client, **fields):
    # Sent as escaped JSON, so a lone surrogate reaches the server as JSON allows it.
    body = {"title": "A report", **fields}
    return client.post(
        "/v1/sources", content=json.dumps(body), headers={"Content-Type": "application/json"}
    )


def refused(response, field: str) -> str:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["parameter"] == field
    return body["detail"]


REFUSED_CHARACTERS = [
    (LONE_CR, "U+000D CARRIAGE RETURN (a control character)"),
    ("crlf\r\nline", "U+000D CARRIAGE RETURN (a control character)"),
    ("tab\there", "U+0009 CHARACTER TABULATION (a control character)"),
    ("nul\x00", "U+0000 NULL (a control character)"),
    ("\x1b[31mred", "U+001B ESCAPE (a control character)"),
    ("bell\x07", "U+0007 (a control character)"),
    ("next\x85line", "U+0085 NEXT LINE (a control character)"),
    ("exe.\u202etxt", "U+202E RIGHT-TO-LEFT OVERRIDE (an invisible formatting character)"),
    ("\u202aembedded", "U+202A LEFT-TO-RIGHT EMBEDDING (an invisible formatting character)"),
    ("\u2066isolated\u2069", "U+2066 LEFT-TO-RIGHT ISOLATE (an invisible formatting character)"),
    ("zero\u200bwidth", "U+200B ZERO WIDTH SPACE (an invisible formatting character)"),
    ("join\u200dme", "U+200D ZERO WIDTH JOINER (an invisible formatting character)"),
    ("word\u2060joiner", "U+2060 WORD JOINER (an invisible formatting character)"),
    ("\ufeffbom", "U+FEFF ZERO WIDTH NO-BREAK SPACE (an invisible formatting character)"),
    ("soft\u00adhyphen", "U+00AD SOFT HYPHEN (an invisible formatting character)"),
    ("a\u2028b", "U+2028 LINE SEPARATOR (a line separator)"),
    ("a\u2029b", "U+2029 PARAGRAPH SEPARATOR (a paragraph separator)"),
]


@pytest.mark.parametrize(("value", "character"), REFUSED_CHARACTERS)
def test_a_refused_character_is_a_422_naming_the_field_and_the_character(world, value, character):
    client, _ = world
    detail = refused(post_source(client, publisher=value), "publisher")
    assert detail == (
        f"'publisher': contains {character}, which text fields refuse. "
        'Example: "CABAR.asia (Central Asian Bureau for Analytical Reporting)".'
    )


def test_a_lone_surrogate_is_refused_as_json_that_holds_no_text(world):
    client, _ = world
    assert refused(post_source(client, publisher="lone \ud800"), "publisher") == (
        "'publisher' holds half of a character (a lone surrogate); it must be text of 1 to 200 "
        'characters, e.g. "CABAR.asia (Central Asian Bureau for Analytical Reporting)".'
    )


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (" ", "is blank"),
        ("\u3000\u00a0 ", "is blank"),
        ("\n\n", "is blank"),
        ('=HYPERLINK("https://example.org","click")', "starts with '=', which spreadsheets run"),
        ("+cmd|' /C calc'!A0", "starts with '+', which spreadsheets run"),
        ("-2+3+cmd|' /C calc'!A0", "starts with '-', which spreadsheets run"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "starts with '@', which spreadsheets run"),
        ("  =1+1", "starts with '=', which spreadsheets run"),
    ],
)
def test_blank_and_formula_like_values_are_refused(world, value, reason):
    client, _ = world
    assert refused(post_source(client, title=value), "title").startswith(f"'title': {reason}")


def test_the_dataset_s_scripts_and_punctuation_are_accepted_as_they_are(world):
    client, _ = world
    values = {
        "title": "대한민국 외교부 — «Ташкент», Қазақстан, Oʻzbekiston, Тоҷикистон, Кыргызстан",
        "author": ' Om Goo Ho, "quoted", a=b, 1+1, e-mail@example.org ',
        "publisher": "first line\nsecond line\u00a0with a no-break space",
    }
    response = post_source(client, **values)
    assert response.status_code == 201, response.text
    record = client.get(response.headers["location"]).json()
    assert {name: record[name] for name in values} == values


def test_a_patch_obeys_the_same_rule(world):
    client, _ = world
    tag = client.get("/v1/sources/5").headers["etag"]
    response = client.patch("/v1/sources/5", json={"author": "x\u202ey"}, headers={"If-Match": tag})
    assert refused(response, "author") == (
        "'author': contains U+202E RIGHT-TO-LEFT OVERRIDE (an invisible formatting character),"
        ' which text fields refuse. Example: "Ainura Akmatalieva".'
    )
    tag = client.get("/v1/visits/3").headers["etag"]
    response = client.patch("/v1/visits/3", json={"city": "  "}, headers={"If-Match": tag})
    assert refused(response, "city") == "'city': is blank. Example: \"Bishkek\"."


def test_filters_still_search_for_any_text(world):
    """The rule binds what is written, not what a reader looks for."""
    client, _ = world
    response = client.get("/v1/sources", params={"title__contains": "=nowhere+1"})
    assert response.status_code == 200 and response.json()["data"] == []
    response = client.get("/v1/visits", params={"city": " "})
    assert response.status_code == 200 and response.json()["data"] == []


def test_a_seed_file_breaking_the_rule_is_refused_naming_file_line_and_field(
    fresh_database_url, tmp_path
):
    directory = tmp_path / "seeds"
    shutil.copytree(SEED_DIR, directory)
    sources = directory / "sources.csv"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("Kazakhstan", "Kazakh\u202estan", 1), encoding="utf-8")
    migrate(fresh_database_url)
    engine = make_engine(fresh_database_url)
    with pytest.raises(SeedError) as raised:
        seed(engine, directory)
    engine.dispose()
    (problem,) = raised.value.problems
    assert problem.startswith("sources.csv, line ")
    assert problem.endswith(
        ", field 'title': contains U+202E RIGHT-TO-LEFT OVERRIDE (an invisible formatting "
        "character), which text fields refuse"
    )


def test_both_csv_writers_quote_a_carriage_return(engine):
    """csv.writer with "\\n" rows leaves a lone CR bare, and every reader ends the row there."""
    expected = b'"line1\rline2",x\n'
    assert written([[LONE_CR, "x"]]).encode() == expected
    with engine.connect() as connection:
        columns = [literal(LONE_CR, String).label("a"), literal("x", String).label("b")]
        (line,) = connection.scalars(line_statement(select(*columns), connection.dialect))
    assert (line + "\n").encode() == expected


@pytest.fixture
def stored_cr(database_factory):
    """A database holding a carriage return stored before the rule."""
    engine = seeded_engine(database_factory())
    with engine.begin() as connection:
        connection.execute(insert(Source).values(id=900, title=LONE_CR, url="https://x.org/1"))
    with OneHopClient(app_for(engine)) as client:
        yield client, engine
    engine.dispose()


def test_a_stored_carriage_return_survives_every_csv(stored_cr, tmp_path, monkeypatch):
    """Every CSV reads the value back as it is, and seeding it again is refused naming the row
    and the character (not a row cut in two)."""
    client, engine = stored_cr
    answer = client.get("/v1/sources", params={"format": "csv", "fields": "id,title"})
    assert b'\n900,"line1\rline2"\n' in answer.content
    assert read_csv(answer.text)[-1] == {"id": "900", "title": LONE_CR}

    package = zipfile.ZipFile(io.BytesIO(client.get("/v1/export/datapackage.zip").content))
    from_package = package.read("sources.csv")
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        assert main(["export-seeds", str(tmp_path)]) == 0
    finally:
        get_settings.cache_clear()
    exported = (tmp_path / "sources.csv").read_bytes()
    assert exported == from_package
    assert b'\n900,,"line1\rline2",,,,https://x.org/1,,,,,,footnote,,,\n' in exported
    rows = read_csv(exported.decode())
    assert len(rows) == 129 and rows[-1]["title"] == LONE_CR
    with pytest.raises(SeedError) as raised:
        seed(engine, tmp_path)
    assert raised.value.problems == [
        "sources.csv, line 131, field 'title': contains U+000D CARRIAGE RETURN (a control "
        "character), which text fields refuse"
    ]


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))
