"""Facts from pages beyond the article (issue 16): every citation traceable, every description
in the dataset's own words, and planned events served as of the day each report was read."""

import re

import pytest

from app.registry import REGISTRY
from tests.helpers import data, every_record, problem

CITED = [resource.plural for resource, _ in REGISTRY.by_plural["sources"].referrers]
REPORTED = [r.plural for r in REGISTRY.resources if "as_of" in r.table.c]
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def sources(client) -> dict[int, dict]:
    return {row["id"]: row for row in every_record(client, "sources")}


@pytest.fixture(scope="module")
def external_records(client) -> list[tuple[str, dict]]:
    return [
        (resource, row)
        for resource in CITED
        for row in every_record(client, resource)
        if row["citation"]["source"]["origin"] == "external"
    ]


@pytest.fixture(scope="module")
def further_sources(client) -> dict[tuple[str, int], list[dict]]:
    """Each record's further sources (`also_cited`), article records included."""
    found = {}
    for resource in CITED:
        for row in every_record(client, resource):
            answer = client.get(f"/v1/{resource}/{row['id']}").json()
            if "also_cited" in answer:
                found[resource, row["id"]] = answer["also_cited"]
    return found


def assert_traceable(source: dict) -> None:
    assert source["origin"] == "external", source
    assert source["url"].startswith(("http://", "https://")), source
    assert source["publisher"], source
    assert source["published"] == "not shown" or DAY.match(source["published"]), source
    assert DAY.match(source["read_on"]), source


UNDATED = {
    ("forum_sessions", 3),  # the tenth session: a year the page implies, no day
    ("forum_sessions", 18),  # the sixth session: July 2012, no day
    ("indicators", 14),  # a review written before the June 2024 visit, with no date
}
"""External records whose page shows no date and reports no day either: no `as_of`."""


def test_every_external_citation_has_url_publisher_date_and_locator(
    sources, external_records, further_sources
):
    assert len(external_records) == 98
    for resource, row in external_records:
        assert row["citation"]["paragraph"] is None and row["citation"]["locator"], row
        source = sources[row["citation"]["source"]["id"]]
        assert_traceable(source)
        # Every external record kind is a report: dated as of its page's publication day, or,
        # where the page shows none, the day in its address or of the event it reports.
        assert resource in REPORTED, resource
        if (resource, row["id"]) in UNDATED:
            assert row["as_of"] is None and source["published"] == "not shown", row
        else:
            assert DAY.match(row["as_of"]), row
            assert source["published"] in (row["as_of"], "not shown"), row
        # a planned event also carries its status (a money figure, an agreement have their own)
        assert row.get("status", "no status kept") is not None, row
    for key, further_list in further_sources.items():
        for further in further_list:
            assert further["locator"], key
            assert_traceable(sources[further["source_id"]])
    # A second outlet may back an article record too: Kazinform on the 2021 Kazakh agreements.
    assert [f["source_id"] for f in further_sources["agreements", 2]] == [526]
    assert len(further_sources) == 47


def test_every_external_source_is_cited(sources, external_records, further_sources):
    cited = {row["citation"]["source"]["id"] for _, row in external_records}
    cited |= {f["source_id"] for further in further_sources.values() for f in further}
    external = {id_ for id_, source in sources.items() if source["origin"] == "external"}
    # 520 and 521 were pages main already held (28 and 27), so they kept those ids.
    assert (
        cited
        == external
        == (set(range(22, 50)) | set(range(500, 560)) - {520, 521} | set(range(600, 620)))
    )


def runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}


def test_no_external_description_repeats_eight_words_of_another_record_or_the_article(
    client, article_paragraphs, external_records
):
    article = set().union(*(runs(paragraph) for paragraph in article_paragraphs))
    described = [
        ((resource, row["id"]), runs(row["description"] or ""))
        for resource in CITED
        for row in every_record(client, resource)
    ]
    for resource, row in external_records:
        own = runs(row["description"] or "")
        assert own, (resource, row["id"])  # every external fact is described
        assert not own & article, (resource, row["id"], own & article)
        for key, other in described:
            if key != (resource, row["id"]):
                assert not own & other, (resource, row["id"], key, own & other)


SUMMIT = {"organisation_id": 9, "number": 1, "level": "heads_of_state"}


