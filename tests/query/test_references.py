"""One rule (app/query/references.py `proven_by_a_match`) for lists and stats alike: a filter
value naming no record is a 400 whatever the rows, and a matching row spares the lookup only
where it proves the record exists (a single-valued equality)."""

import pytest

from tests.helpers import issued_statements

NE_ZZ = (
    "'to_country__ne': no countries record has code 'ZZ'. Example: to_country__ne=UZ.",
    "to_country__ne",
)


@pytest.mark.parametrize(
    "url",
    [
        "/v1/visits?to_country__ne=ZZ",
        "/v1/visits?to_country__ne=ZZ&limit=1",  # a full page proves nothing for `__ne`
        "/v1/visits?to_country__ne=ZZ&format=ndjson",
        "/v1/stats/visits?group_by=country&to_country__ne=ZZ",
        "/v1/stats/visits?group_by=country&to_country__ne=ZZ&format=csv",
    ],
)
def test_a_comparison_with_a_value_naming_no_record_is_a_400(client, url):
    answer = client.get(url)
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    assert (answer.json()["detail"], answer.json()["parameter"]) == NE_ZZ


@pytest.mark.parametrize(
    ("query", "lookups"),
    [
        ("to_country=KR", 0),  # a matching row proves KR exists
        ("to_country__eq=KR", 0),
        ("to_country__ne=KR", 1),
        ("to_country__in=KR,KZ", 2),  # one lookup per value
    ],
)
@pytest.mark.parametrize(
    "path", ["/v1/visits?limit=1&count=none&", "/v1/stats/visits?group_by=country&"]
)
def test_lists_and_stats_look_up_what_a_row_does_not_prove(engine, client, path, query, lookups):
    client.get(path + query)  # compiles the plans
    with issued_statements(engine) as issued:
        answer = client.get(path + query)
    assert answer.status_code == 200, answer.text
    found = [sql for sql in issued if sql.startswith("SELECT countries.code")]
    assert len(found) == lookups, issued
