"""Full-text search: building the documents, and matching words on SQLite (FTS5) or PostgreSQL
(tsvector). Both index the same `terms` (letters and digits, lower-cased by the database) and
match every query word as a prefix, so a query finds the same records on either database."""

import html
import re
from collections.abc import Iterable, Iterator

from sqlalchemy import (
    Connection,
    bindparam,
    cast,
    column,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
)
from sqlalchemy.sql.elements import BindParameter, TextClause
from sqlalchemy.sql.selectable import TextualSelect

from app.errors import invalid_parameter
from app.query.prepared import REQUEST
from app.query.resource import Resource
from app.search.models import FTS_KEYS, SearchDocument

WORD = re.compile(r"[^\W_]+")
SNIPPET_WIDTH = 160


def words(text_value: str) -> list[str]:
    return WORD.findall(text_value.lower())


def query_words(q: str) -> list[str]:
    found = words(q)
    if not found:
        raise invalid_parameter("q", "'q' needs at least one letter or digit to search for.")
    return found[:20]


def match_query(dialect: str, q: str) -> str:
    """`q` in the database's own query language: every word of it, as a prefix."""
    terms = query_words(q)
    if dialect == "postgresql":
        return " & ".join(f"{term}:*" for term in terms)  # a tsquery
    return " AND ".join(f'"{term}"*' for term in terms)  # an FTS5 MATCH expression


def match_condition(dialect: str, query: "str | BindParameter"):
    """A WHERE clause on search_documents for the rows `query` (see match_query) matches. The
    query may be a bind parameter standing for one, so a prepared statement can take any."""
    if not isinstance(query, BindParameter):
        query = bindparam("fts_query", query)
    if dialect == "postgresql":
        matched = func.to_tsquery("simple", query)
        return literal_column("search_documents.search_vector").op("@@")(matched)
    return SearchDocument.id.in_(fts_rowids(query))


def fts_rowids(query: "str | BindParameter"):
    """The ids of the documents an FTS5 `query` matches (SQLite)."""
    if not isinstance(query, BindParameter):
        query = bindparam("fts_query", query)
    return (
        select(literal_column("rowid"))
        .select_from(text("search_fts"))
        .where(text(f"search_fts MATCH :{query.key}").bindparams(query))
    )


HIT_COLUMNS = ("resource", "record_key", "title", "body", "score")
"""The columns of a `ranked_statement` row, in order."""


def ranked_statement(dialect: str, types: tuple[str, ...], limited: bool) -> TextualSelect:
    """Best matches across every record type (of `types` when given), from the `offset`-th on
    (`limit` of them when `limited`, else all): BM25 on SQLite, ts_rank on PostgreSQL. Request
    values are bind parameters (`query`, see match_query; `limit`; `offset`), so one statement
    serves every search of its shape; the types are bound once with it."""
    score, matches = _matches(dialect, types)
    if limited:
        page = f"LIMIT :{REQUEST}limit"
    else:
        page = "LIMIT ALL" if dialect == "postgresql" else "LIMIT -1"
    sql = f"""SELECT d.resource, d.record_key, d.title, d.body, {score} AS score {matches}
        ORDER BY score DESC, d.resource, d.record_key {page} OFFSET :{REQUEST}offset"""
    return _typed(sql, types).columns(*map(column, HIT_COLUMNS))


def count_statement(dialect: str, types: tuple[str, ...]) -> TextualSelect:
    """How many documents `ranked_statement` would rank in all."""
    _, matches = _matches(dialect, types)
    return _typed(f"SELECT count(*) {matches}", types).columns(column("hits"))


def _matches(dialect: str, types: tuple[str, ...]) -> tuple[str, str]:
    """The score of a matching document, and the FROM ... WHERE that finds them."""
    listed = ", ".join(f":type{index}" for index in range(len(types)))
    where_types = f"AND d.resource IN ({listed})" if types else ""
    query = f":{REQUEST}query"
    if dialect == "postgresql":
        return (
            f"ts_rank(d.search_vector, to_tsquery('simple', {query}))",
            "FROM search_documents AS d "
            f"WHERE d.search_vector @@ to_tsquery('simple', {query}) {where_types}",
        )
    return (
        "-bm25(search_fts)",
        "FROM search_fts JOIN search_documents AS d ON d.id = search_fts.rowid "
        f"WHERE search_fts MATCH {query} {where_types}",
    )


