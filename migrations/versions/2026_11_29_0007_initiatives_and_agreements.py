"""Policy initiatives and agreements, each dated with its precision (issue 14).

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-29

Two new record tables: `initiatives` (a policy and its parts, each part pointing at the one it
belongs to and, for rival initiatives, at the one it competes with) and `agreements`
(agreements, packages, negotiations and decrees with a status, linked to their money figure or
mission). Both carry `date_start`/`date_end`/`date_precision` and a `year` for year filters.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "initiatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("person_id", sa.String(length=60), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("competes_with_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.Column("locator", sa.String(length=200), nullable=True),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "date_precision IN ('day', 'month', 'year')",
            name=op.f("ck_initiatives_date_precision_vocabulary"),
        ),
        sa.CheckConstraint(
            "kind IN ('platform', 'policy', 'phase', 'aim', 'framework', 'corridor', 'focus', "
            "'task_list', 'strategy', 'sector', 'task', 'themed_year', 'goal_list', 'goal')",
            name=op.f("ck_initiatives_kind_vocabulary"),
        ),
        sa.CheckConstraint(
            "(date_start IS NULL) = (date_precision IS NULL)",
            name=op.f("ck_initiatives_date_precise"),
        ),
        sa.CheckConstraint("date_end >= date_start", name=op.f("ck_initiatives_dates_ordered")),
        sa.CheckConstraint(
            "paragraph IS NOT NULL OR locator IS NOT NULL", name=op.f("ck_initiatives_located")
        ),
        sa.CheckConstraint("parent_id <> id", name=op.f("ck_initiatives_not_own_parent")),
        sa.CheckConstraint("year BETWEEN 1900 AND 2100", name=op.f("ck_initiatives_year_range")),
        sa.ForeignKeyConstraint(
            ["competes_with_id"],
            ["initiatives.id"],
            name=op.f("fk_initiatives_competes_with_id_initiatives"),
        ),
        sa.ForeignKeyConstraint(
            ["country_code"], ["countries.code"], name=op.f("fk_initiatives_country_code_countries")
        ),
        sa.ForeignKeyConstraint(
            ["paragraph"], ["paragraphs.number"], name=op.f("fk_initiatives_paragraph_paragraphs")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["initiatives.id"], name=op.f("fk_initiatives_parent_id_initiatives")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_initiatives_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_initiatives_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiatives")),
        sa.UniqueConstraint("slug", name=op.f("uq_initiatives_slug")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_initiatives_country_code"), ["country_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_initiatives_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiatives_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiatives_source_id"), ["source_id"], unique=False)

    op.create_table(
        "agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("country_a", sa.String(length=2), nullable=False),
        sa.Column("country_b", sa.String(length=2), nullable=True),
        sa.Column("person_id", sa.String(length=60), nullable=True),
        sa.Column("documents", sa.Integer(), nullable=True),
        sa.Column("investment_id", sa.Integer(), nullable=True),
        sa.Column("mission_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.Column("locator", sa.String(length=200), nullable=True),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "date_precision IN ('day', 'month', 'year')",
            name=op.f("ck_agreements_date_precision_vocabulary"),
        ),
        sa.CheckConstraint(
            "kind IN ('agreement', 'agreement_package', 'decree')",
            name=op.f("ck_agreements_kind_vocabulary"),
        ),
        sa.CheckConstraint(
            "status IN ('negotiating', 'agreed', 'signed', 'decreed', 'in_force')",
            name=op.f("ck_agreements_status_vocabulary"),
        ),
        sa.CheckConstraint(
            "(date_start IS NULL) = (date_precision IS NULL)",
            name=op.f("ck_agreements_date_precise"),
        ),
        sa.CheckConstraint("country_a <> country_b", name=op.f("ck_agreements_distinct_countries")),
        sa.CheckConstraint("date_end >= date_start", name=op.f("ck_agreements_dates_ordered")),
        sa.CheckConstraint("documents >= 1", name=op.f("ck_agreements_documents_positive")),
        sa.CheckConstraint(
            "paragraph IS NOT NULL OR locator IS NOT NULL", name=op.f("ck_agreements_located")
        ),
        sa.CheckConstraint("year BETWEEN 1900 AND 2100", name=op.f("ck_agreements_year_range")),
        sa.ForeignKeyConstraint(
            ["country_a"], ["countries.code"], name=op.f("fk_agreements_country_a_countries")
        ),
        sa.ForeignKeyConstraint(
            ["country_b"], ["countries.code"], name=op.f("fk_agreements_country_b_countries")
        ),
        sa.ForeignKeyConstraint(
            ["investment_id"],
            ["investments.id"],
            name=op.f("fk_agreements_investment_id_investments"),
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"], ["missions.id"], name=op.f("fk_agreements_mission_id_missions")
        ),
        sa.ForeignKeyConstraint(
            ["paragraph"], ["paragraphs.number"], name=op.f("fk_agreements_paragraph_paragraphs")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_agreements_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_agreements_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
        sa.UniqueConstraint("slug", name=op.f("uq_agreements_slug")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreements_country_a"), ["country_a"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreements_country_b"), ["country_b"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreements_source_id"), ["source_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreements_source_id"))
        batch_op.drop_index(batch_op.f("ix_agreements_country_b"))
        batch_op.drop_index(batch_op.f("ix_agreements_country_a"))

    op.drop_table("agreements")
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiatives_source_id"))
        batch_op.drop_index(batch_op.f("ix_initiatives_person_id"))
        batch_op.drop_index(batch_op.f("ix_initiatives_parent_id"))
        batch_op.drop_index(batch_op.f("ix_initiatives_country_code"))

    op.drop_table("initiatives")
