"""Webhooks: endpoints, deliveries with their attempts, and the events' fan-out mark.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pulse.db.types import JsonDocument, UtcDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT = ["workspace_id", "environment"]


def _tenant() -> list[sa.Column[str]]:
    return [
        sa.Column("workspace_id", sa.String(40), nullable=False),
        sa.Column("environment", sa.String(4), nullable=False),
        sa.Column("id", sa.String(40), nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("fanned_out_at", UtcDateTime(), nullable=True))
    # Events older than webhooks had no endpoint to go to.
    op.execute("UPDATE events SET fanned_out_at = created_at")
    unfanned = sa.text("fanned_out_at IS NULL")
    op.create_index(
        "ix_events_unfanned", "events", ["id"], postgresql_where=unfanned, sqlite_where=unfanned
    )

    op.create_table(
        "webhook_endpoints",
        *_tenant(),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("description", sa.String(500), nullable=True),
        sa.Column("events", JsonDocument, nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("disabled_reason", sa.String(200), nullable=True),
        sa.Column("secret", sa.String(64), nullable=False),
        sa.Column("previous_secret", sa.String(64), nullable=True),
        sa.Column("previous_secret_expires_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint(*TENANT, "id", name="pk_webhook_endpoints"),
    )

    op.create_table(
        "webhook_deliveries",
        *_tenant(),
        sa.Column("endpoint_id", sa.String(40), nullable=False),
        sa.Column("event_id", sa.String(40), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempt_count", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("lease_expires_at", UtcDateTime(), nullable=True),
        sa.Column("deadline_at", UtcDateTime(), nullable=False),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("completed_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint(*TENANT, "id", name="pk_webhook_deliveries"),
    )
    op.create_index(
        "ix_webhook_deliveries_endpoint", "webhook_deliveries", [*TENANT, "endpoint_id", "id"]
    )
    op.create_index("ix_webhook_deliveries_event", "webhook_deliveries", [*TENANT, "event_id"])
    pending = sa.text("status = 'pending'")
    op.create_index(
        "ix_webhook_deliveries_due",
        "webhook_deliveries",
        ["next_attempt_at"],
        postgresql_where=pending,
        sqlite_where=pending,
    )

    op.create_table(
        "webhook_attempts",
        *_tenant(),
        sa.Column("delivery_id", sa.String(40), nullable=False),
        sa.Column("attempted_at", UtcDateTime(), nullable=False),
        sa.Column("status_code", sa.SmallInteger(), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(500), nullable=True),
        sa.Column("response_body", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint(*TENANT, "id", name="pk_webhook_attempts"),
    )
    op.create_index(
        "ix_webhook_attempts_delivery", "webhook_attempts", [*TENANT, "delivery_id", "id"]
    )


def downgrade() -> None:
    for table in ("webhook_attempts", "webhook_deliveries", "webhook_endpoints"):
        op.drop_table(table)
    op.drop_index("ix_events_unfanned", table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("fanned_out_at")
