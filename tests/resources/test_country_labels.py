"""Every record that references a country carries its name beside the code, in the display
language (issue 13, point 6). The keys are found from the tables' foreign keys to
`countries.code`, the names from the seed files, so a new key or a missed one shows up here."""

import csv
import io

import orjson
import pytest

from app.countries.models import Country
from app.registry import REGISTRY
from tests.resources.test_country_names import seed_rows

ENGLISH = {row["code"]: row["name"] for row in seed_rows("countries.csv")}
TRANSLATED = {
    (row["country_code"], row["lang"]): row["name"] for row in seed_rows("country_names.csv")
}


def country_keys(resource) -> list[str]:
    """The resource's output fields that hold a country code, from its foreign keys."""
    return [
        column.key
        for column in resource.table.columns
        if any(fk.column is Country.__table__.c.code for fk in column.foreign_keys)
        and column.key in resource.fields
    ]


WITH_KEYS = [resource for resource in REGISTRY.resources if country_keys(resource)]


def label(key: str) -> str:
    return key.removesuffix("_code") + "_name"


def name(code: str | None, lang: str) -> str | None:
    if code is None:
        return None
    return ENGLISH[code] if lang == "en" else TRANSLATED.get((code, lang), ENGLISH[code])


def test_every_country_key_of_every_resource_is_labelled():
    assert {r.plural: country_keys(r) for r in WITH_KEYS} == {
        "people": ["country_code"],
        "visits": ["from_country", "to_country"],
        "summits": ["country_code"],
        "projects": ["country_code"],
        "investments": ["from_country", "to_country"],
        "missions": ["sending_country", "host_country"],
        "diaspora": ["country_code"],
        "organisations": ["country_code"],
        "indicators": ["subject_country", "partner_country"],
        "initiatives": ["country_code"],
        "agreements": ["country_a", "country_b"],
        "relations": ["from_country", "to_country"],
        "terms": ["country_code"],
    }
    for resource in WITH_KEYS:
        fields = list(resource.fields)
        for key in country_keys(resource):
            assert fields[fields.index(key) + 1] == label(key), resource.plural
            assert label(key) in resource.item_schema.model_fields


def check(records: list[dict], resource, lang: str) -> int:
    """Asserts each record's names; returns how many codes it checked."""
    checked = 0
    for record in records:
        for key in country_keys(resource):
            assert record[label(key)] == name(record[key], lang), (resource.plural, record)
            checked += record[key] is not None
    return checked


@pytest.mark.parametrize("lang", ["en", "ru", "uz"])
@pytest.mark.parametrize("resource", WITH_KEYS, ids=lambda r: r.plural)
def test_a_list_a_record_and_a_csv_name_every_country(client, resource, lang):
    plural, key_name = resource.plural, resource.key.key
    params = {"limit": 500, "lang": lang}
    answer = client.get(f"/v1/{plural}", params=params)
    assert answer.headers["Content-Language"] == lang
    assert "Accept-Language" in answer.headers["Vary"]
    records = answer.json()["data"]
    assert check(records, resource, lang) > 0
    for record in records:
        keys = list(record)
        for key in country_keys(resource):
            assert keys[keys.index(key) + 1] == label(key)

    keyed = next(r for r in reversed(records) if any(r[k] for k in country_keys(resource)))
    one = client.get(f"/v1/{plural}/{keyed[key_name]}", params={"lang": lang})
    assert one.headers["Content-Language"] == lang
    assert check([one.json()], resource, lang) >= 1

    text = client.get(f"/v1/{plural}", params={**params, "format": "csv"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    header = next(csv.reader(io.StringIO(text)))
    for key in country_keys(resource):
        assert header[header.index(key) + 1] == label(key)
        assert [(r[key], r[label(key)]) for r in rows] == [
            (r[key] or "", name(r[key], lang) or "") for r in records
        ]

    lines = client.get(f"/v1/{plural}", params={**params, "format": "ndjson"}).text.splitlines()
    assert check([orjson.loads(line) for line in lines], resource, lang) > 0


def test_names_in_the_chosen_language_with_the_english_fallback(client):
    kr = client.get("/v1/visits", params={"from_country": "KR", "limit": 1, "lang": "ko"})
    visit = kr.json()["data"][0]
    assert (visit["from_country"], visit["from_country_name"]) == ("KR", "대한민국")
    # pycountry has no Uzbek name for the Republic of Korea: the English one stands.
    uz = client.get(f"/v1/visits/{visit['id']}", params={"lang": "uz"}).json()
    assert uz["from_country_name"] == "Republic of Korea"
    assert uz["to_country_name"] == TRANSLATED[(uz["to_country"], "uz")]
    english = client.get(f"/v1/visits/{visit['id']}", headers={"Accept-Language": "de"}).json()
    assert english["from_country_name"] == "Republic of Korea"


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        (
            {"from_country_name": "Kazakhstan"},
            "Unknown parameter 'from_country_name'. Did you mean 'from_country__ne'?",
        ),
        (
            {"sort": "from_country_name"},
            "'sort': Unknown sort key 'from_country_name'. Did you mean 'from_country'?"
            " Example: sort=-id.",
        ),
        (
            {"facet": "from_country_name"},
            "'facet': Unknown facet 'from_country_name'. Did you mean 'from_country'?",
        ),
    ],
)
def test_names_are_shown_not_filtered_or_sorted(client, params, detail):
    answer = client.get("/v1/visits", params=params)
    assert answer.status_code == 400
    assert answer.json()["detail"] == detail
