import re

import pytest

from tests.helpers import data, issued_statements, problem, search_hits


def test_search_across_types_finds_the_same_records_on_every_database(client):
    found = set(search_hits(client, q="navoi"))
    assert found == {
        ("sources", 10),
        ("projects", 4),
        ("projects", 6),
        ("investments", 7),
        ("organisations", 6),  # Korean Air Cargo, which runs the airport
    }


def test_every_word_must_match_a_word_start(client):
    assert search_hits(client, q="moon tash") == [("visits", 12)]
    found = set(search_hits(client, q="tash"))
    assert found == {
        ("countries", "UZ"),
        ("visits", 12),
        ("visits", 20),  # Yoon's state visit of June 2024 (an external page)
        ("missions", 5),
        ("agreements", 1),
        ("projects", 12),
        ("projects", 13),
        ("projects", 15),
        ("projects", 18),
        ("projects", 20),
        # external pages: the 2024 Tashkent statement, two figures given in Tashkent, and four
        # pages by Tashkent publishers (one with the city in its URL)
        ("agreements", 15),
        ("investments", 27),
        ("investments", 44),
        ("sources", 504),
        ("sources", 546),
        ("sources", 547),
        ("sources", 548),
    }
    assert search_hits(client, q="ashkent") == []


def test_hits_carry_title_highlighted_snippet_and_link(client):
    (hit,) = data(client, "/v1/search", q="moon tashkent")
    assert hit["title"] == "Moon Jae-in (president): Republic of Korea → Uzbekistan, 2019"
    assert hit["href"] == "/v1/visits/12"
    assert "<mark>Tashkent</mark>" in hit["snippet"] and "<mark>Moon</mark>" in hit["snippet"]
    assert client.get(hit["href"]).json()["city"] == "Tashkent"


def test_snippets_escape_html(client):
    (hit,) = data(client, "/v1/search", q="grant funded", types="projects")
    assert "Korea&#x27;s" in hit["snippet"]


def test_cyrillic_words_are_searchable(client):
    assert search_hits(client, q="МОЁ село") == [("projects", 3)]


def test_types_limit_the_search(client):
    found = set(search_hits(client, q="navoi", types="projects"))
    assert found == {("projects", 4), ("projects", 6)}
    body = problem(client, "/v1/search", q="navoi", types="project")
    assert body["detail"] == (
        "'types': Unknown type 'project'. Did you mean 'projects'? Example: types=visits,projects."
    )


@pytest.mark.parametrize("q", ["!!!", "   ", "—"])
def test_a_query_without_words_is_400(client, q):
    assert problem(client, "/v1/search", q=q)["parameter"] == "q"


def test_q_filters_any_list(client):
    # with Mirziyoyev's (21) and Japarov's (22) visits to Seoul (external pages)
    rows = data(client, "/v1/visits", q="seoul", fields="id")
    assert [r["id"] for r in rows] == [13, 14, 21, 19, 22]
    rows = data(client, "/v1/projects", q="korean cultural", fields="id")
    assert [r["id"] for r in rows] == [12, 13, 17, 18]
    rows = data(client, "/v1/projects", q="korean cultural", kind="cultural_centre", city="Astana")
    assert [r["slug"] for r in rows] == ["korean-cultural-center-astana"]
    assert [r["code"] for r in data(client, "/v1/countries", q="korea")] == ["KP", "KR"]


def test_q_on_the_timeline(client):
    rows = data(client, "/v1/timeline", q="bishkek", fields="type,id")
    assert rows == [{"type": "visits", "id": 10}]


def test_searches_of_one_shape_run_one_compiled_statement_with_the_words_bound(client, engine):
    """A search's shape is its types and whether `limit` bounds it; its words, limit and
    position are values. A page that is not the whole answer also counts every hit."""
    runs = []
    for q in ("tash", "seoul", "korea"):
        with issued_statements(engine) as issued:
            body = client.get("/v1/search", params={"q": q, "types": "visits,projects", "limit": 1})
            assert body.json()["meta"]["total"] > 1
        runs.append([sql for sql in issued if "search_documents" in sql])
    assert runs[0] == runs[1] == runs[2]
    ranked, count = runs[0]
    assert "count(*)" in count and "count(*)" not in ranked
    assert not {"tash", "visits", "projects"} & set(re.findall(r"\w+", ranked + count))
