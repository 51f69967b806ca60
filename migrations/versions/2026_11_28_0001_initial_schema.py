"""Initial schema: countries, people, sources, paragraphs and the cited fact tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-28

Indexes follow the read API's filters: country columns, kinds and sectors, visits by year.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "countries",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("capital", sa.String(length=100), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("central_asia", sa.Boolean(), nullable=False),
        sa.CheckConstraint("length(code) = 2", name=op.f("ck_countries_code_length")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_countries")),
        sa.UniqueConstraint("name", name=op.f("uq_countries_name")),
    )
    with op.batch_alter_table("countries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_countries_central_asia"), ["central_asia"], unique=False
        )

    op.create_table(
        "paragraphs",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("section", sa.String(length=200), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_paragraphs_number_positive")),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_paragraphs")),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("footnote", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("publisher", sa.String(length=200), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.CheckConstraint("id >= 0", name=op.f("ck_sources_id_not_negative")),
        sa.CheckConstraint("year BETWEEN 1900 AND 2100", name=op.f("ck_sources_year_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("footnote", name=op.f("uq_sources_footnote")),
    )
    op.create_table(
        "diaspora",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("qualifier", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.CheckConstraint(
            "(scope = 'country') = (country_code IS NOT NULL)",
            name=op.f("ck_diaspora_country_matches_scope"),
        ),
        sa.CheckConstraint(
            "qualifier IN ('exact', 'more_than', 'about', 'up_to')",
            name=op.f("ck_diaspora_qualifier_vocabulary"),
        ),
        sa.CheckConstraint(
            "scope IN ('country', 'central_asia', 'worldwide')",
            name=op.f("ck_diaspora_scope_vocabulary"),
        ),
        sa.CheckConstraint("population >= 0", name=op.f("ck_diaspora_population_not_negative")),
        sa.ForeignKeyConstraint(
            ["country_code"], ["countries.code"], name=op.f("fk_diaspora_country_code_countries")
        ),
        sa.ForeignKeyConstraint(
            ["paragraph"], ["paragraphs.number"], name=op.f("fk_diaspora_paragraph_paragraphs")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_diaspora_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diaspora")),
        sa.UniqueConstraint("scope", "country_code", name=op.f("uq_diaspora_scope_country_code")),
    )
    with op.batch_alter_table("diaspora", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_diaspora_country_code"), ["country_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_diaspora_source_id"), ["source_id"], unique=False)

    op.create_table(
        "missions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sending_country", sa.String(length=2), nullable=False),
        sa.Column("host_country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.CheckConstraint(
            "kind IN ('embassy', 'consulate_general')", name=op.f("ck_missions_kind_vocabulary")
        ),
        sa.CheckConstraint(
            "status IN ('open', 'decreed')", name=op.f("ck_missions_status_vocabulary")
        ),
        sa.CheckConstraint("year BETWEEN 1900 AND 2100", name=op.f("ck_missions_year_range")),
        sa.ForeignKeyConstraint(
            ["host_country"], ["countries.code"], name=op.f("fk_missions_host_country_countries")
        ),
        sa.ForeignKeyConstraint(
            ["paragraph"], ["paragraphs.number"], name=op.f("fk_missions_paragraph_paragraphs")
        ),
        sa.ForeignKeyConstraint(
            ["sending_country"],
            ["countries.code"],
            name=op.f("fk_missions_sending_country_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_missions_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_missions")),
        sa.UniqueConstraint(
            "sending_country",
            "host_country",
            "city",
            "kind",
            name=op.f("uq_missions_sending_country_host_country_city_kind"),
        ),
    )
    with op.batch_alter_table("missions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_missions_host_country"), ["host_country"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_missions_source_id"), ["source_id"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_code"], ["countries.code"], name=op.f("fk_people_country_code_countries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_country_code"), ["country_code"], unique=False)

    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("korean_party", sa.String(length=200), nullable=True),
        sa.Column("year_start", sa.Integer(), nullable=True),
        sa.Column("year_end", sa.Integer(), nullable=True),
        sa.Column("value_usd", sa.BigInteger(), nullable=True),
        sa.Column("sub_projects", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.CheckConstraint("sub_projects >= 0", name=op.f("ck_projects_sub_projects_not_negative")),
        sa.CheckConstraint("value_usd >= 0", name=op.f("ck_projects_value_not_negative")),
        sa.CheckConstraint("year_end >= year_start", name=op.f("ck_projects_years_ordered")),
        sa.CheckConstraint(
            "year_end BETWEEN 1900 AND 2100", name=op.f("ck_projects_year_end_range")
        ),
        sa.CheckConstraint(
            "year_start BETWEEN 1900 AND 2100", name=op.f("ck_projects_year_start_range")
        ),
        sa.ForeignKeyConstraint(
            ["country_code"], ["countries.code"], name=op.f("fk_projects_country_code_countries")
        ),
        sa.ForeignKeyConstraint(
            ["paragraph"], ["paragraphs.number"], name=op.f("fk_projects_paragraph_paragraphs")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_projects_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("slug", name=op.f("uq_projects_slug")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_projects_country_code"), ["country_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_projects_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_sector"), ["sector"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_source_id"), ["source_id"], unique=False)

    op.create_table(
        "summits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("since_year", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.CheckConstraint("count >= 0", name=op.f("ck_summits_count_not_negative")),
        sa.CheckConstraint(
            "since_year BETWEEN 1900 AND 2100", name=op.f("ck_summits_since_year_range")
        ),
        sa.ForeignKeyConstraint(
            ["country_code"], ["countries.code"], name=op.f("fk_summits_country_code_countries")
        ),
        sa.ForeignKeyConstraint(
            ["paragraph"], ["paragraphs.number"], name=op.f("fk_summits_paragraph_paragraphs")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_summits_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summits")),
        sa.UniqueConstraint("country_code", name=op.f("uq_summits_country_code")),
    )
    with op.batch_alter_table("summits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_summits_source_id"), ["source_id"], unique=False)

    op.create_table(
        "investments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("from_country", sa.String(length=2), nullable=True),
        sa.Column("to_country", sa.String(length=2), nullable=True),
        sa.Column("amount_usd", sa.BigInteger(), nullable=False),
        sa.Column("qualifier", sa.String(length=20), nullable=False),
        sa.Column("year_from", sa.Integer(), nullable=True),
        sa.Column("year_to", sa.Integer(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.CheckConstraint(
            "qualifier IN ('exact', 'more_than', 'about', 'up_to')",
            name=op.f("ck_investments_qualifier_vocabulary"),
        ),
        sa.CheckConstraint("amount_usd >= 0", name=op.f("ck_investments_amount_not_negative")),
        sa.CheckConstraint("count >= 0", name=op.f("ck_investments_count_not_negative")),
        sa.CheckConstraint(
            "year_from BETWEEN 1900 AND 2100", name=op.f("ck_investments_year_from_range")
        ),
        sa.CheckConstraint("year_to >= year_from", name=op.f("ck_investments_years_ordered")),
        sa.CheckConstraint(
            "year_to BETWEEN 1900 AND 2100", name=op.f("ck_investments_year_to_range")
        ),
        sa.ForeignKeyConstraint(
            ["from_country"], ["countries.code"], name=op.f("fk_investments_from_country_countries")
        ),
        sa.ForeignKeyConstraint(
            ["paragraph"], ["paragraphs.number"], name=op.f("fk_investments_paragraph_paragraphs")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_investments_project_id_projects")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_investments_source_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["to_country"], ["countries.code"], name=op.f("fk_investments_to_country_countries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_investments")),
        sa.UniqueConstraint("slug", name=op.f("uq_investments_slug")),
    )
    with op.batch_alter_table("investments", schema=None) as batch_op:
        batch_op.create_index("ix_investments_from_country", ["from_country"], unique=False)
        batch_op.create_index(batch_op.f("ix_investments_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_investments_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_investments_source_id"), ["source_id"], unique=False)
        batch_op.create_index("ix_investments_to_country", ["to_country"], unique=False)

    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=60), nullable=True),
        sa.Column("office", sa.String(length=20), nullable=False),
        sa.Column("from_country", sa.String(length=2), nullable=False),
        sa.Column("to_country", sa.String(length=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.CheckConstraint(
            "office IN ('president', 'prime_minister')", name=op.f("ck_visits_office_vocabulary")
        ),
        sa.CheckConstraint("from_country <> to_country", name=op.f("ck_visits_distinct_countries")),
        sa.CheckConstraint("year BETWEEN 1900 AND 2100", name=op.f("ck_visits_year_range")),
        sa.ForeignKeyConstraint(
            ["from_country"], ["countries.code"], name=op.f("fk_visits_from_country_countries")
        ),
        sa.ForeignKeyConstraint(
            ["paragraph"], ["paragraphs.number"], name=op.f("fk_visits_paragraph_paragraphs")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_visits_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_visits_source_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["to_country"], ["countries.code"], name=op.f("fk_visits_to_country_countries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
        sa.UniqueConstraint(
            "from_country",
            "to_country",
            "office",
            "year",
            name=op.f("uq_visits_from_country_to_country_office_year"),
        ),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_source_id"), ["source_id"], unique=False)
        batch_op.create_index("ix_visits_to_country_year", ["to_country", "year"], unique=False)
        batch_op.create_index("ix_visits_year_id", ["year", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index("ix_visits_year_id")
        batch_op.drop_index("ix_visits_to_country_year")
        batch_op.drop_index(batch_op.f("ix_visits_source_id"))
        batch_op.drop_index(batch_op.f("ix_visits_person_id"))

    op.drop_table("visits")
    with op.batch_alter_table("investments", schema=None) as batch_op:
        batch_op.drop_index("ix_investments_to_country")
        batch_op.drop_index(batch_op.f("ix_investments_source_id"))
        batch_op.drop_index(batch_op.f("ix_investments_project_id"))
        batch_op.drop_index(batch_op.f("ix_investments_kind"))
        batch_op.drop_index("ix_investments_from_country")

    op.drop_table("investments")
    with op.batch_alter_table("summits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_summits_source_id"))

    op.drop_table("summits")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_source_id"))
        batch_op.drop_index(batch_op.f("ix_projects_sector"))
        batch_op.drop_index(batch_op.f("ix_projects_kind"))
        batch_op.drop_index(batch_op.f("ix_projects_country_code"))

    op.drop_table("projects")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_country_code"))

    op.drop_table("people")
    with op.batch_alter_table("missions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_missions_source_id"))
        batch_op.drop_index(batch_op.f("ix_missions_host_country"))

    op.drop_table("missions")
    with op.batch_alter_table("diaspora", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diaspora_source_id"))
        batch_op.drop_index(batch_op.f("ix_diaspora_country_code"))

    op.drop_table("diaspora")
    op.drop_table("sources")
    op.drop_table("paragraphs")
    with op.batch_alter_table("countries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_countries_central_asia"))

    op.drop_table("countries")
