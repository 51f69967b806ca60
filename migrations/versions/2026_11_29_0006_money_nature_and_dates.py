"""Money figures by their nature, dates with their precision, fuller footnotes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

Investments say what they measure (`nature`), whether they have a direction, and the amount
and currency as printed; the existing rows get the nature and direction their kind implies (the
seeds then refine them). Projects qualify their value and may point at a record that could be
the same thing; projects and missions gain dates to the day or month; missions name who decreed
them; sources gain volume, issue, pages and place. SQLite rebuilds each table in a batch, kept
AUTOINCREMENT as revision 0005 made it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NATURES = "'stock', 'flow', 'commitment', 'ceiling', 'two_way_trade', 'forecast'"
DIRECTIONS = "'one_way', 'two_way', 'unstated', 'none'"
QUALIFIERS = "'exact', 'more_than', 'about', 'up_to'"
NATURE_OF_KIND = {
    "investment_stock": "stock",
    "trade_turnover": "two_way_trade",
    "credit_line": "ceiling",
    "agreements_signed": "commitment",
    "gdp_forecast": "forecast",
}
DATED = ("projects", "missions")
BATCH = {
    "table_kwargs": {"sqlite_autoincrement": True},
    "reflect_kwargs": {"resolve_fks": False},
}
"""SQLite rebuilds the table in a batch: it reflects only that table (its foreign keys name
the tables they reference), not every table those reference in turn."""


def _dated_columns(batch, table: str) -> None:
    batch.add_column(sa.Column("date_start", sa.String(10), nullable=True))
    batch.add_column(sa.Column("date_end", sa.String(10), nullable=True))
    batch.add_column(sa.Column("date_precision", sa.String(5), nullable=True))
    batch.create_check_constraint(
        "date_precision_vocabulary", "date_precision IN ('day', 'month', 'year')"
    )
    batch.create_check_constraint(op.f(f"ck_{table}_dates_ordered"), "date_end >= date_start")
    batch.create_check_constraint(
        "date_precision_given", "(date_start IS NULL) = (date_precision IS NULL)"
    )


def upgrade() -> None:
    with op.batch_alter_table("investments", **BATCH) as batch:
        batch.add_column(sa.Column("nature", sa.String(20), nullable=True))
        batch.add_column(sa.Column("direction", sa.String(10), nullable=True))
        batch.add_column(sa.Column("amount_printed", sa.String(60), nullable=True))
        batch.add_column(sa.Column("currency_printed", sa.String(10), nullable=True))
        batch.add_column(sa.Column("note", sa.String(300), nullable=True))
    nature = " ".join(f"WHEN '{kind}' THEN '{n}'" for kind, n in NATURE_OF_KIND.items())
    op.execute(
        f"UPDATE investments SET nature = CASE kind {nature} ELSE 'flow' END, "
        "direction = CASE WHEN kind = 'trade_turnover' THEN 'two_way' "
        "WHEN from_country IS NULL OR to_country IS NULL THEN 'none' ELSE 'one_way' END"
    )
    with op.batch_alter_table("investments", **BATCH) as batch:
        batch.alter_column("nature", existing_type=sa.String(20), nullable=False)
        batch.alter_column("direction", existing_type=sa.String(10), nullable=False)
        batch.create_check_constraint(
            op.f("ck_investments_nature_vocabulary"), f"nature IN ({NATURES})"
        )
        batch.create_check_constraint(
            op.f("ck_investments_direction_vocabulary"), f"direction IN ({DIRECTIONS})"
        )
        batch.create_index("ix_investments_nature", ["nature"])

    with op.batch_alter_table("projects", **BATCH) as batch:
        batch.add_column(sa.Column("value_qualifier", sa.String(20), nullable=True))
        batch.add_column(sa.Column("possibly_same_as", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_projects_possibly_same_as_projects", "projects", ["possibly_same_as"], ["id"]
        )
    op.execute("UPDATE projects SET value_qualifier = 'exact' WHERE value_usd IS NOT NULL")
    with op.batch_alter_table("projects", **BATCH) as batch:
        batch.create_check_constraint(
            "value_qualifier_vocabulary", f"value_qualifier IN ({QUALIFIERS})"
        )
        batch.create_check_constraint(
            "value_qualified", "(value_usd IS NULL) = (value_qualifier IS NULL)"
        )
        _dated_columns(batch, "projects")

    with op.batch_alter_table("missions", **BATCH) as batch:
        batch.add_column(sa.Column("decreed_by", sa.String(60), nullable=True))
        batch.create_foreign_key("fk_missions_decreed_by_people", "people", ["decreed_by"], ["id"])
        batch.drop_constraint(op.f("ck_missions_kind_vocabulary"), type_="check")
        batch.create_check_constraint(
            "kind_vocabulary", "kind IN ('embassy', 'diplomatic_mission', 'consulate_general')"
        )
        _dated_columns(batch, "missions")

    with op.batch_alter_table("sources", **BATCH) as batch:
        batch.add_column(sa.Column("volume", sa.String(20), nullable=True))
        batch.add_column(sa.Column("issue", sa.String(20), nullable=True))
        batch.add_column(sa.Column("pages", sa.String(20), nullable=True))
        batch.add_column(sa.Column("place", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sources", **BATCH) as batch:
        for column in ("place", "pages", "issue", "volume"):
            batch.drop_column(column)
    op.execute("UPDATE missions SET kind = 'embassy' WHERE kind = 'diplomatic_mission'")
    with op.batch_alter_table("missions", **BATCH) as batch:
        for check in ("date_precision_given", "dates_ordered", "date_precision_vocabulary"):
            batch.drop_constraint(op.f(f"ck_missions_{check}"), type_="check")
        batch.drop_constraint(op.f("ck_missions_kind_vocabulary"), type_="check")
        batch.create_check_constraint(
            op.f("ck_missions_kind_vocabulary"), "kind IN ('embassy', 'consulate_general')"
        )
        batch.drop_constraint("fk_missions_decreed_by_people", type_="foreignkey")
        for column in ("date_precision", "date_end", "date_start", "decreed_by"):
            batch.drop_column(column)
    with op.batch_alter_table("projects", **BATCH) as batch:
        for check in (
            "date_precision_given",
            "dates_ordered",
            "date_precision_vocabulary",
            "value_qualified",
            "value_qualifier_vocabulary",
        ):
            batch.drop_constraint(op.f(f"ck_projects_{check}"), type_="check")
        batch.drop_constraint("fk_projects_possibly_same_as_projects", type_="foreignkey")
        for column in ("date_precision", "date_end", "date_start", "possibly_same_as"):
            batch.drop_column(column)
        batch.drop_column("value_qualifier")
    with op.batch_alter_table("investments", **BATCH) as batch:
        batch.drop_index("ix_investments_nature")
        batch.drop_constraint(op.f("ck_investments_direction_vocabulary"), type_="check")
        batch.drop_constraint(op.f("ck_investments_nature_vocabulary"), type_="check")
        for column in ("note", "currency_printed", "amount_printed", "direction", "nature"):
            batch.drop_column(column)
