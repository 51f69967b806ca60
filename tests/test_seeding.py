import csv
import shutil

import pytest
from sqlalchemy import func, select

from app.db import make_engine
from app.seeding import SEED_DIR, SEED_TABLES, SeedError, read_seeds, seed
from tests.conftest import migrate

ARTICLE_ROWS = {
    "paragraphs": 74,
    "sources": 22,
    "countries": 14,
    "people": 11,
    "projects": 22,
    "visits": 17,
    "summits": 5,
    "investments": 12,
    "missions": 12,
    "diaspora": 7,
}
"""Rows of the tables the article fills."""


def file_rows(spec) -> int:
    with (SEED_DIR / spec.file_name).open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


# Every seeded table: the article's counts, and a resource added since by its seed file.
EXPECTED_ROWS = {
    spec.table.name: ARTICLE_ROWS.get(spec.table.name) or file_rows(spec) for spec in SEED_TABLES
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
        ("countries.csv", "code,name,", "code,nom,", "countries.csv, line 1: columns do not match"),
        (
            "investments.csv",
            ",exact,1995,2018,",
            ",exact,1995,2018,3,4,",
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


def test_a_row_the_database_refuses_rolls_back_every_table(empty_engine, seed_copy):
    # Years in the wrong order pass the row schema but break a CHECK constraint, so the
    # failure comes after paragraphs, sources, countries and people were already written.
    edit(seed_copy / "projects.csv", ",KOICA,1995,2018,", ",KOICA,2018,1995,")
    with pytest.raises(SeedError) as raised:
        seed(empty_engine, seed_copy)
    assert raised.value.problems[0].startswith("the database refused the seed data")
    assert counts(empty_engine) == dict.fromkeys(EXPECTED_ROWS, 0)


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
