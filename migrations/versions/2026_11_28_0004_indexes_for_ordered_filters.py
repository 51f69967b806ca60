"""Indexes for ordered filters: every documented filter with the default order reads an index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

Visits list in (year, id) order, projects and investments in id order. Each equality filter
gets an index on (column, order columns), so a filtered page at a million rows is read in
order from an index and stops after `limit` rows: no sort, no scan of the table. The
single-column indexes these extend are dropped (the new ones serve their lookups too). On
SQLite a (column) index already ends with the rowid, but the explicit id keeps the plan the same
on PostgreSQL, whose btree entries are not ordered by id within a key.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table → [(new index, columns, the index it replaces or None)]
INDEXES = {
    "visits": [
        ("ix_visits_from_country_year_id", ["from_country", "year", "id"], None),
        ("ix_visits_to_country_year_id", ["to_country", "year", "id"], "ix_visits_to_country_year"),
        ("ix_visits_office_year_id", ["office", "year", "id"], None),
        ("ix_visits_person_id_year_id", ["person_id", "year", "id"], "ix_visits_person_id"),
    ],
    "investments": [
        ("ix_investments_from_country_id", ["from_country", "id"], "ix_investments_from_country"),
        ("ix_investments_to_country_id", ["to_country", "id"], "ix_investments_to_country"),
        ("ix_investments_kind_id", ["kind", "id"], "ix_investments_kind"),
    ],
    "projects": [
        ("ix_projects_country_code_id", ["country_code", "id"], "ix_projects_country_code"),
        ("ix_projects_kind_id", ["kind", "id"], "ix_projects_kind"),
        ("ix_projects_sector_id", ["sector", "id"], "ix_projects_sector"),
    ],
}
REPLACED_COLUMNS = {
    "ix_visits_to_country_year": ["to_country", "year"],
    "ix_visits_person_id": ["person_id"],
    "ix_investments_from_country": ["from_country"],
    "ix_investments_to_country": ["to_country"],
    "ix_investments_kind": ["kind"],
    "ix_projects_country_code": ["country_code"],
    "ix_projects_kind": ["kind"],
    "ix_projects_sector": ["sector"],
}


def upgrade() -> None:
    # Plain CREATE/DROP INDEX: no table rebuild is needed, on SQLite either.
    for table, indexes in INDEXES.items():
        for name, columns, replaced in indexes:
            op.create_index(name, table, columns)
            if replaced:
                op.drop_index(replaced, table_name=table)


def downgrade() -> None:
    for table, indexes in INDEXES.items():
        for name, _, replaced in reversed(indexes):
            if replaced:
                op.create_index(replaced, table, REPLACED_COLUMNS[replaced])
            op.drop_index(name, table_name=table)