def _typed(sql: str, types: tuple[str, ...]) -> TextClause:
    """`sql` with the type names bound (`:type0`, ...), as `_matches` lists them."""
    return text(sql).bindparams(**{f"type{index}": name for index, name in enumerate(types)})


def search_condition(resource: Resource, dialect: str, query: "str | BindParameter"):
    """The WHERE clause keeping the resource's records that `query` (see match_condition)
    matches: the resource's own when it has one, else its keys among the matching documents."""
    if resource.search_match is not None:
        return resource.search_match(dialect, query)
    return resource.key.in_(matching_keys(resource, dialect, query))


def matching_keys(resource: Resource, dialect: str, query: "str | BindParameter"):
    """The keys (column `record_key`) of the resource's records whose documents `query` matches
    (for a resource without its own search_match)."""
    if dialect == "postgresql":
        return select(cast(SearchDocument.record_key, resource.key.type).label("record_key")).where(
            SearchDocument.resource == resource.plural, match_condition(dialect, query)
        )
    # Each FTS5 match is looked up by id; the narrow index answers that from far fewer pages
    # than the documents, but SQLite's planner prefers the rowid, so it is named.
    documents = text(f"search_documents INDEXED BY {FTS_KEYS}")
    key, kind, document_id = (
        literal_column(f"search_documents.{name}") for name in ("record_key", "resource", "id")
    )
    return (
        select(cast(key, resource.key.type).label("record_key"))
        .select_from(documents)
        .where(kind == resource.plural, document_id.in_(fts_rowids(query)))
    )


def snippet(body: str, q: str) -> str:
    """A short excerpt around the first match, HTML-escaped, matches wrapped in <mark>."""
    terms = query_words(q)
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")[^\W_]*", re.I)
    first = pattern.search(body)
    start = max(0, (first.start() if first else 0) - SNIPPET_WIDTH // 3)
    end = min(len(body), start + SNIPPET_WIDTH)
    excerpt = body[start:end]
    marked, last = [], 0
    for match in pattern.finditer(excerpt):
        marked.append(html.escape(excerpt[last : match.start()]))
        marked.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    marked.append(html.escape(excerpt[last:]))
    return ("…" if start else "") + "".join(marked) + ("…" if end < len(body) else "")


def rebuild(
    connection: Connection, resources: Iterable[Resource], country_names, other_names
) -> int:
    """Replace every search document with fresh ones built from the records; returns the count."""
    connection.execute(delete(SearchDocument))
    total = 0
    for resource in resources:
        batch = []
        for document in documents(connection, resource, country_names, other_names):
            batch.append(document)
            if len(batch) == 5000:
                connection.execute(insert(SearchDocument), batch)
                total, batch = total + len(batch), []
        if batch:
            connection.execute(insert(SearchDocument), batch)
            total += len(batch)
    return total


def documents(
    connection, resource: Resource, country_names, other_names, key=None
) -> Iterator[dict]:
    """Search documents of every record of `resource`, or of the one with `key`; `other_names`
    ((resource, key) → names) adds names the record's fields do not hold."""
    projection = resource.projection(None)
    shape = projection.shaper()
    statement = select(*(expr.label(name) for name, expr in resource.fields.items())).select_from(
        resource.from_clause
    )
    if key is not None:
        statement = statement.where(resource.key == key)
    for row in connection.execute(statement):
        record = shape(row)
        record_key = str(record[resource.key.key])
        extra = other_names.get((resource.plural, record_key), [])
        body = " · ".join([document_body(record, country_names), *extra])
        yield {
            "resource": resource.plural,
            "record_key": record_key,
            "title": resource.title(record, country_names)[:300],
            "body": body,
            "terms": " ".join(words(body)),
        }


def document_body(record: dict, country_names: dict[str, str]) -> str:
    """Every text value of the record (names, places, people, kinds, descriptions) and its years,
    with country codes spelled out; citations, URLs, slugs and ids are left out."""
    parts: list[str] = []

    def walk(value, key: str) -> None:
        if key == "citation":
            return  # section headings and source titles would make every record match
        if isinstance(value, dict):
            for child_key, child in value.items():
                walk(child, child_key)
        elif isinstance(value, str) and key not in ("url", "slug", "id"):
            parts.append(country_names.get(value, value.replace("_", " ")))
        elif isinstance(value, int) and not isinstance(value, bool) and "year" in key:
            parts.append(str(value))

    walk(record, "")
    return " · ".join(dict.fromkeys(part for part in parts if part))
