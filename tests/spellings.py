"""The hints that the country and person filters' errors end with (app/*/lookup.py)."""

COUNTRY_HINT = (
    "Give a country code (UZ), an ISO alpha-3 code (UZB) or a name (Uzbekistan, Узбекистан)."
)
PERSON_HINT = "Give a person's id (moon-jae-in), name (Moon Jae-in) or another spelling (Akayev)."
