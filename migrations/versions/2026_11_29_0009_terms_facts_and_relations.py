"""Relations between states, people's terms in office and the facts the article gives about them.

Revision ID: 0009
Revises: 0005
Create Date: 2026-11-29

Three new cited tables (issue 14): `relations` (recognition and diplomatic relations between
Korea and each republic), `terms` (a person's office, country and the years the article gives)
and `person_facts` (what befell a person: a death in office, a sentence, a peaceful handover).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_country", sa.String(length=2), nullable=False),
        sa.Column("to_country", sa.String(length=2), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.Column("locator", sa.String(length=200), nullable=True),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.CheckConstraint(
            "kind IN ('recognition', 'diplomatic_relations')",
            name=op.f("ck_relations_kind_vocabulary"),
        ),
        sa.CheckConstraint(
            "from_country <> to_country", name=op.f("ck_relations_distinct_countries")
        ),
        sa.CheckConstraint(
            "paragraph IS NOT NULL OR locator IS NOT NULL", name=op.f("ck_relations_located")
        ),
        sa.CheckConstraint("year BETWEEN 1900 AND 2100", name=op.f("ck_relations_year_range")),
        sa.ForeignKeyConstraint(
            ["from_country"], ["countries.code"], name=op.f("fk_relations_from_country_countries")
        ),
        sa.ForeignKeyConstraint(
            ["paragraph"], ["paragraphs.number"], name=op.f("fk_relations_paragraph_paragraphs")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_relations_source_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["to_country"], ["countries.code"], name=op.f("fk_relations_to_country_countries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relations")),
        sa.UniqueConstraint(
            "from_country",
            "to_country",
            "kind",
            name=op.f("uq_relations_from_country_to_country_kind"),
        ),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("relations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_relations_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_relations_to_country"), ["to_country"], unique=False)

    op.create_table(
        "person_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("figure", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.Column("locator", sa.String(length=200), nullable=True),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.CheckConstraint(
            "kind IN ('left_country', 'served_full_term', 'relatives_jailed', 'found_dead', "
            "'harmed_by_relatives', 'sentenced', 'assassinated', 'died_in_office', "
            "'came_to_power', 'peaceful_transfer')",
            name=op.f("ck_person_facts_kind_vocabulary"),
        ),
        sa.CheckConstraint(
            "(figure IS NULL) = (unit IS NULL)", name=op.f("ck_person_facts_figure_has_unit")
        ),
        sa.CheckConstraint("figure >= 0", name=op.f("ck_person_facts_figure_not_negative")),
        sa.CheckConstraint(
            "paragraph IS NOT NULL OR locator IS NOT NULL", name=op.f("ck_person_facts_located")
        ),
        sa.CheckConstraint("year BETWEEN 1900 AND 2100", name=op.f("ck_person_facts_year_range")),
        sa.ForeignKeyConstraint(
            ["paragraph"], ["paragraphs.number"], name=op.f("fk_person_facts_paragraph_paragraphs")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_person_facts_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_person_facts_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_facts")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("person_facts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_facts_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_facts_source_id"), ["source_id"], unique=False)

    op.create_table(
        "terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=60), nullable=False),
        sa.Column("office", sa.String(length=20), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=True),
        sa.Column("end_year", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.Column("locator", sa.String(length=200), nullable=True),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.CheckConstraint(
            "office IN ('president', 'prime_minister')", name=op.f("ck_terms_office_vocabulary")
        ),
        sa.CheckConstraint("end_year BETWEEN 1900 AND 2100", name=op.f("ck_terms_end_year_range")),
        sa.CheckConstraint(
            "paragraph IS NOT NULL OR locator IS NOT NULL", name=op.f("ck_terms_located")
        ),
        sa.CheckConstraint("start_year <= end_year", name=op.f("ck_terms_ordered_years")),
        sa.CheckConstraint(
            "start_year BETWEEN 1900 AND 2100", name=op.f("ck_terms_start_year_range")
        ),
        sa.ForeignKeyConstraint(
            ["country_code"], ["countries.code"], name=op.f("fk_terms_country_code_countries")
        ),
        sa.ForeignKeyConstraint(
            ["paragraph"], ["paragraphs.number"], name=op.f("fk_terms_paragraph_paragraphs")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_terms_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_terms_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_terms")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("terms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_terms_country_code"), ["country_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_terms_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_terms_source_id"), ["source_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("terms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_terms_source_id"))
        batch_op.drop_index(batch_op.f("ix_terms_person_id"))
        batch_op.drop_index(batch_op.f("ix_terms_country_code"))

    op.drop_table("terms")
    with op.batch_alter_table("person_facts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_facts_source_id"))
        batch_op.drop_index(batch_op.f("ix_person_facts_person_id"))

    op.drop_table("person_facts")
    with op.batch_alter_table("relations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relations_to_country"))
        batch_op.drop_index(batch_op.f("ix_relations_source_id"))

    op.drop_table("relations")
