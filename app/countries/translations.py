"""Country names in the region's languages from pycountry's ISO 3166-1 translations (the
iso-codes project's gettext catalogues). Used by `scripts/country-names`, which writes
`seeds/country_names.csv`, and by the test that checks that file against the installed
pycountry; the served app reads the seed file only, so pycountry is a test dependency."""

import csv
import gettext
from importlib.metadata import version
from pathlib import Path

import pycountry

from app.countries.languages import LANGUAGES

COLUMNS = ("id", "country_code", "lang", "name", "source")


def source() -> str:
    return f"pycountry {version('pycountry')}, ISO 3166-1 translations (iso-codes)"


def country_names(codes: list[str]) -> list[tuple[str, str, str, str, str]]:
    """(id, code, lang, name, source) for each code and language the catalogue translates; a name
    the catalogue leaves in English is no translation and gets no row."""
    rows = []
    cited = source()
    for lang in LANGUAGES:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for code in codes:
            english = pycountry.countries.get(alpha_2=code).name
            translated = catalogue.gettext(english)
            if translated != english:
                rows.append((f"{code}-{lang}", code, lang, translated, cited))
    return sorted(rows)


def write_seed(seeds: Path) -> int:
    """Rewrites `seeds/country_names.csv` for the countries of `seeds/countries.csv`."""
    with (seeds / "countries.csv").open(newline="", encoding="utf-8") as file:
        codes = [row["code"] for row in csv.DictReader(file)]
    rows = country_names(codes)
    with (seeds / "country_names.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return len(rows)
