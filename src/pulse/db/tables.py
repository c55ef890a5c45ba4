"""Every table of the service, on one MetaData.

Tenancy rule: each tenant-owned table leads its primary key and indexes with
`workspace_id, environment`, so every query is tenant-scoped by construction and
the schema can later be sharded by workspace.
"""

from sqlalchemy import (
    Column,
    Date,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    func,
)

from pulse.db.types import JsonDocument, UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = String(40)
ENVIRONMENT = String(4)


def _tenant_columns() -> list[Column[str]]:
    return [
        Column("workspace_id", ID, nullable=False),
        Column("environment", ENVIRONMENT, nullable=False),
    ]


workspaces = Table(
    "workspaces",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False),
    # NULL follows the deployment's PULSE_RATE_LIMIT_PER_MINUTE.
    Column("rate_limit_per_minute", Integer, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    *_tenant_columns(),
    Column("id", ID, nullable=False),
    Column("name", String(200), nullable=True),
    Column("secret_hash", String(64), nullable=False),
    Column("prefix", String(16), nullable=False),
    Column("last4", String(4), nullable=False),
    Column("scopes", JsonDocument, nullable=False),
    Column("employee_id", ID, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_used_at", UtcDateTime, nullable=True),
    Column("expires_at", UtcDateTime, nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
    PrimaryKeyConstraint("workspace_id", "environment", "id"),
    # Authentication finds a key by its hash before it knows the tenant.
    Index("ix_api_keys_secret_hash", "secret_hash", unique=True),
    # `pulse keys revoke ID` names the key alone.
    Index("ix_api_keys_id", "id", unique=True),
)

employees = Table(
    "employees",
    metadata,
    *_tenant_columns(),
    Column("id", ID, nullable=False),
    Column("full_name", String(200), nullable=False),
    Column("email", String(320), nullable=True),
    Column("role", String(200), nullable=True),
    Column("department", String(200), nullable=True),
    Column("manager_id", ID, nullable=True),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=True),
    Column("location", String(200), nullable=True),
    Column("country", String(2), nullable=True),
    Column("custom_fields", JsonDocument, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("workspace_id", "environment", "id"),
    Index("ix_employees_manager", "workspace_id", "environment", "manager_id", "id"),
    Index("ix_employees_department", "workspace_id", "environment", "department", "id"),
    Index("ix_employees_location", "workspace_id", "environment", "location", "id"),
    Index("ix_employees_end_date", "workspace_id", "environment", "end_date"),
)
# Emails are unique per tenant regardless of case (several NULLs are fine).
Index(
    "ix_employees_email_unique",
    employees.c.workspace_id,
    employees.c.environment,
    func.lower(employees.c.email),
    unique=True,
)

events = Table(
    "events",
    metadata,
    *_tenant_columns(),
    Column("id", ID, nullable=False),
    Column("type", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("data", JsonDocument, nullable=False),
    PrimaryKeyConstraint("workspace_id", "environment", "id"),
    Index("ix_events_type", "workspace_id", "environment", "type", "id"),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    *_tenant_columns(),
    Column("api_key_id", ID, nullable=False),
    Column("key", String(255), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    # 0 while the first request runs, then the HTTP status it answered.
    Column("status_code", SmallInteger, nullable=False),
    Column("response_body", LargeBinary, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    # The primary key is what makes concurrent first uses race-safe: one INSERT wins.
    PrimaryKeyConstraint("workspace_id", "environment", "api_key_id", "key"),
    Index("ix_idempotency_keys_expires_at", "expires_at"),
)

__all__ = ["api_keys", "employees", "events", "idempotency_keys", "metadata", "workspaces"]
