import csv
import shutil

import pytest
from sqlalchemy import func, insert, select

from app import seeding
from app.cli import main
from app.config import get_settings
from app.countries.models import Country
from app.curation.models import Change
from app.curation.tokens import create_token
from app.db import make_engine
from app.seeding import SEED_DIR, SEED_TABLES, SeedError, read_seeds, seed
from app.sources.models import Source
from tests.clients import OneHopClient
from tests.conftest import app_for, migrate

ARTICLE_ROWS = {
    "paragraphs": 74,
    "sources": 22,
    "countries": 14,
    "people": 17,
    "projects": 23,
    "visits": 17,
    "summits": 5,
    "investments": 13,
    "missions": 12,
    "diaspora": 7,
    "initiatives": 38,
    "agreements": 3,
    "relations": 10,
    "terms": 11,
    "person_facts": 13,
    "country_names": 90,
    "person_aliases": 6,
}
"""Rows of the tables the article fills."""
EXTERNAL_ROWS = {
    "sources": 106,
    "people": 3,
    "visits": 5,
    "investments": 38,
    "diaspora": 1,
    "initiatives": 1,
    "agreements": 17,
}
"""Rows added to those tables from pages beyond the article (issue 16)."""


def file_rows(spec) -> int:
    with (SEED_DIR / spec.file_name).open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


# Every seeded table: the article's counts, and a resource added since by its seed file.
EXPECTED_ROWS = {
    spec.table.name: ARTICLE_ROWS[spec.table.name] + EXTERNAL_ROWS.get(spec.table.name, 0)
    if spec.table.name in ARTICLE_ROWS
    else file_rows(spec)
    for spec in SEED_TABLES
}


def test_every_table_the_article_fills_is_seeded():
    assert set(ARTICLE_ROWS) <= set(EXPECTED_ROWS)


def counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            spec.table.name: connection.execute(
                select(func.count()).select_from(spec.table)
            ).scalar_one()
            for spec in SEED_TABLES
        }


@pytest.fixture
def empty_engine(fresh_database_url):
    migrate(fresh_database_url)
    engine = make_engine(fresh_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def seed_copy(tmp_path):
    directory = tmp_path / "seeds"
    shutil.copytree(SEED_DIR, directory)
    return directory


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_seeding_twice_changes_nothing_the_second_time(empty_engine):
    first = seed(empty_engine)
    assert first.inserted == EXPECTED_ROWS
    assert counts(empty_engine) == EXPECTED_ROWS
    second = seed(empty_engine)
    assert second.changed == 0
    assert second.unchanged == EXPECTED_ROWS
    assert counts(empty_engine) == EXPECTED_ROWS


def test_reseeding_restores_an_edited_row_under_the_same_id(empty_engine, seed_copy):
    seed(empty_engine)
    edit(seed_copy / "summits.csv", "1,UZ,16,", "1,UZ,17,")
    assert seed(empty_engine, seed_copy).updated["summits"] == 1
    report = seed(empty_engine)
    assert report.updated == {**{name: 0 for name in EXPECTED_ROWS}, "summits": 1}
    with empty_engine.connect() as connection:
        from app.summits.models import Summit

        assert connection.execute(select(Summit.count).where(Summit.id == 1)).scalar() == 16


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("visits.csv", ",KZ,KR,1995,", ",KZ,KR,19x5,", "visits.csv, line 2, field 'year'"),
        (
            "visits.csv",
            ",KZ,KR,1995,",
            ",KZ,XX,1995,",
            "visits.csv, line 2, field 'to_country': no countries row has code 'XX'",
        ),
        (
            "projects.csv",
            "aid_programme,development_aid",
            "aid_programme,magic",
            "projects.csv, line 2, field 'sector'",
        ),
        (
            "diaspora.csv",
            "6,central_asia,,",
            "6,central_asia,UZ,",
            "diaspora.csv, line 7, field 'row'",
        ),
        ("summits.csv", "2,KZ,14,", "1,KZ,14,", "summits.csv, line 3, field 'id': (1,) repeats"),
        (
            "projects.csv",
            ",KOICA,1995,2018,",
            ",KOICA,2018,1995,",
            "projects.csv, line 2, field 'year_to': 1995 is before year_from (2018)",
        ),
        (
            "projects.csv",
            "2021-09-24,2021-10-05,day",
            "2021-09-24,2021-10-05,month",
            "projects.csv, line 20, field 'row': a date known to the month or year starts on "
            "its first day",
        ),
        (
            "projects.csv",
            "2021-09-24,2021-10-05,day",
            "2021-10-24,2021-10-05,day",
            "projects.csv, line 20, field 'row': date_end needs an earlier date_start",
        ),
        (
            "missions.csv",
            ",2021-08-01,,month",
            ",2021-02-30,,day",
            "missions.csv, line 13, field 'date_start': 2021-02-30 is not a calendar date",
        ),
        (
            "projects.csv",
            ",94320000,exact,29,",
            ",94320000,,29,",
            "projects.csv, line 2, field 'row': value_usd and value_qualifier are given together",
        ),
        (
            "visits.csv",
            ",KZ,KR,1995,",
            ",KZ,KZ,1995,",
            "visits.csv, line 2, field 'to_country': is the same country as from_country",
        ),
        ("countries.csv", "code,name,", "code,nom,", "countries.csv, line 1: columns do not match"),
        (
            "investments.csv",
            ",exact,94.32 million USD,USD,,1995,2018,",
            ",exact,94.32 million USD,USD,,1995,2018,3,4,",
            "investments.csv, line 2: more cells than columns",
        ),
    ],
)
def test_a_broken_seed_file_is_rejected_naming_file_line_and_field(
    empty_engine, seed_copy, file, old, new, message
):
    edit(seed_copy / file, old, new)
    with pytest.raises(SeedError) as raised:
        seed(empty_engine, seed_copy)
    assert any(problem.startswith(message) for problem in raised.value.problems), (
        raised.value.problems
    )
    assert counts(empty_engine) == dict.fromkeys(EXPECTED_ROWS, 0)


