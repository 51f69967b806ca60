"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}
revision: str = ${repr(up_revision)}
down_revision: str | None = ${repr(down_revision)}
branch_labels: str | Sequence[str] | None = ${repr(branch_labels)}
depends_on: str | Sequence[str] | None = ${repr(depends_on)}

# For op.batch_alter_table(name, **BATCH): a SQLite rebuild needs only the altered table
# reflected, not every table its foreign keys reach (as in 0003-0015). A table created with
# AUTOINCREMENT also needs table_kwargs={"sqlite_autoincrement": True}, or the rebuild drops it.
BATCH = {"reflect_kwargs": {"resolve_fks": False}}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
