"""Display names in the region's languages: which languages the dataset has names in, and
a country's name in one of them (app/http.py reads which one a request asks for).

English is the article's language and every record's own `name`; for the other languages a
country's name comes from `country_names` where the dataset has it (pycountry's ISO 3166
translations) and falls back to the English name where it has none. People's names stay as
the article spells them in every language: the dataset holds no cited translation of them,
only other Latin spellings (aliases), which are not a language.
"""

from sqlalchemy import func, select

from app.countries.models import Country, CountryName

ENGLISH = "en"
LANGUAGES = ("ko", "ru", "kk", "ky", "tg", "tk", "uz")
"""Korean, Russian and the state language of each republic (the names' seed file holds these)."""
SUPPORTED = (ENGLISH, *LANGUAGES)


def country_name_in(lang: str):
    """The country's name in `lang`, the English one where the dataset has none."""
    if lang == ENGLISH:
        return Country.name
    # Correlated to the enclosing query's `countries`, however deeply nested: an NDJSON
    # export's LATERAL record object has no FROM of its own to auto-correlate with.
    translated = (
        select(CountryName.name)
        .where(CountryName.country_code == Country.code, CountryName.lang == lang)
        .correlate_except(CountryName)
        .scalar_subquery()
    )
    return func.coalesce(translated, Country.name)


def name_of_country(code, lang: str | None):
    """The name, in `lang` (English when None), of the country whose code `code` holds: the
    label another record shows beside its country key. Aliased tables, so a statement that
    joins `countries` itself does not correlate with them."""
    named = Country.__table__.alias("named_country")
    # Correlated to whatever outer query holds `code`, however deeply nested (an export's
    # LATERAL record object): never pulled into this subquery's own FROM.
    english = (
        select(named.c.name).where(named.c.code == code).correlate_except(named).scalar_subquery()
    )
    if lang in (None, ENGLISH):
        return english
    # One lookup joining the translation (one a language: unique), not two subqueries in a
    # coalesce, so a CSV export can quote its value inside it (app/export/csv_writer.py).
    names = CountryName.__table__.alias("translated_country")
    return (
        select(func.coalesce(names.c.name, named.c.name))
        .select_from(
            named.outerjoin(names, (names.c.country_code == named.c.code) & (names.c.lang == lang))
        )
        .where(named.c.code == code)
        .correlate_except(named, names)
        .scalar_subquery()
    )
