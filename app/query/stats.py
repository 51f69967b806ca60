"""`GET /v1/stats/<resource>`: counts and sums grouped by any documented dimension, with every
list filter applying, in one SQL statement. Sums over amounts the article qualifies ("more
than", "about", "up to") say so instead of passing for exact totals."""

import functools
import re

from fastapi import Request, Response
from pydantic import Field, create_model
from sqlalchemy import case, func, select

from app.errors import ProblemError, invalid_parameter
from app.http import answer_format, json_response
from app.query.filters import FilterSet
from app.query.grammar import (
    common_fields,
    format_field,
    grammar_model_fields,
    reported_fields,
    with_operator_keys,
)
from app.query.names import closest, split_names
from app.query.resource import Resource
from app.query.streaming import records_response
from app.vocab import Qualifier, values


@functools.cache  # as list_query_model
def stats_query_model(resource: Resource, friendly: type[FilterSet]) -> type[FilterSet]:
    taken = {field.alias or name for name, field in friendly.model_fields.items()}
    metrics = ["count", *(f"sum:{name}" for name in resource.sums)]
    grammar = grammar_model_fields(
        resource, taken | {"group_by", "metric", "q", "format", *reported_fields(resource)}
    )
    model = create_model(
        f"{resource.name.title().replace(' ', '')}StatsQuery",
        __base__=friendly,
        **reported_fields(resource),
        group_by=(
            str,
            Field(
                max_length=200,
                description="Comma-separated dimensions to group by. Allowed: "
                + ", ".join(f"`{name}`" for name in resource.groups)
                + ". `country` is the side other than Korea where a record has two.",
                examples=[next(iter(resource.groups))],
            ),
        ),
        metric=(
            str,
            Field(
                "count",
                max_length=100,
                json_schema_extra={
                    "pattern": "^(?:" + "|".join(re.escape(m) for m in metrics) + ")$"
                },
                description="`count`, or `sum:<field>`. Allowed: "
                + ", ".join(f"`{m}`" for m in metrics)
                + ".",
                examples=[metrics[-1]],
            ),
        ),
        q=common_fields(resource, for_list=True)["q"],
        format=format_field("hold the same groups, one row or line each"),
        **grammar,
    )
    return with_operator_keys(model, grammar)


SPLIT = 2**30
"""A sum is taken in two parts, of each value's multiples of SPLIT and of its remainder, so
neither part can overflow SQLite's 64-bit integers (where a plain sum of large amounts fails)
and both databases add exactly; `joined_sum` puts the total together."""
LARGEST_SUM = 2**63 - 1
"""The largest sum answered: what a signed 64-bit integer holds."""


