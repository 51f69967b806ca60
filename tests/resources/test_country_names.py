"""Country identifiers and names in the region's languages (issue 14, point 6)."""

import csv

import pycountry

from app.countries.translations import COLUMNS, country_names
from app.seeding import SEED_DIR


def seed_rows(name: str) -> list[dict]:
    with (SEED_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_seed_file_is_what_the_installed_pycountry_gives():
    codes = [row["code"] for row in seed_rows("countries.csv")]
    expected = [dict(zip(COLUMNS, row, strict=True)) for row in country_names(codes)]
    assert seed_rows("country_names.csv") == expected  # after an upgrade: scripts/country-names
    assert {row["source"] for row in expected} == {
        "pycountry 26.2.16, ISO 3166-1 translations (iso-codes)"
    }


def test_a_language_without_a_translation_has_no_row_rather_than_the_english_name():
    names = {
        (row["country_code"], row["lang"]): row["name"] for row in seed_rows("country_names.csv")
    }
    assert len(names) == 90  # 14 countries x 7 languages, less the 8 left untranslated
    assert ("KR", "uz") not in names  # pycountry's Uzbek catalogue keeps "Korea, Republic of"
    assert names["KZ", "ru"] == "Казахстан" and names["KZ", "kk"] == "Қазақстан"
    assert names["KR", "ko"] == "대한민국" and names["UZ", "uz"] == "Oʻzbekiston"
    assert not any(name.isascii() and lang in ("ko", "ru") for (_, lang), name in names.items())


def test_every_country_carries_its_iso_identifiers(client):
    countries = client.get("/v1/countries", params={"limit": 100}).json()["data"]
    assert len(countries) == 14
    for country in countries:  # pycountry is the oracle: the migration wrote them by hand
        iso = pycountry.countries.get(alpha_2=country["code"])
        assert (country["alpha3"], country["numeric"]) == (iso.alpha_3, iso.numeric)
    uzbekistan = next(c for c in countries if c["code"] == "UZ")
    assert (uzbekistan["alpha3"], uzbekistan["numeric"]) == ("UZB", "860")
