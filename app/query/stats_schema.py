"""The documented shape of a `GET /v1/stats/<resource>` answer, built from the resource's
declared groups and sums so that each resource's stats have their own exact schema."""

import functools

from pydantic import BaseModel, Field, create_model

from app.query.resource import Resource
from app.vocab import Qualifier, values


class StatsMeta(BaseModel):
    group_by: list[str] = Field(description="The dimensions grouped by, in the order asked.")
    metric: str = Field(description="`count`, or the `sum:<field>` asked for.")
    groups: int = Field(description="How many groups `data` holds.")


QualifierCounts = create_model(
    "QualifierCounts",
    __doc__="How many summed records carry each qualifier; qualifiers no record has are left out.",
    **{name: (int | None, Field(None, ge=1)) for name in values(Qualifier)},
)


@functools.cache  # as app.query.grammar.list_query_model
def stats_answer_model(resource: Resource) -> type[BaseModel]:
    """`{data: [group...], meta}` for `resource`: a group has the dimensions asked for in
    `group_by` (the others are absent), `count`, and with `metric=sum:<field>` that sum."""
    prefix = resource.plural.title().replace("_", "")
    fields = {
        name: (_python_type(expression) | None, None)
        for name, expression in resource.groups.items()
    }
    fields["count"] = (int, Field(description=f"{resource.plural.title()} in the group."))
    for name in resource.sums:
        fields[f"sum_{name}"] = (
            int | None,
            Field(None, description=f"With `metric=sum:{name}`: the total of `{name}`."),
        )
    if resource.sums:
        fields["summed_records"] = (
            int | None,
            Field(None, description="With a sum: how many records had a value to add."),
        )
    if resource.sums and resource.qualifier is not None:
        fields["qualifiers"] = (QualifierCounts | None, None)
        fields["sum_is_exact"] = (
            bool | None,
            Field(None, description="With a sum: false when any summed amount is qualified."),
        )
    group = create_model(
        f"{prefix}StatsGroup",
        __doc__="The `group_by` dimensions (no others), the count and any sum asked for.",
        **fields,
    )
    return create_model(f"{prefix}Stats", data=(list[group], ...), meta=(StatsMeta, ...))


def _python_type(expression) -> type:
    try:
        return expression.type.python_type
    except NotImplementedError:
        return str
