"""The article's inventory (docs/article-inventory.csv): every paragraph of the article's body
and notes has at least one item; every item names the records that hold it, or says why none
does; every record named exists and cites that very paragraph; and every cited record in the
dataset is named by some item, so nothing is stored that the inventory does not account for."""

import csv
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import every_record

INVENTORY = Path(__file__).resolve().parents[1] / "docs" / "article-inventory.csv"
FIRST_BODY, LAST_NOTE = 3, 97  # paragraphs 1-2 and 98-100 are the site's boilerplate
GAP_KINDS = ("pending", "not a fact", "not a new fact", "out of scope")


@pytest.fixture(scope="module")
def items() -> list[dict[str, str]]:
    with INVENTORY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_paragraph_of_body_and_notes_has_an_item(items, article_paragraphs):
    assert len(article_paragraphs) == 100
    covered = {int(item["paragraph"]) for item in items}
    assert covered == set(range(FIRST_BODY, LAST_NOTE + 1))
    assert article_paragraphs[LAST_NOTE - 1].startswith("[21]")


def test_every_item_has_records_or_a_stated_gap(items):
    for item in items:
        assert item["statement"].strip(), item
        if not item["records"]:
            assert item["gap"].split(":")[0] in GAP_KINDS, item
        elif item["records"].startswith("sources/") and "cited by nothing" in item["gap"]:
            # A footnote no record cites: the gap says why, and may be final.
            assert item["gap"].split(":")[0] in GAP_KINDS, item
        elif item["gap"]:
            assert item["gap"].startswith("pending:"), item


def test_every_named_record_exists_and_cites_the_items_paragraph(client, items):
    for item in items:
        for ref in item["records"].split():
            answer = client.get(f"/v1/{ref}")
            assert answer.status_code == 200, (ref, answer.text)
            record = answer.json()
            cited = record["citation"]["paragraph"] if "citation" in record else record["paragraph"]
            assert cited == int(item["paragraph"]), (ref, item["statement"])


def test_every_cited_record_is_in_the_inventory(client, items):
    named = {ref for item in items for ref in item["records"].split()}
    counts = client.get("/v1/meta").json()["records"]
    walked = 0
    for plural in counts:
        for record in every_record(client, plural):  # superseded article figures too
            origin = record.get("origin") or record.get("citation", {}).get("source", {}).get(
                "origin"
            )
            if origin == "external":
                continue  # not the article's: tests/test_external_sources.py checks these
            if "citation" in record or plural == "sources":
                walked += 1
                assert f"{plural}/{record['id']}" in named, f"{plural}/{record['id']}"
    # visits, summits, projects, investments, missions, diaspora, organisations, forum sessions,
    # indicators, sources, relations, terms, person facts, initiatives, agreements
    assert walked == 17 + 5 + 23 + 13 + 12 + 7 + 8 + 1 + 10 + 22 + 10 + 11 + 13 + 38 + 3


def test_every_footnote_is_cited_or_the_inventory_says_why_not(client, items):
    gaps = {
        item["records"]: item["gap"] for item in items if item["records"].startswith("sources/")
    }
    uncited = []
    for footnote in range(1, 22):
        record = client.get(f"/v1/sources/{footnote}").json()
        if not record["cited_by"]:
            uncited.append(footnote)
            assert "cited by nothing" in gaps[f"sources/{footnote}"], footnote
    assert uncited == [9, 16]


def test_pending_items_are_counted(items):
    """What the inventory still waits for, by kind: a change that records a pending fact moves
    it from here to a record, and this count must be lowered with it."""
    kinds = Counter(item["gap"].split(":")[0] for item in items if item["gap"])
    assert kinds == {"not a fact": 27, "out of scope": 7, "not a new fact": 3}
    held = [item for item in items if item["records"]]
    assert (len(held), sum(1 for item in held if not item["gap"])) == (146, 144)
