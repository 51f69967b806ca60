"""Property: any text the write API accepts comes back byte for byte from JSON, NDJSON, CSV
answers, the data package and `kca export-seeds`, and seeding either export into an empty
database gives back the same bytes; any text it refuses is a 422 naming a refused field."""

import csv
import io
import itertools
import json
import unicodedata
import zipfile

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.config import get_settings
from app.db import make_engine
from app.seeding import SEED_TABLES, seed
from tests.conftest import curator_client, migrate

pytestmark = pytest.mark.slow  # a Hypothesis property test over every export

EXAMPLES = 40
# The rule, restated from the README: what a text field refuses.
REFUSED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
FORMULA_STARTS = "=+-@"
SOURCE_FIELDS = {"title": 300, "author": 200, "publisher": 200}
VISIT_FIELDS = {"city": 100, "locator": 200, "description": 1000}
# The name each written field has in the answers.
OUTPUT_NAMES = {
    "sources": {"title": "title", "author": "author", "publisher": "publisher"},
    "visits": {"city": "city", "locator": "citation.locator", "description": "description"},
}
FORMATS = ("ndjson", "csv")

AWKWARD = [
    *"\r\n\t\x00\x07\x1b\x7f\x85",
    "\r\n",
    *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    *"\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u2028\u2029",
    *"\"',;|\\ \u00a0\u3000=+-@",
]
SCRIPTS = ["서울", "Ташкент", "Қазақстан", "Oʻzbekiston", "Тоҷикистон", "Түркменистан", "😀"]
FORMULAS = [
    '=HYPERLINK("https://example.org","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
]
# Plain text in the dataset's scripts, with the punctuation CSV quotes, and line feeds.
plain = st.lists(
    st.sampled_from(SCRIPTS) | st.text("abcXYZ019 ,.;|\"'\n=+-@", min_size=1, max_size=8),
    min_size=1,
    max_size=5,
).map("".join)
# Plain text with awkward characters, or any characters at all (but surrogates), mixed in.
awkward = st.sampled_from(FORMULAS) | st.lists(
    st.sampled_from(AWKWARD) | st.text(st.characters(), max_size=4) | plain, max_size=6
).map("".join)


def refusal(value: str | None, max_length: int) -> bool:
    if value is None:
        return False
    return (
        not 1 <= len(value) <= max_length
        or any(c != "\n" and unicodedata.category(c) in REFUSED_CATEGORIES for c in value)
        or not value.strip()
        or value.lstrip()[0] in FORMULA_STARTS
    )


@pytest.fixture(scope="module")
def world(database_factory):
    with curator_client(database_factory()) as (client, engine):
        cited = client.post("/v1/sources", json={"title": "Cited", "url": "https://x.org/c"})
        assert cited.status_code == 201
        yield client, engine, cited.json()["id"]


def write(client, path: str, body: dict, limits: dict[str, int]):
    """POSTs `body` (as escaped JSON); returns the new record's key if the rule accepts every
    field, after checking a refusal is a 422 naming a field that breaks the rule."""
    response = client.post(
        path, content=json.dumps(body), headers={"Content-Type": "application/json"}
    )
    broken = {name for name, limit in limits.items() if refusal(body.get(name), limit)}
    if broken:
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["parameter"] in broken, (body, response.text)
        return None
    assert response.status_code == 201, (body, response.text)
    return response.json()["id"]


