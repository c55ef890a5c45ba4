"""Employee history: every change to an employee (applied, scheduled, cancelled or
failed), the index incremental syncs read (`updated_since`), and when an employee
was erased.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04

Changes made before this revision have no history rows: their events stay the record.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pulse.db.types import JsonDocument, UtcDateTime

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "employee_changes",
        sa.Column("workspace_id", sa.String(40), nullable=False),
        sa.Column("environment", sa.String(4), nullable=False),
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("employee_id", sa.String(40), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("changes", JsonDocument, nullable=False),
        sa.Column("event_id", sa.String(40), nullable=True),
        sa.Column("failure_reason", sa.String(500), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("changed_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("workspace_id", "environment", "id", name="pk_employee_changes"),
    )
    op.create_index(
        "ix_employee_changes_employee",
        "employee_changes",
        ["workspace_id", "environment", "employee_id", "id"],
    )
    op.create_index(
        "ix_employee_changes_due",
        "employee_changes",
        ["effective_date"],
        postgresql_where=sa.text("status = 'scheduled'"),
        sqlite_where=sa.text("status = 'scheduled'"),
    )
    op.create_index(
        "ix_employees_updated_at", "employees", ["workspace_id", "environment", "updated_at"]
    )
    with op.batch_alter_table("employees") as batch:
        batch.add_column(sa.Column("erased_at", UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("employees") as batch:
        batch.drop_column("erased_at")
    op.drop_index("ix_employees_updated_at", table_name="employees")
    op.drop_index("ix_employee_changes_due", table_name="employee_changes")
    op.drop_index("ix_employee_changes_employee", table_name="employee_changes")
    op.drop_table("employee_changes")
