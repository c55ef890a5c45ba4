"""The four journals (status log, kudos, workload check-ins, leave) and workspace settings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pulse.db.types import JsonDocument, UtcDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT = ["workspace_id", "environment"]


def _tenant() -> list[sa.Column[str]]:
    return [
        sa.Column("workspace_id", sa.String(40), nullable=False),
        sa.Column("environment", sa.String(4), nullable=False),
        sa.Column("id", sa.String(40), nullable=False),
    ]


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*TENANT, "id", name=f"pk_{table}")


def upgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(
            sa.Column("kudos_monthly_allowance", sa.Integer(), nullable=False, server_default="100")
        )
        batch.add_column(sa.Column("leave_policy", JsonDocument, nullable=True))

    op.create_table(
        "status_log",
        *_tenant(),
        sa.Column("employee_id", sa.String(40), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("lines", JsonDocument, nullable=False),
        sa.Column("topic", sa.String(80), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        _pk("status_log"),
    )
    op.create_index(
        "ix_status_log_employee_date", "status_log", [*TENANT, "employee_id", "date"], unique=True
    )
    op.create_index("ix_status_log_date", "status_log", [*TENANT, "date", "id"])

    op.create_table(
        "kudos",
        *_tenant(),
        sa.Column("from_employee_id", sa.String(40), nullable=False),
        sa.Column("to_employee_id", sa.String(40), nullable=False),
        sa.Column("coins", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(32), nullable=False),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        _pk("kudos"),
    )
    op.create_index("ix_kudos_giver", "kudos", [*TENANT, "from_employee_id", "created_at"])
    op.create_index("ix_kudos_receiver", "kudos", [*TENANT, "to_employee_id", "id"])
    op.create_index("ix_kudos_tag", "kudos", [*TENANT, "tag", "id"])

    op.create_table(
        "workload_checkins",
        *_tenant(),
        sa.Column("employee_id", sa.String(40), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        _pk("workload_checkins"),
    )
    op.create_index(
        "ix_workload_checkins_employee_week",
        "workload_checkins",
        [*TENANT, "employee_id", "week_start"],
        unique=True,
    )
    op.create_index("ix_workload_checkins_week", "workload_checkins", [*TENANT, "week_start", "id"])

    op.create_table(
        "leave",
        *_tenant(),
        sa.Column("employee_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("half_days", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("cancelled_at", UtcDateTime(), nullable=True),
        _pk("leave"),
    )
    op.create_index("ix_leave_employee_dates", "leave", [*TENANT, "employee_id", "start_date"])
    op.create_index("ix_leave_start", "leave", [*TENANT, "start_date", "id"])


def downgrade() -> None:
    for table in ("leave", "workload_checkins", "kudos", "status_log"):
        op.drop_table(table)
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("leave_policy")
        batch.drop_column("kudos_monthly_allowance")