def test_accepted_text_survives_every_format_and_a_reseed(world, database_factory, tmp_path):
    client, engine, cited = world
    years = itertools.count(1901)
    accepted: dict[str, dict[int, dict]] = {"sources": {}, "visits": {}}
    refused = []
    cases = itertools.count(1)

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        source=st.fixed_dictionaries(
            {"title": plain, "author": st.none() | plain, "publisher": st.none() | plain}
        ),
        visit=st.fixed_dictionaries(
            {"city": st.none() | plain, "locator": plain, "description": st.none() | plain}
        ),
        # Some fields of the two records get awkward values.
        spoilt=st.dictionaries(
            st.sampled_from([*SOURCE_FIELDS, *VISIT_FIELDS]), awkward, max_size=2
        ),
    )
    @example(
        source={"title": "line1\rline2", "author": "exe.\u202etxt", "publisher": "\u200b"},
        visit={"city": " ", "locator": '=HYPERLINK("x")', "description": "\t"},
        spoilt={},
    )
    @example(
        source={"title": "대한민국, «Ташкент»", "author": ' "quoted", a=b ', "publisher": None},
        visit={
            "city": "Қызылорда",
            "locator": "p. 3,\nsecond line",
            "description": 'two\nlines, 1+1 = 2 and "quotes"\n',
        },
        spoilt={},
    )
    def write_both(source, visit, spoilt):
        next(cases)
        for name, value in spoilt.items():
            (source if name in SOURCE_FIELDS else visit)[name] = value
        key = write(client, "/v1/sources", source, SOURCE_FIELDS)
        if key is None:
            refused.append(source)
        else:
            accepted["sources"][key] = source
        body = {
            **visit,
            "office": "prime_minister",
            "from_country": "JP",
            "to_country": "MN",
            "year": next(years),
            "source_id": cited,
        }
        key = write(client, "/v1/visits", body, VISIT_FIELDS)
        if key is None:
            refused.append(visit)
        else:
            accepted["visits"][key] = visit

    write_both()
    # Both kinds happened, so neither half of the property holds vacuously.
    sources, visits = len(accepted["sources"]), len(accepted["visits"])
    print(f"{next(cases) - 1} cases: {sources} sources, {visits} visits, {len(refused)} refused")
    assert sources + visits >= EXAMPLES and len(refused) >= EXAMPLES // 4

    for plural, records in accepted.items():
        columns = OUTPUT_NAMES[plural]
        params = {"fields": ",".join(["id", *columns.values()]), "id__gte": min(records)}
        answers = {
            fmt: client.get(f"/v1/{plural}", params={**params, "format": fmt}) for fmt in FORMATS
        }
        assert [answer.status_code for answer in answers.values()] == [200, 200]
        ndjson = [orjson.loads(line) for line in answers["ndjson"].iter_lines()]
        rows = csv.DictReader(io.StringIO(answers["csv"].text, newline=""))
        found = {
            "json": {key: client.get(f"/v1/{plural}/{key}").json() for key in records},
            "ndjson": {record["id"]: record for record in ndjson},
            "csv": {int(row["id"]): {k: v or None for k, v in row.items()} for row in rows},
        }
        for fmt, by_key in found.items():
            assert sorted(by_key) == sorted(records), fmt
            for key, values in records.items():
                read = {name: leaf(by_key[key], out) for name, out in columns.items()}
                assert read == values, (fmt, plural, key)

    package = zipfile.ZipFile(io.BytesIO(client.get("/v1/export/datapackage.zip").content))
    exported = export_seeds(engine.url, tmp_path / "exported")
    assert exported == {name: package.read(name) for name in exported}
    for name, content in exported.items():
        (tmp_path / "package").mkdir(exist_ok=True)
        (tmp_path / "package" / name).write_bytes(content)
    for directory in ("package", "exported"):
        url = database_factory()
        migrate(url)
        copy = make_engine(url)
        seed(copy, tmp_path / directory)
        copy.dispose()
        assert export_seeds(copy.url, tmp_path / f"{directory}-reseeded") == exported, directory


def leaf(record: dict, name: str):
    """`citation.locator` of a nested record, or of a CSV row (where it is a column name)."""
    if name in record:
        return record[name]
    head, _, rest = name.partition(".")
    return leaf(record[head], rest)


def export_seeds(url, directory) -> dict[str, bytes]:
    """What `kca export-seeds` writes for the database at `url`, file by file."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url.render_as_string(hide_password=False))
        get_settings.cache_clear()
        try:
            assert main(["export-seeds", str(directory)]) == 0
        finally:
            get_settings.cache_clear()
    return {spec.file_name: (directory / spec.file_name).read_bytes() for spec in SEED_TABLES}
