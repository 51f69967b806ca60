"""A set of resources and what is derived from it: the `include=` links (from relations named
by resource), who references whom, and the seeded tables in foreign-key order.

The registry works on its own copies of the declarations, so two registries (the app's and a
test's) never share resolved links.
"""

import dataclasses
from dataclasses import dataclass

from pydantic import BaseModel, Field, create_model
from sqlalchemy import Table
from sqlalchemy.schema import sort_tables

from app.query.resource import Include, Resource


@dataclass(frozen=True)
class SeedTable:
    """A table loaded from `seeds/<table name>.csv` and exported in the same format."""

    table: Table
    schema: type[BaseModel]
    """Validates each row of the file (and each write body, for a resource)."""

    @property
    def file_name(self) -> str:
        return f"{self.table.name}.csv"

    @property
    def columns(self) -> list[str]:
        """The file's columns, in table order."""
        return [column.name for column in self.table.columns]


class Registry:
    def __init__(self, *declared: Resource, unserved: tuple[SeedTable, ...] = ()) -> None:
        """`unserved`: tables seeded and exported that no endpoint lists (article paragraphs,
        read through citations)."""
        self.unserved = unserved
        self.resources = tuple(_bound(resource) for resource in declared)
        self.resources = tuple(self._labelled(resource) for resource in self.resources)
        self.by_plural = {resource.plural: resource for resource in self.resources}
        if len(self.by_plural) != len(self.resources):
            raise ValueError("Two registered resources share a plural.")
        for resource in self.resources:
            resource.includes.update(
                (name, self._include(resource, name, relation))
                for name, relation in resource.relations.items()
            )
            resource.includes.update(self._followed_keys(resource))
            resource.referrers = tuple(
                (other, column)
                for other in self.resources
                for column in other.table.columns
                if any(fk.column.table is resource.table for fk in column.foreign_keys)
            )
        seeded = [SeedTable(r.table, r.row_schema) for r in self.resources] + list(unserved)
        by_table = {spec.table: spec for spec in seeded}
        self.seed_tables = tuple(by_table[table] for table in sort_tables(by_table))
        """Every table after the tables it references, so seeding inserts in this order."""

    def _labelled(self, resource: Resource) -> Resource:
        """`resource` with a `<key>_name` field beside each key to a resource that declares a
        `label` (`from_country` → `from_country_name`, `country_code` → `country_name`), in the
        record schema too, so a new resource's country keys show names without an edit."""
        by_table = {target.table: target for target in self.resources}
        labels = {}
        for column in resource.table.columns:
            targets = {by_table.get(fk.column.table) for fk in column.foreign_keys}
            if len(targets) == 1 and (target := targets.pop()) is not None and target.label:
                labels[column.key.removesuffix("_code") + "_name"] = (column, target)
        # A resource from another registry has its labels already.
        labels = {name: link for name, link in labels.items() if name not in resource.labels}
        fields = {}
        for name, expression in resource.fields.items():
            fields[name] = expression
            for label, (column, target) in labels.items():
                if _is_column(expression, column):
                    if label in resource.fields:
                        raise ValueError(f"{resource.plural}: '{label}' is a field already.")
                    fields[label] = target.label(column, None)
        labels = {name: link for name, link in labels.items() if name in fields}
        if not labels:
            return resource
        described = {
            name: (
                str | None,
                Field(description=f"Name of the {target.name} `{column.key}`, in `lang`."),
            )
            for name, (column, target) in labels.items()
        }
        return dataclasses.replace(
            resource,
            fields=fields,
            labels={**resource.labels, **labels},
            item_schema=_with_fields(resource.item_schema, described),
            extended_record_schema=resource.extended_record_schema
            and _with_fields(resource.extended_record_schema, described),
            languages=resource.languages or next(target.languages for _, target in labels.values()),
        )

    def _followed_keys(self, resource: Resource) -> dict[str, Include]:
        """An include for every foreign key to a registered resource that no declared relation
        already follows (PostgREST-style), so a new resource's keys are includable without an
        edit. It is named after the column without `_id`/`_code` (`person_id` → `person`), or
        `<column>_record` where that is an output field already (`from_country_record`)."""
        followed = {
            include.local.key
            for include in resource.includes.values()
            if not include.many and include.local.key in resource.table.c
        }
        by_table = {target.table: target for target in self.resources}
        derived = {}
        for column in resource.table.columns:
            targets = [by_table.get(fk.column.table) for fk in column.foreign_keys]
            if column.key in followed or len(targets) != 1 or targets[0] is None:
                continue
            (target,) = targets
            name = column.key.removesuffix("_id").removesuffix("_code")
            if name in resource.fields or name in resource.includes:
                name = f"{column.key}_record"
            description = f"the {target.name} `{column.key}` names"
            derived[name] = Include(column, target, (target.key,), False, description)
        return derived

    def _include(self, resource: Resource, name: str, relation) -> Include:
        target = self.by_plural.get(relation.target)
        if target is None:
            raise ValueError(
                f"{resource.plural}: relation '{name}' names '{relation.target}', which is "
                "not registered."
            )
        if relation.many:
            return Include(resource.key, target, relation.via, True, relation.description)
        (local,) = relation.via
        return Include(local, target, (target.key,), False, relation.description)


def _is_column(expression, column) -> bool:
    """Whether an output field's expression (a column or a mapped attribute) is `column`."""
    expression = getattr(expression, "expression", expression)
    return getattr(expression, "table", None) is column.table and expression.key == column.key


def _with_fields(schema: type[BaseModel], fields: dict) -> type[BaseModel]:
    """`schema` with `fields` added, under the same name (OpenAPI names it once)."""
    return create_model(schema.__name__, __base__=schema, __module__=schema.__module__, **fields)


def _bound(resource: Resource) -> Resource:
    if resource.row_schema is None or resource.title is None:
        raise ValueError(
            f"{resource.plural}: a registered resource declares its row_schema and title."
        )
    return dataclasses.replace(resource, includes={}, referrers=())
