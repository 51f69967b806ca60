"""Every spelling a country filter takes (see app.query.filters.Directory)."""

from sqlalchemy import func, select, union_all

from app.countries.models import Country, CountryName
from app.query.filters import Directory


def _spellings(spelling, code):
    return select(spelling.label("key"), code.label("target"))


COUNTRY = Directory(
    keys=union_all(
        _spellings(func.lower(Country.code), Country.code),
        _spellings(func.lower(Country.alpha3), Country.code),
        _spellings(func.lower(Country.name), Country.code),
        # Names in other languages as stored too: SQLite's lower() folds ASCII letters only.
        _spellings(CountryName.name, CountryName.country_code),
        _spellings(func.lower(CountryName.name), CountryName.country_code),
    ).subquery("country_spellings"),
    what="country",
    example="a country code (UZ), an ISO alpha-3 code (UZB) or a name (Uzbekistan, Узбекистан)",
    # Two letters are an alpha-2 code (no name or alpha-3 code is that short).
    as_key=lambda value: (func.length(value) == 2, func.upper(value)),
    in_url=str.lower,
)
