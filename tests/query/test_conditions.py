"""Bound filters (app/query/conditions.py) select what the filters' own clauses select, and one
compiled statement serves every request of a shape."""

import pytest
from sqlalchemy import select

from app.citations.reports import is_reported, known_on
from app.query.conditions import bound_filters
from app.query.grammar import list_query_model
from app.query.prepared import Prepared, run
from app.registry import REGISTRY
from app.search.index import match_query, search_condition

QUERIES = [
    ("investments", {"country": "UZ"}),
    ("investments", {"kind__in": "credit_line,grant_aid", "year_from": "2010"}),
    ("investments", {"slug__contains": "TRADE"}),
    ("investments", {"amount_printed__contains": "usd 3.1"}),
    ("investments", {"to_country__isnull": "true"}),
    ("investments", {"as_of": "2021-12-31"}),
    ("investments", {"as_of": "all", "country": "kz"}),
    ("visits", {"person": "Moon Jae-in"}),
    ("visits", {"q": "tashkent"}),
    ("projects", {"country_code__in": "UZ,KZ,TM"}),
    ("visits", {"city__contains": "ASH"}),
]


def _ids(engine, resource, conditions, values=None):
    statement = select(resource.key).select_from(resource.from_clause).where(*conditions)
    if values is None:
        with engine.connect() as connection:
            return sorted(connection.scalars(statement))
    prepared = Prepared(statement.order_by(resource.key), engine.dialect)
    return sorted(row[0] for row in run(engine, lambda reader: prepared.rows(reader, values)))


@pytest.mark.parametrize(("plural", "query"), QUERIES, ids=lambda v: str(v))
def test_bound_filters_select_what_the_clauses_select(engine, plural, query):
    resource = REGISTRY.by_plural[plural]
    params = list_query_model(resource, resource.filters).model_validate(query)
    bound = bound_filters(resource, params, engine.dialect.name)
    direct = [flt.clause(value) for _, flt, value in params.active_filters()]
    if is_reported(resource.table) and "as_of" not in query:
        direct.append(known_on(resource.table))  # the latest report of each chain
    if "q" in query:
        dialect = engine.dialect.name
        direct.append(search_condition(resource, dialect, match_query(dialect, query["q"])))
    expected = _ids(engine, resource, direct)
    assert _ids(engine, resource, bound.conditions(), bound.values) == expected
    # Every query above matches something in the seed data, but none matches all.
    assert 0 < len(expected) < len(_ids(engine, resource, []))


def test_one_shape_one_statement(engine):
    resource = REGISTRY.by_plural["investments"]
    model = list_query_model(resource, resource.filters)
    first = bound_filters(resource, model.model_validate({"country": "UZ"}), engine.dialect.name)
    second = bound_filters(resource, model.model_validate({"country": "KZ"}), engine.dialect.name)
    assert first.shape == second.shape == (("country",),)
    assert first.values != second.values
    sql = {
        Prepared(select(resource.key).where(*b.conditions()), engine.dialect).sql
        for b in (first, second)
    }
    assert len(sql) == 1


@pytest.mark.parametrize("wildcard", ["%", "_", "/"])
def test_like_wildcards_in_a_contains_value_are_literal(engine, wildcard):
    resource = REGISTRY.by_plural["visits"]
    params = list_query_model(resource, resource.filters).model_validate(
        {"city__contains": wildcard}
    )
    bound = bound_filters(resource, params, engine.dialect.name)
    assert bound.values == {"f0": f"%/{wildcard}%"}
    assert _ids(engine, resource, bound.conditions(), bound.values) == []
