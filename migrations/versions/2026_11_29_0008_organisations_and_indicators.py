"""Organisations, the Forum's sessions and dated indicators; projects name their organisation.

Revision ID: 0008
Revises: 0005
Create Date: 2026-11-29

Three new numbered tables (issue 14), and `projects.organisation_id`, the link from a project to
the organisation behind it. On SQLite adding the foreign key rebuilds `projects`: the rebuild
keeps it an AUTOINCREMENT table so deleted ids stay unused (see 0005).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

THIS_TABLE_ONLY = {"resolve_fks": False}
"""SQLite rebuilds a table in a batch: it reflects only that table (its foreign keys name
the tables they reference), not every table those reference in turn."""


def upgrade() -> None:
    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("subject_country", sa.String(length=2), nullable=False),
        sa.Column("partner_country", sa.String(length=2), nullable=True),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("qualifier", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.Column("locator", sa.String(length=200), nullable=True),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.CheckConstraint(
            "measure IN ('investor_rank', 'partner_rank', 'development_rank', "
            "'uranium_import_share', 'workers_without_permits', 'campaign_participants')",
            name=op.f("ck_indicators_measure_vocabulary"),
        ),
        sa.CheckConstraint(
            "qualifier IN ('exact', 'more_than', 'about', 'up_to')",
            name=op.f("ck_indicators_qualifier_vocabulary"),
        ),
        sa.CheckConstraint(
            "unit IN ('rank', 'percent', 'people')", name=op.f("ck_indicators_unit_vocabulary")
        ),
        sa.CheckConstraint(
            "paragraph IS NOT NULL OR locator IS NOT NULL", name=op.f("ck_indicators_located")
        ),
        sa.CheckConstraint("value >= 0", name=op.f("ck_indicators_value_not_negative")),
        sa.CheckConstraint("year BETWEEN 1900 AND 2100", name=op.f("ck_indicators_year_range")),
        sa.ForeignKeyConstraint(
            ["paragraph"], ["paragraphs.number"], name=op.f("fk_indicators_paragraph_paragraphs")
        ),
        sa.ForeignKeyConstraint(
            ["partner_country"],
            ["countries.code"],
            name=op.f("fk_indicators_partner_country_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_indicators_source_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["subject_country"],
            ["countries.code"],
            name=op.f("fk_indicators_subject_country_countries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("slug", name=op.f("uq_indicators_slug")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.create_index("ix_indicators_measure_id", ["measure", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_indicators_partner_country"), ["partner_country"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_indicators_source_id"), ["source_id"], unique=False)
        batch_op.create_index(
            "ix_indicators_subject_country_id", ["subject_country", "id"], unique=False
        )

    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("acronym", sa.String(length=40), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("started_year", sa.Integer(), nullable=True),
        sa.Column("started_scope", sa.String(length=20), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.Column("locator", sa.String(length=200), nullable=True),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.CheckConstraint(
            "kind IN ('ministry', 'agency', 'service', 'platform', 'company', 'forum', "
            "'secretariat', 'committee')",
            name=op.f("ck_organisations_kind_vocabulary"),
        ),
        sa.CheckConstraint(
            "started_scope IN ('region', 'worldwide')",
            name=op.f("ck_organisations_started_scope_vocabulary"),
        ),
        sa.CheckConstraint(
            "(started_year IS NULL) = (started_scope IS NULL)",
            name=op.f("ck_organisations_started_scope_with_year"),
        ),
        sa.CheckConstraint(
            "paragraph IS NOT NULL OR locator IS NOT NULL", name=op.f("ck_organisations_located")
        ),
        sa.CheckConstraint("parent_id <> id", name=op.f("ck_organisations_not_its_own_parent")),
        sa.CheckConstraint(
            "started_year BETWEEN 1900 AND 2100", name=op.f("ck_organisations_started_year_range")
        ),
        sa.ForeignKeyConstraint(
            ["country_code"],
            ["countries.code"],
            name=op.f("fk_organisations_country_code_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["paragraph"], ["paragraphs.number"], name=op.f("fk_organisations_paragraph_paragraphs")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["organisations.id"],
            name=op.f("fk_organisations_parent_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_organisations_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("slug", name=op.f("uq_organisations_slug")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisations_country_code"), ["country_code"], unique=False
        )
        batch_op.create_index("ix_organisations_kind_id", ["kind", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_source_id"), ["source_id"], unique=False)

    op.create_table(
        "forum_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("level", sa.String(length=30), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.Column("locator", sa.String(length=200), nullable=True),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.CheckConstraint(
            "level IN ('heads_of_state', 'ministerial', 'vice_ministerial', 'senior_officials')",
            name=op.f("ck_forum_sessions_level_vocabulary"),
        ),
        sa.CheckConstraint("number >= 1", name=op.f("ck_forum_sessions_number_positive")),
        sa.CheckConstraint(
            "paragraph IS NOT NULL OR locator IS NOT NULL", name=op.f("ck_forum_sessions_located")
        ),
        sa.CheckConstraint("year BETWEEN 1900 AND 2100", name=op.f("ck_forum_sessions_year_range")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_forum_sessions_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["paragraph"],
            ["paragraphs.number"],
            name=op.f("fk_forum_sessions_paragraph_paragraphs"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_forum_sessions_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_sessions")),
        sa.UniqueConstraint(
            "organisation_id", "number", name=op.f("uq_forum_sessions_organisation_id_number")
        ),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("forum_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_sessions_source_id"), ["source_id"], unique=False
        )

    with op.batch_alter_table(
        "projects",
        table_kwargs={"sqlite_autoincrement": True},
        reflect_kwargs=THIS_TABLE_ONLY,
    ) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_projects_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_projects_organisation_id_organisations"),
            "organisations",
            ["organisation_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table(
        "projects",
        table_kwargs={"sqlite_autoincrement": True},
        reflect_kwargs=THIS_TABLE_ONLY,
    ) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_projects_organisation_id_organisations"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_projects_organisation_id"))
        batch_op.drop_column("organisation_id")

    with op.batch_alter_table("forum_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_sessions_source_id"))

    op.drop_table("forum_sessions")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisations_source_id"))
        batch_op.drop_index(batch_op.f("ix_organisations_parent_id"))
        batch_op.drop_index("ix_organisations_kind_id")
        batch_op.drop_index(batch_op.f("ix_organisations_country_code"))

    op.drop_table("organisations")
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_index("ix_indicators_subject_country_id")
        batch_op.drop_index(batch_op.f("ix_indicators_source_id"))
        batch_op.drop_index(batch_op.f("ix_indicators_partner_country"))
        batch_op.drop_index("ix_indicators_measure_id")

    op.drop_table("indicators")