def test_a_row_the_database_refuses_rolls_back_every_table(empty_engine):
    # The seed files pass every check, but a country already in the database holds the name
    # Uzbekistan: the unique name refuses the seeded one after paragraphs and sources were
    # already written.
    with empty_engine.begin() as connection:
        connection.execute(
            insert(Country).values(
                code="XX", name="Uzbekistan", region="Central Asia", central_asia=True
            )
        )
    with pytest.raises(SeedError) as raised:
        seed(empty_engine)
    assert raised.value.problems[0].startswith("the database refused the seed data")
    assert counts(empty_engine) == {**dict.fromkeys(EXPECTED_ROWS, 0), "countries": 1}


def test_a_broken_file_leaves_a_seeded_database_as_it_was(empty_engine, seed_copy):
    seed(empty_engine)
    edit(seed_copy / "summits.csv", "1,UZ,16,", "1,UZ,17,")
    edit(seed_copy / "visits.csv", ",KZ,KR,1995,", ",KZ,KR,1895x,")
    with pytest.raises(SeedError):
        seed(empty_engine, seed_copy)
    assert seed(empty_engine).changed == 0


def test_the_shipped_seed_files_are_valid():
    rows = read_seeds()
    assert {spec.table.name: len(rows[spec]) for spec in SEED_TABLES} == EXPECTED_ROWS


def changes_logged(engine) -> list[tuple]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                select(Change.token, Change.resource, Change.record_key, Change.operation).order_by(
                    Change.id
                )
            )
        ]