def summit_report(id_, year, city, status, as_of, supersedes, description, locator, source):
    return {
        "id": id_,
        **SUMMIT,
        "year": year,
        "city": city,
        "status": status,
        "as_of": as_of,
        "supersedes_id": supersedes,
        "description": description,
        "citation": {"paragraph": None, "section": None, "locator": locator, "source": source},
    }


def test_the_first_summit_as_known_today(client):
    body = client.get("/v1/forum_sessions", params={"organisation": 9}).json()
    assert body["data"] == [
        summit_report(
            16,
            2026,
            "Seoul",
            "scheduled",
            "2026-02-17",
            15,
            "Two days later a Kyrgyz outlet called the 16–17 September dates official and said "
            "the five leaders were expected in the Korean capital.",
            "paras 1-2",
            {
                "id": 615,
                "footnote": None,
                "title": "Стало известно, когда пройдет первый саммит "
                "«Южная Корея — Центральная Азия»",
                "url": "https://24.kg/obschestvo/"
                "362412_stalo_izvestno_kogda_proydet_pervyiy_sammit_yujnaya_koreya_tsentralnaya_aziya/",
                "origin": "external",
            },
        )
    ]
    assert body["meta"] == {"total": 1, "limit": 50, "returned": 1}


def test_the_first_summit_as_known_at_the_end_of_2024(client):
    body = client.get("/v1/forum_sessions", params={"organisation": 9, "as_of": "2024-12-31"})
    assert body.json()["data"] == [
        summit_report(
            11,
            2025,
            "Seoul",
            "announced",
            "2024-11-04",
            10,
            "At the seventeenth forum session the foreign ministers worked on the agenda of "
            "the coming first summit, still planned for 2025.",
            "paras 3-4",
            {
                "id": 30,
                "footnote": None,
                "title": "South Korea and Central Asia set stage for first summit",
                "url": "http://khview.heraldm.com/view.php?ud=20241104050626",
                "origin": "external",
            },
        )
    ]


@pytest.mark.parametrize(
    ("as_of", "shown"),
    [
        ("2024-06-06", []),
        ("2024-06-07", [(9, 2025, "announced")]),
        ("2024-06-12", [(10, 2025, "announced")]),
        ("2025-06-29", [(11, 2025, "announced")]),
        ("2025-06-30", [(12, 2026, "postponed")]),
        ("2025-09-01", [(14, 2026, "announced")]),
        ("2026-02-16", [(15, 2026, "scheduled")]),
        ("2026-11-30", [(16, 2026, "scheduled")]),
    ],
)
def test_each_day_shows_the_latest_report_read_by_then(client, as_of, shown):
    params = {"organisation": 9, "as_of": as_of, "fields": "id,year,status"}
    data = client.get("/v1/forum_sessions", params=params).json()["data"]
    assert [(row["id"], row["year"], row["status"]) for row in data] == shown


def test_the_whole_history_stays_stored(client):
    params = {"organisation": 9, "as_of": "all", "fields": "id,status,as_of,supersedes_id"}
    data = client.get("/v1/forum_sessions", params=params).json()["data"]
    assert [tuple(row.values()) for row in data] == [
        (9, "announced", "2024-06-07", None),
        (10, "announced", "2024-06-12", 9),
        (11, "announced", "2024-11-04", 10),
        (12, "postponed", "2025-06-30", 11),
        (13, "announced", "2025-08-29", 12),
        (14, "announced", "2025-09-01", 13),
        (15, "scheduled", "2026-02-12", 14),
        (16, "scheduled", "2026-02-17", 15),
    ]


def test_a_superseded_report_is_still_served_by_id_with_its_second_outlets(client):
    record = client.get("/v1/forum_sessions/12").json()
    assert (record["status"], record["year"], record["supersedes_id"]) == ("postponed", 2026, 11)
    assert [(c["source_id"], c["publisher"], c["locator"]) for c in record["also_cited"]] == [
        (34, "The Caspian Post", "paras 1-3"),
        (35, "Kazinform (Qazinform)", "paras 1-2"),
    ]


