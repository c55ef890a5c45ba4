"""Platform core: workspaces, API keys, employees, the events outbox, idempotency keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pulse.db.types import JsonDocument, UtcDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tenant() -> list[sa.Column[str]]:
    return [
        sa.Column("workspace_id", sa.String(40), nullable=False),
        sa.Column("environment", sa.String(4), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("rate_limit_per_minute", sa.Integer(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workspaces"),
    )

    op.create_table(
        "api_keys",
        *_tenant(),
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("last4", sa.String(4), nullable=False),
        sa.Column("scopes", JsonDocument, nullable=False),
        sa.Column("employee_id", sa.String(40), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_used_at", UtcDateTime(), nullable=True),
        sa.Column("expires_at", UtcDateTime(), nullable=True),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("workspace_id", "environment", "id", name="pk_api_keys"),
    )
    op.create_index("ix_api_keys_id", "api_keys", ["id"], unique=True)
    op.create_index("ix_api_keys_secret_hash", "api_keys", ["secret_hash"], unique=True)

    op.create_table(
        "employees",
        *_tenant(),
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("role", sa.String(200), nullable=True),
        sa.Column("department", sa.String(200), nullable=True),
        sa.Column("manager_id", sa.String(40), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("location", sa.String(200), nullable=True),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column("custom_fields", JsonDocument, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "environment", "id", name="pk_employees"),
    )
    tenant = ["workspace_id", "environment"]
    op.create_index("ix_employees_manager", "employees", [*tenant, "manager_id", "id"])
    op.create_index("ix_employees_department", "employees", [*tenant, "department", "id"])
    op.create_index("ix_employees_location", "employees", [*tenant, "location", "id"])
    op.create_index("ix_employees_end_date", "employees", [*tenant, "end_date"])
    op.create_index(
        "ix_employees_email_unique",
        "employees",
        [*tenant, sa.text("lower(email)")],
        unique=True,
    )

    op.create_table(
        "events",
        *_tenant(),
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("data", JsonDocument, nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "environment", "id", name="pk_events"),
    )
    op.create_index("ix_events_type", "events", [*tenant, "type", "id"])

    op.create_table(
        "idempotency_keys",
        *_tenant(),
        sa.Column("api_key_id", sa.String(40), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.SmallInteger(), nullable=False),
        sa.Column("response_body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint(
            "workspace_id", "environment", "api_key_id", "key", name="pk_idempotency_keys"
        ),
    )
    op.create_index("ix_idempotency_keys_expires_at", "idempotency_keys", ["expires_at"])


def downgrade() -> None:
    for table in ("idempotency_keys", "events", "employees", "api_keys", "workspaces"):
        op.drop_table(table)