def exact_sum(expression, label: str) -> list:
    """Two aggregate columns, `label` and `label_low`, that `joined_sum` adds up exactly."""
    return [
        func.sum(expression // SPLIT).label(label),
        func.sum(expression % SPLIT).label(f"{label}_low"),
    ]


def joined_sum(high, low, what: str, parameter: str | None = None) -> int | None:
    """The sum from `exact_sum`'s columns (None over no values); past LARGEST_SUM, a 400."""
    if high is None:
        return None
    total = int(high) * SPLIT + int(low)
    if total > LARGEST_SUM:
        raise ProblemError(
            400,
            "sum-too-large",
            "Sum too large",
            f"The sum of {what} exceeds {LARGEST_SUM}, the largest integer this API answers.",
            parameter=parameter,
        )
    return total


def chosen_dimensions(resource: Resource, group_by: str) -> list[str]:
    """The `group_by` dimensions, each once, in the order asked; a 400 naming a wrong one."""
    dimensions = split_names(group_by, "group_by")
    if not dimensions:
        raise invalid_parameter("group_by", "Give at least one dimension to group by.")
    for name in dimensions:
        if name not in resource.groups:
            raise invalid_parameter(
                "group_by", f"Unknown dimension '{name}'.{closest(name, resource.groups)}"
            )
    return list(dict.fromkeys(dimensions))


def chosen_sum(resource: Resource, dimensions: list[str], params) -> str | None:
    """The field `metric` sums (None for a count); a 400 for a sum that would add unlike
    records."""
    summed = _summed_field(resource, params.metric)
    if summed is not None:
        _refuse_unlike_sums(resource, dimensions, params)
    return summed


def stats_statement(resource: Resource, dimensions: list[str], summed: str | None, conditions):
    """One row per group: its dimensions, then the count and for a sum its parts (see
    `stats_groups`); groups in the order of their dimensions, absent values last."""
    columns = [resource.groups[name].label(name) for name in dimensions]
    measures = [func.count().label("count")]
    if summed is not None:
        expression = resource.sums[summed]
        measures += [
            *exact_sum(expression, f"sum_{summed}"),
            func.count(expression).label("summed_records"),
        ]
        if resource.qualifier is not None:
            measures += [
                func.sum(case((resource.qualifier == value, 1), else_=0)).label(f"_q_{value}")
                for value in values(Qualifier)
            ]
    ordering = [
        part
        for name in dimensions
        for part in (case((resource.groups[name].is_(None), 1), else_=0), resource.groups[name])
    ]
    return (
        select(*columns, *measures)
        .select_from(resource.from_clause)
        .where(*conditions)
        .group_by(*(resource.groups[name] for name in dimensions))
        .order_by(*ordering)
    )


def stats_groups(rows, names: list[str], summed: str | None, resource: Resource) -> list[dict]:
    """The groups of `stats_statement`'s rows (`names`: its columns), each sum put together."""
    return [_row(dict(zip(names, row, strict=True)), summed, resource) for row in rows]


def stats_answer(
    request: Request,
    resource: Resource,
    data: list[dict],
    dimensions: list[str],
    summed: str | None,
    params,
) -> Response:
    """The groups in JSON with what was asked, or in CSV or NDJSON (`format`, else the Accept
    header)."""
    fmt = answer_format(request.headers.get("accept", ""), params.format)
    if fmt != "json":
        names = [*dimensions, *_measures(resource, summed)]
        return records_response(data, names, fmt, f"stats-{resource.plural}")
    return json_response(
        {
            "data": data,
            "meta": {"group_by": dimensions, "metric": params.metric, "groups": len(data)},
        }
    )


def _measures(resource: Resource, summed: str | None) -> list[str]:
    """The fields each group has after its dimensions: the count, and for a sum the sum, how
    many records it adds and (over qualified amounts) what qualifies them."""
    if summed is None:
        return ["count"]
    measures = ["count", f"sum_{summed}", "summed_records"]
    if resource.qualifier is not None:
        measures += ["qualifiers", "sum_is_exact"]
    return measures


def _summed_field(resource: Resource, metric: str) -> str | None:
    if metric == "count":
        return None
    name = metric.removeprefix("sum:")
    if not metric.startswith("sum:") or name not in resource.sums:
        allowed = ["count", *(f"sum:{n}" for n in resource.sums)]
        raise invalid_parameter("metric", f"Unknown metric '{metric}'.{closest(metric, allowed)}")
    return name


def _refuse_unlike_sums(resource: Resource, dimensions: list[str], params) -> None:
    apart = resource.sums_apart_by
    if apart is None or apart in dimensions:
        return
    if getattr(params, apart, None) is not None or getattr(params, f"{apart}__eq", None):
        return
    raise invalid_parameter(
        "metric",
        f"A sum would add {resource.plural} of different {apart}s (for example a stock and "
        f"a flow). Add `group_by=...,{apart}` to sum each {apart} apart, or `{apart}=<value>` "
        f"to sum one.",
    )


def _row(row: dict, summed: str | None, resource: Resource) -> dict:
    qualifiers = {
        key.removeprefix("_q_"): row.pop(key) for key in list(row) if key.startswith("_q_")
    }
    if summed is not None:
        column = f"sum_{summed}"
        low = row.pop(f"{column}_low")
        what = f"{summed} in a group (narrow the filters or group more finely)"
        row[column] = joined_sum(row[column], low, what, parameter="metric")
    if summed is not None and resource.qualifier is not None:
        row["qualifiers"] = {name: n for name, n in qualifiers.items() if n}
        row["sum_is_exact"] = set(row["qualifiers"]) <= {"exact"}
    return row