def test_stats_count_the_latest_reports_unless_asked_for_a_day(client):
    def counts(**params):
        body = client.get("/v1/stats/forum_sessions", params={"group_by": "organisation", **params})
        return {row["organisation"]: row["count"] for row in body.json()["data"]}

    assert counts() == {7: 16, 9: 1}
    # The 16th session was only scheduled then (the 4th only planned); the 17th, the 18th's plan
    # and the summit were not yet reported. Sessions read from undated pages count on every day.
    assert counts(as_of="2023-10-31") == {7: 14}


def test_the_cooperation_forum_session_by_session(client):
    params = {"organisation": 7, "fields": "number,year,city,level,status", "limit": 100}
    data = client.get("/v1/forum_sessions", params=params).json()["data"]
    assert sorted((tuple(row.values()) for row in data), key=lambda row: row[0]) == [
        (1, 2007, "Seoul", None, "held"),
        (3, 2009, "Seoul", "vice_ministerial", "held"),
        (4, 2010, None, None, "announced"),
        (6, 2012, "Seoul", "ministerial", "held"),
        (7, 2013, "Bishkek", "vice_ministerial", "held"),
        (8, 2014, "Seoul", "vice_ministerial", "held"),
        (9, 2015, "Seoul", "vice_ministerial", "held"),
        (10, 2016, "Seoul", None, "held"),
        (11, 2018, "Seoul", "vice_ministerial", "held"),
        (12, 2019, "Nur-Sultan", "ministerial", "held"),
        (13, None, None, None, None),
        (14, 2021, "Dushanbe", "ministerial", "held"),
        (15, 2022, "Busan", "ministerial", "held"),
        (16, 2023, "Ashgabat", "ministerial", "held"),
        (17, 2024, "Seoul", "ministerial", "held"),
        (18, 2026, None, None, "announced"),
    ]


def test_the_eighth_session_cites_the_notice_that_named_another_city(client):
    record = client.get("/v1/forum_sessions/20").json()
    assert (record["number"], record["year"], record["city"], record["as_of"]) == (
        8,
        2014,
        "Seoul",
        "2014-04-22",  # the page shows no date: the day the session met
    )
    assert "Jeju" in record["description"]
    assert [(c["source_id"], c["publisher"], c["locator"]) for c in record["also_cited"]] == [
        (606, "Newswire (Ministry of Foreign Affairs release)", "paras 1-2"),
        (607, "Aju Business Daily", "paras 1-2"),
    ]


def test_the_eighteenth_session_is_a_plan_known_from_the_seventeenth(client):
    def eighteenth(as_of):
        params = {"organisation": 7, "number": 18, "as_of": as_of, "fields": "id,status"}
        return client.get("/v1/forum_sessions", params=params).json()["data"]

    assert eighteenth("2024-11-03") == []
    assert eighteenth("2024-11-04") == [{"id": 24, "status": "announced"}]


def test_the_june_2024_state_visits(client):
    params = {
        "year": 2024,
        "from_country": "KR",
        "fields": "from_country,to_country,city,person_name,status,as_of",
    }
    data = client.get("/v1/visits", params=params).json()["data"]
    assert sorted(tuple(row.values()) for row in data) == [
        ("KR", "KZ", "Astana", "held", "2024-06-12", "Yoon Suk Yeol"),
        ("KR", "TM", "Ashgabat", "held", "2024-06-11", "Yoon Suk Yeol"),
        ("KR", "UZ", "Tashkent", "held", "2024-06-14", "Yoon Suk Yeol"),
    ]


def test_k_silk_road_is_served_with_its_date_and_second_sources(client):
    (row,) = client.get("/v1/initiatives", params={"slug": "k-silk-road"}).json()["data"]
    assert (row["date_start"], row["status"], row["as_of"], row["person_name"]) == (
        "2024-06-07",
        "announced",
        "2024-06-07",
        "Yoon Suk Yeol",
    )
    record = client.get(f"/v1/initiatives/{row['id']}").json()
    assert [c["source_id"] for c in record["also_cited"]] == [25, 29]


