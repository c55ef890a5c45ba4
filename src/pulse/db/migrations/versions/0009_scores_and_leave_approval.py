"""Employee Score and leave approval: the workspace's score weights and approval rule,
the decision on a leave request, and the index the Recognition factor reads.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

Existing workspaces keep today's behaviour: `leave_approval` is `none` (leave is logged at
once), no kind is auto-approved, and the score uses the documented default weights
(`score_weights` NULL).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pulse.db.types import JsonDocument, UtcDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(
            sa.Column("leave_approval", sa.String(8), nullable=False, server_default="none")
        )
        batch.add_column(sa.Column("leave_auto_approve_kinds", JsonDocument, nullable=True))
        batch.add_column(sa.Column("score_weights", JsonDocument, nullable=True))
    with op.batch_alter_table("leave") as batch:
        batch.add_column(sa.Column("decided_by", sa.String(40), nullable=True))
        batch.add_column(sa.Column("decided_at", UtcDateTime(), nullable=True))
        batch.add_column(sa.Column("decision_note", sa.String(500), nullable=True))
    # Recognition reads the kudos an employee received within a window of time.
    op.create_index(
        "ix_kudos_receiver_time",
        "kudos",
        ["workspace_id", "environment", "to_employee_id", "created_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_kudos_receiver_time", table_name="kudos")
    with op.batch_alter_table("leave") as batch:
        batch.drop_column("decision_note")
        batch.drop_column("decided_at")
        batch.drop_column("decided_by")
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("score_weights")
        batch.drop_column("leave_auto_approve_kinds")
        batch.drop_column("leave_approval")
