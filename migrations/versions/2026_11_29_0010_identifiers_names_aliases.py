"""Country identifiers (ISO 3166-1 alpha-3 and numeric), country names in other languages,
and other spellings of people's names.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29

The identifiers of the fourteen countries the seeds hold are filled in here (ISO 3166-1, as
seeds/countries.csv gives them). The new tables start empty: `kca seed` fills them from
seeds/country_names.csv and seeds/person_aliases.csv and rebuilds the search index, so the
names and spellings become searchable.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

THIS_TABLE_ONLY = {"resolve_fks": False}
"""SQLite rebuilds a table in a batch: it reflects only that table (its foreign keys name
the tables they reference), not every table those reference in turn."""

IDENTIFIERS = {
    "BY": ("BLR", "112"),
    "CN": ("CHN", "156"),
    "JP": ("JPN", "392"),
    "KG": ("KGZ", "417"),
    "KP": ("PRK", "408"),
    "KR": ("KOR", "410"),
    "KZ": ("KAZ", "398"),
    "MN": ("MNG", "496"),
    "RU": ("RUS", "643"),
    "TJ": ("TJK", "762"),
    "TM": ("TKM", "795"),
    "UA": ("UKR", "804"),
    "US": ("USA", "840"),
    "UZ": ("UZB", "860"),
}


def upgrade() -> None:
    op.add_column("countries", sa.Column("alpha3", sa.String(length=3), nullable=True))
    op.add_column("countries", sa.Column("numeric", sa.String(length=3), nullable=True))
    countries = sa.table("countries", sa.column("code"), sa.column("alpha3"), sa.column("numeric"))
    for code, (alpha3, numeric) in IDENTIFIERS.items():
        op.execute(
            countries.update()
            .where(countries.c.code == code)
            .values(alpha3=alpha3, numeric=numeric)
        )
    op.create_table(
        "country_names",
        sa.Column("id", sa.String(length=12), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_code"],
            ["countries.code"],
            name=op.f("fk_country_names_country_code_countries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_country_names")),
        sa.UniqueConstraint(
            "country_code", "lang", name=op.f("uq_country_names_country_code_lang")
        ),
    )
    op.create_table(
        "person_aliases",
        sa.Column("id", sa.String(length=60), nullable=False),
        sa.Column("person_id", sa.String(length=60), nullable=False),
        sa.Column("alias", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("publisher", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("locator", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_person_aliases_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_aliases")),
    )
    op.create_index(
        op.f("ix_person_aliases_person_id"), "person_aliases", ["person_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_person_aliases_person_id"), table_name="person_aliases")
    op.drop_table("person_aliases")
    op.drop_table("country_names")
    with op.batch_alter_table("countries", reflect_kwargs=THIS_TABLE_ONLY) as batch:
        batch.drop_column("numeric")
        batch.drop_column("alpha3")