def test_meta_counts_article_and_external_records(client):
    by_origin = client.get("/v1/meta").json()["records_by_origin"]
    assert by_origin["forum_sessions"] == {"article": 1, "external": 24}
    assert by_origin["visits"] == {"article": 17, "external": 5}
    assert by_origin["investments"] == {"article": 13, "external": 38}
    assert by_origin["agreements"] == {"article": 3, "external": 17}
    assert by_origin["indicators"] == {"article": 10, "external": 11}
    assert by_origin["diaspora"] == {"article": 7, "external": 1}
    assert by_origin["initiatives"] == {"article": 38, "external": 1}
    assert by_origin["organisations"] == {"article": 8, "external": 1}
    assert by_origin["summits"] == {"article": 5, "external": 0}


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-01", "yesterday", "20241231", ""])
@pytest.mark.parametrize("resource", REPORTED)
def test_a_bad_as_of_is_a_400_naming_it(client, resource, value):
    answer = problem(client, f"/v1/{resource}", as_of=value)
    assert answer["parameter"] == "as_of"


def test_as_of_is_offered_only_where_rows_are_reports(client):
    # every record kind that holds facts from external pages
    assert sorted(REPORTED) == [
        "agreements",
        "diaspora",
        "forum_sessions",
        "indicators",
        "initiatives",
        "investments",
        "organisations",
        "visits",
    ]
    answer = problem(client, "/v1/summits", as_of="2024-12-31")
    assert answer["parameter"] == "as_of"


def test_the_uzbek_and_kyrgyz_presidents_in_seoul(client):
    params = {"to_country": "KR", "year_from": 2021, "fields": "id,person_name,year,status,as_of"}
    data = client.get("/v1/visits", params=params).json()["data"]
    shown = [(r["id"], r["person_name"], r["year"], r["status"], r["as_of"]) for r in data]
    assert shown == [
        (3, "K. Zh. Tokayev", 2021, None, None),  # the article's
        (21, "Shavkat Mirziyoyev", 2021, "held", "2021-12-16"),
        (22, "Sadyr Japarov", 2024, "held", "2024-12-03"),
    ]
    record = client.get("/v1/visits/22").json()
    assert [(c["source_id"], c["publisher"]) for c in record["also_cited"]] == [(501, "24.kg")]


def test_agreements_and_indicators_are_served_as_of_their_reports(client):
    # Before Yoon's talks in Ashgabat and Astana none of their documents was reported; two days
    # on, the Turkmen package, statement and running total (11 June) and the two Astana counts
    # (12 June) were.
    def agreements(as_of):
        params = {"year": 2024, "as_of": as_of, "fields": "id,as_of"}
        return [tuple(r.values()) for r in data(client, "/v1/agreements", **params)]

    assert agreements("2024-06-09") == []
    assert agreements("2024-06-12") == [
        (9, "2024-06-11"),
        (10, "2024-06-11"),
        (11, "2024-06-11"),
        (12, "2024-06-12"),
        (13, "2024-06-12"),
    ]
    # Korea's ranks in Kazakhstan: the article's (undated) and Kazinform's undated review show
    # on every day; the 2024 ranks from 12 June, the foreign ministry's 2023 ranks from August.
    params = {"partner_country": "KZ", "fields": "id,value,as_of"}
    ranks = data(client, "/v1/indicators", **params, as_of="2024-06-12")
    assert [tuple(r.values()) for r in ranks] == [
        (2, 3, None),
        (5, 10, None),
        (12, 5, "2024-06-12"),
        (13, 10, "2024-06-12"),
        (14, 6, None),
    ]
    assert [r["id"] for r in data(client, "/v1/indicators", **params)] == [2, 5, 10, 11, 12, 13, 14]
    record = client.get("/v1/diaspora/8").json()
    assert (record["population"], record["as_of"]) == (320_000, "2007-11-15")


def test_no_agreement_is_reported_before_the_day_it_was_made(client, sources):
    # A page dated before the signing it reports carries a wrong date. KBS's story of the
    # Friday summit in Seoul shows 13 December 2021, a Monday before Mirziyoyev even arrived, so
    # its date counts as not shown and the statement is dated from the summit (17 December).
    for row in every_record(client, "agreements"):
        if row["as_of"] is not None and row["date_precision"] == "day":
            assert row["as_of"] >= row["date_start"], row
            published = sources[row["citation"]["source"]["id"]]["published"]
            assert published == "not shown" or published >= row["date_start"], row
    statement = client.get("/v1/agreements/5").json()
    assert (statement["date_start"], statement["as_of"]) == ("2021-12-17", "2021-12-17")
    assert sources[505]["published"] == "not shown"
