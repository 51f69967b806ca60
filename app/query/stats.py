"""`GET /v1/stats/<resource>`: counts and sums grouped by any documented dimension, with every
list filter applying, in one SQL statement. Sums over amounts the article qualifies ("more
than", "about", "up to") say so instead of passing for exact totals."""

import re
from typing import Any

from pydantic import Field, create_model
from sqlalchemy import BigInteger, case, cast, func, select
from sqlalchemy.orm import Session

from app.errors import invalid_parameter
from app.query.filters import FilterSet
from app.query.grammar import common_fields, grammar_model_fields, name_list_pattern
from app.query.listing import filter_conditions, json_response
from app.query.names import closest, split_names
from app.query.resource import Resource
from app.vocab import Qualifier, values


def stats_query_model(resource: Resource, friendly: type[FilterSet]) -> type[FilterSet]:
    taken = {field.alias or name for name, field in friendly.model_fields.items()}
    metrics = ["count", *(f"sum:{name}" for name in resource.sums)]
    return create_model(
        f"{resource.name.title().replace(' ', '')}StatsQuery",
        __base__=friendly,
        group_by=(
            str,
            Field(
                max_length=200,
                json_schema_extra={"pattern": name_list_pattern(resource.groups)},
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
        **grammar_model_fields(resource, taken | {"group_by", "metric", "q"}),
    )


def stats_response(session: Session, resource: Resource, params) -> Any:
    dimensions = split_names(params.group_by, "group_by")
    if not dimensions:
        raise invalid_parameter("group_by", "Give at least one dimension to group by.")
    for name in dimensions:
        if name not in resource.groups:
            raise invalid_parameter(
                "group_by", f"Unknown dimension '{name}'.{closest(name, resource.groups)}"
            )
    dimensions = list(dict.fromkeys(dimensions))
    summed = _summed_field(resource, params.metric)
    conditions = filter_conditions(session, resource, params)

    columns = [resource.groups[name].label(name) for name in dimensions]
    measures = [func.count().label("count")]
    if summed is not None:
        expression = resource.sums[summed]
        measures += [
            # PostgreSQL sums bigints as numeric; cast back so both databases answer integers.
            cast(func.sum(expression), BigInteger).label(f"sum_{summed}"),
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
    statement = (
        select(*columns, *measures)
        .select_from(resource.from_clause)
        .where(*conditions)
        .group_by(*(resource.groups[name] for name in dimensions))
        .order_by(*ordering)
    )
    data = [_row(dict(row._mapping), summed, resource) for row in session.execute(statement)]
    return json_response(
        {
            "data": data,
            "meta": {"group_by": dimensions, "metric": params.metric, "groups": len(data)},
        }
    )


def _summed_field(resource: Resource, metric: str) -> str | None:
    if metric == "count":
        return None
    name = metric.removeprefix("sum:")
    if not metric.startswith("sum:") or name not in resource.sums:
        allowed = ["count", *(f"sum:{n}" for n in resource.sums)]
        raise invalid_parameter("metric", f"Unknown metric '{metric}'.{closest(metric, allowed)}")
    return name


def _row(row: dict, summed: str | None, resource: Resource) -> dict:
    qualifiers = {
        key.removeprefix("_q_"): row.pop(key) for key in list(row) if key.startswith("_q_")
    }
    if summed is not None and resource.qualifier is not None:
        row["qualifiers"] = {name: n for name, n in qualifiers.items() if n}
        row["sum_is_exact"] = set(row["qualifiers"]) <= {"exact"}
    return row