def test_every_row_seeding_writes_is_in_the_change_log(empty_engine, seed_copy):
    first = seed(empty_engine)
    logged = changes_logged(empty_engine)
    assert len(logged) == sum(EXPECTED_ROWS.values())
    assert {(token, operation) for token, _, _, operation in logged} == {("seed", "create")}
    assert logged[0] == ("seed", "countries", "BY", "create")  # in foreign-key order

    edit(seed_copy / "summits.csv", "1,UZ,16,", "1,UZ,17,")
    report = seed(empty_engine, seed_copy)
    with OneHopClient(app_for(empty_engine)) as client:
        meta = client.get("/v1/meta").json()
        (change,) = client.get(
            "/v1/changes", params={"id__gt": len(logged), "resource": "summits"}
        ).json()["data"]
    assert report.version == meta["version"] == first.version + 1
    assert (change["token"], change["operation"], change["record_key"]) == ("seed", "update", "1")
    assert (change["before"]["count"], change["after"]["count"], change["version"]) == (
        16,
        17,
        report.version,
    )
    # seeding the same files again changes nothing and logs nothing
    again = seed(empty_engine, seed_copy)
    assert (again.changed, again.version) == (0, None)
    assert len(changes_logged(empty_engine)) == len(logged) + 1


def test_seeding_reports_rows_the_files_no_longer_hold_and_deletes_them_only_when_pruning(
    empty_engine, seed_copy, monkeypatch
):
    monkeypatch.setattr(seeding, "PRUNE_BATCH", 1)
    seed(empty_engine)
    edit(seed_copy / "people.csv", "berdimuhamedov,G. Berdimuhamedov,TM\n", "")
    aliases = (seed_copy / "person_aliases.csv").read_text(encoding="utf-8").splitlines(True)
    for line in aliases:
        if ",berdimuhamedov," in line:
            edit(seed_copy / "person_aliases.csv", line, "")
    edit(
        seed_copy / "diaspora.csv",
        "6,central_asia,,300000,more_than,0,53,,"
        "Koryo-saram across the five republics together.,,\n",
        "",
    )
    edit(
        seed_copy / "visits.csv",
        "16,berdimuhamedov,president,TM,KR,2008,,0,11,,Turkmen president's trip to Korea.,,,\n",
        "",
    )
    edit(
        seed_copy / "diaspora.csv",
        '7,worldwide,,8000000,about,0,55,,"Koreans living outside Korea, worldwide.",,\n',
        "",
    )
    logged = len(changes_logged(empty_engine))

    kept = seed(empty_engine, seed_copy)
    missing = {table: keys for table, keys in kept.missing.items() if keys}
    assert missing == {
        "people": ["berdimuhamedov"],
        "person_aliases": ["berdimuhamedow", "berdymukhamedov"],
        "visits": [16],
        "diaspora": [6, 7],
    }
    assert (kept.changed, kept.version) == (0, None)
    assert counts(empty_engine) == EXPECTED_ROWS
    assert len(changes_logged(empty_engine)) == logged

    with OneHopClient(app_for(empty_engine)) as client:
        hits = client.get("/v1/search", params={"q": "berdimuhamedov"}).json()["data"]
        assert ("visits", 16) in [(hit["type"], hit["id"]) for hit in hits]
    pruned = seed(empty_engine, seed_copy, prune=True)
    deleted = {table: n for table, n in pruned.deleted.items() if n}
    assert deleted == {"people": 1, "person_aliases": 2, "visits": 1, "diaspora": 2}
    assert counts(empty_engine) == {
        **EXPECTED_ROWS,
        "people": 19,
        "person_aliases": 4,
        "visits": 21,
        "diaspora": 6,
    }
    assert changes_logged(empty_engine)[logged:] == [
        ("seed", "person_aliases", "berdimuhamedow", "delete"),  # before their person
        ("seed", "person_aliases", "berdymukhamedov", "delete"),
        ("seed", "visits", "16", "delete"),  # before the person it references
        ("seed", "diaspora", "6", "delete"),
        ("seed", "diaspora", "7", "delete"),
        ("seed", "people", "berdimuhamedov", "delete"),
    ]
    with OneHopClient(app_for(empty_engine)) as client:
        assert client.get("/v1/visits/16").status_code == 404
        hits = client.get("/v1/search", params={"q": "berdimuhamedov"}).json()["data"]
        assert ("visits", 16) not in [(hit["type"], hit["id"]) for hit in hits]
    assert seed(empty_engine, seed_copy, prune=True).changed == 0


