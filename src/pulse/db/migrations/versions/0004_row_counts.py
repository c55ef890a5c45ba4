"""Row counts per tenant, so unfiltered lists answer total_count without count(*).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTED = ("employees", "status_log", "kudos", "workload_checkins", "leave", "events")


def upgrade() -> None:
    op.create_table(
        "row_counts",
        sa.Column("workspace_id", sa.String(40), nullable=False),
        sa.Column("environment", sa.String(4), nullable=False),
        sa.Column("resource", sa.String(32), nullable=False),
        sa.Column("shard", sa.SmallInteger(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "workspace_id", "environment", "resource", "shard", name="pk_row_counts"
        ),
    )
    # Existing rows are counted once, into shard 0.
    for table in COUNTED:
        op.execute(
            f"INSERT INTO row_counts (workspace_id, environment, resource, shard, count) "
            f"SELECT workspace_id, environment, '{table}', 0, count(*) FROM {table} "
            f"GROUP BY workspace_id, environment"
        )


def downgrade() -> None:
    op.drop_table("row_counts")
