"""Stats and the timeline in CSV and NDJSON, by `format=` and by the Accept header, written by
the lists' own writers (issue 13, point 4)."""

import pytest

from tests.helpers import ndjson_records

STOCKS = (
    "/v1/stats/investments?group_by=country&metric=sum:amount_usd&nature=stock&as_of=2021-01-01"
)
"""Korean investment stocks as the article gives them: "over 6 billion" in Kazakhstan,
"exceeding 7 billion" in Uzbekistan (paragraphs 49 and 51), before later reports."""


def test_stats_as_csv_keep_every_group_and_its_qualifiers(client):
    answer = client.get(STOCKS + "&format=csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="stats-investments.csv"'
    assert answer.text == (
        "country,count,sum_amount_usd,summed_records,qualifiers,sum_is_exact\n"
        'KZ,1,6000000000,1,"{""more_than"":1}",false\n'
        'UZ,1,7000000000,1,"{""more_than"":1}",false\n'
    )


def test_stats_as_ndjson_are_the_json_groups_one_per_line(client):
    answer = client.get(STOCKS + "&format=ndjson")
    assert answer.headers["content-type"] == "application/x-ndjson"
    lines = ndjson_records(answer)
    assert lines == client.get(STOCKS).json()["data"]
    assert [(r["country"], r["sum_amount_usd"], r["sum_is_exact"]) for r in lines] == [
        ("KZ", 6_000_000_000, False),
        ("UZ", 7_000_000_000, False),
    ]


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [("text/csv", "text/csv; charset=utf-8"), ("application/x-ndjson", "application/x-ndjson")],
)
def test_stats_follow_the_accept_header(client, accept, content_type):
    answer = client.get("/v1/stats/visits?group_by=country", headers={"Accept": accept})
    assert answer.headers["content-type"] == content_type
    if accept == "text/csv":  # visits per republic (Yoon's June 2024 trips add TM, KZ and UZ;
        # Japarov's and Mirziyoyev's trips to Seoul KG and UZ)
        assert answer.text == "country,count\nKG,4\nKZ,8\nTJ,3\nTM,3\nUZ,4\n"
    else:
        assert answer.text.splitlines()[1] == '{"country":"KZ","count":8}'


def test_stats_with_no_group_write_the_header_alone(client):
    answer = client.get("/v1/stats/visits?group_by=country,office&year_from=2099&format=csv")
    assert answer.text == "country,office,count\n"
    assert client.get("/v1/stats/visits?group_by=country&year_from=2099&format=ndjson").text == ""


def test_a_bad_format_is_a_problem(client):
    answer = client.get("/v1/stats/visits?group_by=country&format=xml")
    assert answer.status_code == 400
    assert answer.json()["parameter"] == "format"


def test_the_timeline_in_each_format(client):
    url = "/v1/timeline?country=kg&types=visits"
    csv = client.get(url + "&format=csv")
    assert csv.headers["content-disposition"] == 'attachment; filename="timeline.csv"'
    lines = csv.text.splitlines()
    assert lines[0] == (
        "type,id,year,title,from_country,from_country_name,to_country,to_country_name,href"
    )
    assert [line.split(",")[:3] for line in lines[1:]] == [
        ["visits", "8", "1997"],
        ["visits", "9", "2010"],
        ["visits", "10", "2019"],
        ["visits", "22", "2024"],  # Japarov in Seoul (an external page)
    ]
    ndjson = client.get(url, headers={"Accept": "application/x-ndjson"})
    records = ndjson_records(ndjson)
    assert records == client.get(url).json()["data"]
    assert [(r["year"], r["href"]) for r in records] == [
        (1997, "/v1/visits/8"),
        (2010, "/v1/visits/9"),
        (2019, "/v1/visits/10"),
        (2024, "/v1/visits/22"),
    ]