def test_a_prune_the_database_refuses_deletes_nothing(empty_engine, seed_copy):
    seed(empty_engine)
    with empty_engine.begin() as connection:
        connection.execute(insert(Source).values(title="Curated", url="https://example.org/c"))
    # The only way a kept row can reference a pruned one is a file row citing it, which
    # read_seeds refuses before anything is written.
    edit(seed_copy / "visits.csv", ",0,11,,Turkmen president's", ",50,11,,Turkmen president's")
    with pytest.raises(SeedError):
        seed(empty_engine, seed_copy, prune=True)
    assert counts(empty_engine) == {**EXPECTED_ROWS, "sources": 129}


def test_the_seed_command_lists_what_it_kept_or_pruned(
    empty_engine, seed_copy, monkeypatch, capsys
):
    seed(empty_engine)
    edit(
        seed_copy / "diaspora.csv",
        '7,worldwide,,8000000,about,0,55,,"Koreans living outside Korea, worldwide.",,\n',
        "",
    )
    monkeypatch.setenv("DATABASE_URL", empty_engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        assert main(["seed", "--dir", str(seed_copy)]) == 0
        kept = capsys.readouterr().out
        assert main(["seed", "--dir", str(seed_copy), "--prune"]) == 0
        pruned = capsys.readouterr().out
    finally:
        monkeypatch.delenv("DATABASE_URL")
        get_settings.cache_clear()
    assert "diaspora     inserted   0  updated   0  unchanged   7  deleted   0\n" in kept
    assert kept.endswith("kept, not in the seed files (--prune deletes them):\n  diaspora: 7\n")
    assert "diaspora     inserted   0  updated   0  unchanged   7  deleted   1\n" in pruned
    assert pruned.endswith("deleted, not in the seed files:\n  diaspora: 7\n")


def test_seeding_never_hands_out_an_id_again(empty_engine, seed_copy):
    # A re-seed moved the PostgreSQL sequences back to the largest id in the files, and SQLite
    # numbers max(id) + 1: either way a deleted record's id came back.
    seed(empty_engine)
    with empty_engine.begin() as connection:
        token = create_token(connection, "curator")
    auth = {"Authorization": f"Bearer {token}"}
    body = {
        "country_code": "CN",
        "count": 2,
        "since_year": 1992,
        "source_id": 1,
        "paragraph": 8,
    }
    with OneHopClient(app_for(empty_engine)) as client:
        assert client.post("/v1/summits", json=body, headers=auth).json()["id"] == 6
        tag = client.get("/v1/summits/6").headers["etag"]
        assert client.delete("/v1/summits/6", headers={**auth, "If-Match": tag}).status_code == 204
        seed(empty_engine)
        assert client.post("/v1/summits", json=body, headers=auth).json()["id"] == 7
        # ids the files bring move the numbering past them
        edit(seed_copy / "summits.csv", "\n2,KZ,14,", "\n40,CN,1,1992,1,8,,A new row.\n2,KZ,14,")
        seed(empty_engine, seed_copy, prune=True)
        created = client.post("/v1/summits", json={**body, "country_code": "JP"}, headers=auth)
        assert created.json()["id"] == 41
        source = client.post("/v1/sources", json={"title": "Wire"}, headers=auth).json()["id"]
        assert source == 620


def test_changes_seeding_made_to_paragraphs_cannot_be_reverted_through_the_api(
    empty_engine, seed_copy
):
    seed(empty_engine)
    with empty_engine.begin() as connection:
        token = create_token(connection, "curator")
        change_id = connection.execute(
            select(Change.id).where(Change.resource == "paragraphs").limit(1)
        ).scalar_one()
    with OneHopClient(app_for(empty_engine)) as client:
        response = client.post(
            f"/v1/changes/{change_id}/revert", headers={"Authorization": f"Bearer {token}"}
        )
        listed = client.get("/v1/changes", params={"resource": "paragraphs", "limit": 1})
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"Change {change_id} is to paragraphs, which only the seed files change; edit "
        "seeds/paragraphs.csv and run `kca seed`."
    )
    (logged,) = listed.json()["data"]
    assert (logged["token"], logged["operation"], logged["after"]["number"]) == (
        "seed",
        "create",
        3,
    )
