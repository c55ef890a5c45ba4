"""Row counts kept by the database: a trigger on each counted table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Every insert into a counted table bumps its tenant's count in the same
transaction, whoever inserts (the API, the CLI, a bulk COPY), at no cost to the
application. PostgreSQL spreads each count over 16 shard rows so that concurrent
writers of one tenant seldom wait on the same row; SQLite's writers take turns
anyway, so it keeps one.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTED = ("employees", "status_log", "kudos", "workload_checkins", "leave", "events")
SHARDS = 16

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION pulse_count_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO row_counts (workspace_id, environment, resource, shard, count)
    VALUES (NEW.workspace_id, NEW.environment, TG_TABLE_NAME,
            floor(random() * {SHARDS})::smallint, 1)
    ON CONFLICT (workspace_id, environment, resource, shard)
    DO UPDATE SET count = row_counts.count + 1;
    RETURN NULL;
END
$$
"""


def _sqlite_trigger(table: str) -> str:
    return f"""
CREATE TRIGGER {table}_count AFTER INSERT ON {table} BEGIN
    INSERT INTO row_counts (workspace_id, environment, resource, shard, count)
    VALUES (NEW.workspace_id, NEW.environment, '{table}', 0, 1)
    ON CONFLICT (workspace_id, environment, resource, shard)
    DO UPDATE SET count = count + 1;
END
"""


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(POSTGRES_FUNCTION)
    for table in COUNTED:
        if postgres:
            op.execute(
                f"CREATE TRIGGER {table}_count AFTER INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION pulse_count_row()"
            )
        else:
            op.execute(_sqlite_trigger(table))


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in COUNTED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_count" + (f" ON {table}" if postgres else ""))
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS pulse_count_row()")
