"""The developer console: members, their sign-in links and sessions, failed sign-ins, and
the audit log.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

None of these tables is counted in `row_counts`: none is answered as a paged API list
with a `total_count`, so none needs the counting triggers of migrations 0005 and 0006.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pulse.db.types import JsonDocument, UtcDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(40)


def upgrade() -> None:
    op.create_table(
        "console_members",
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("id", ID, nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("removed_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("workspace_id", "id", name="pk_console_members"),
    )
    op.create_index("ix_console_members_id", "console_members", ["id"], unique=True)
    op.create_index("ix_console_members_email", "console_members", ["email"], unique=True)

    op.create_table(
        "console_sign_in_links",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("member_id", ID, nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("used_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name="pk_console_sign_in_links"),
    )
    op.create_index("ix_console_sign_in_links_member_id", "console_sign_in_links", ["member_id"])

    op.create_table(
        "console_sessions",
        sa.Column("id_hash", sa.String(64), nullable=False),
        sa.Column("member_id", ID, nullable=False),
        sa.Column("environment", sa.String(4), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id_hash", name="pk_console_sessions"),
    )
    op.create_index("ix_console_sessions_member_id", "console_sessions", ["member_id"])

    op.create_table(
        "console_sign_in_failures",
        sa.Column("id", ID, nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("locks_until", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_console_sign_in_failures"),
    )
    op.create_index(
        "ix_console_sign_in_failures_email_at", "console_sign_in_failures", ["email", "at"]
    )

    op.create_table(
        "audit_log",
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("id", ID, nullable=False),
        sa.Column("environment", sa.String(4), nullable=True),
        sa.Column("actor", ID, nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.String(200), nullable=True),
        sa.Column("details", JsonDocument, nullable=False),
        sa.Column("ip", sa.String(45), nullable=True),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_action", "audit_log", ["workspace_id", "action", "id"])


def downgrade() -> None:
    for table in (
        "audit_log",
        "console_sign_in_failures",
        "console_sessions",
        "console_sign_in_links",
        "console_members",
    ):
        op.drop_table(table)
