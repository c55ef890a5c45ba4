"""Incidents: each failure of the server (a 500, a crashed worker loop), grouped by kind.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pulse.db.types import UtcDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incident_kinds",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("exception_type", sa.String(200), nullable=False),
        sa.Column("location", sa.String(300), nullable=False),
        sa.Column("route", sa.String(300), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        sa.Column("last_alerted_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_incident_kinds"),
    )
    op.create_index("ix_incident_kinds_last_seen_at", "incident_kinds", ["last_seen_at"])
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("kind_id", sa.String(40), nullable=False),
        sa.Column("route", sa.String(300), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("occurred_at", UtcDateTime(), nullable=False),
        sa.Column("traceback", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
    )
    op.create_index("ix_incidents_kind_id", "incidents", ["kind_id", "occurred_at"])


def downgrade() -> None:
    op.drop_index("ix_incidents_kind_id", table_name="incidents")
    op.drop_table("incidents")
    op.drop_index("ix_incident_kinds_last_seen_at", table_name="incident_kinds")
    op.drop_table("incident_kinds")
