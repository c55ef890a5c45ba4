"""Every table of the service, on one MetaData.

Tenancy rule: each tenant-owned table leads its primary key and indexes with
`workspace_id, environment`, so every query is tenant-scoped by construction and
the schema can later be sharded by workspace.
"""

from sqlalchemy import (
    BigInteger,
    Boolean,
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
    Text,
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
    # Coins each employee may give per calendar month (UTC).
    Column("kudos_monthly_allowance", Integer, nullable=False, server_default="100"),
    # Annual leave allowance per kind, in days; a missing or null kind is unlimited.
    Column("leave_policy", JsonDocument, nullable=True),
    # `none`: leave is logged at once; `manager`: leave is requested and then decided.
    Column("leave_approval", String(8), nullable=False, server_default="none"),
    # Kinds logged at once even under `manager` approval (e.g. ["sick"]); NULL: none.
    Column("leave_auto_approve_kinds", JsonDocument, nullable=True),
    # The Employee Score's factor weights; NULL follows the documented defaults.
    Column("score_weights", JsonDocument, nullable=True),
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
    # Set once the employee's personal data has been erased (`POST .../erase`).
    Column("erased_at", UtcDateTime, nullable=True),
    PrimaryKeyConstraint("workspace_id", "environment", "id"),
    Index("ix_employees_manager", "workspace_id", "environment", "manager_id", "id"),
    Index("ix_employees_department", "workspace_id", "environment", "department", "id"),
    Index("ix_employees_location", "workspace_id", "environment", "location", "id"),
    Index("ix_employees_end_date", "workspace_id", "environment", "end_date"),
    # Incremental syncs: `GET /v1/employees?updated_since=`.
    Index("ix_employees_updated_at", "workspace_id", "environment", "updated_at"),
)
# Emails are unique per tenant regardless of case (several NULLs are fine).
Index(
    "ix_employees_email_unique",
    employees.c.workspace_id,
    employees.c.environment,
    func.lower(employees.c.email),
    unique=True,
)

# Every change to an employee, oldest first by id: applied at once, or scheduled for an
# effective date (then applied, cancelled, or failed when no longer valid that day).
employee_changes = Table(
    "employee_changes",
    metadata,
    *_tenant_columns(),
    Column("id", ID, nullable=False),
    Column("employee_id", ID, nullable=False),
    # applied, scheduled, cancelled or failed.
    Column("status", String(16), nullable=False),
    Column("effective_date", Date, nullable=False),
    # {field: {"from": value, "to": value}}
    Column("changes", JsonDocument, nullable=False),
    # The employee.* event that told of the change, once applied.
    Column("event_id", ID, nullable=True),
    Column("failure_reason", String(500), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    # When the change was applied (NULL until then).
    Column("changed_at", UtcDateTime, nullable=True),
    PrimaryKeyConstraint("workspace_id", "environment", "id"),
    Index("ix_employee_changes_employee", "workspace_id", "environment", "employee_id", "id"),
)
# The schedule spans tenants (workers serve them all): only changes still waiting, by day.
Index(
    "ix_employee_changes_due",
    employee_changes.c.effective_date,
    postgresql_where=employee_changes.c.status == "scheduled",
    sqlite_where=employee_changes.c.status == "scheduled",
)

events = Table(
    "events",
    metadata,
    *_tenant_columns(),
    Column("id", ID, nullable=False),
    Column("type", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("data", JsonDocument, nullable=False),
    # Set once the delivery workers have made this event's deliveries.
    Column("fanned_out_at", UtcDateTime, nullable=True),
    PrimaryKeyConstraint("workspace_id", "environment", "id"),
    Index("ix_events_type", "workspace_id", "environment", "type", "id"),
)
# The fan-out queue: only events still waiting for it, so it stays small.
Index(
    "ix_events_unfanned",
    events.c.id,
    postgresql_where=events.c.fanned_out_at.is_(None),
    sqlite_where=events.c.fanned_out_at.is_(None),
)

status_log = Table(
    "status_log",
    metadata,
    *_tenant_columns(),
    Column("id", ID, nullable=False),
    Column("employee_id", ID, nullable=False),
    Column("date", Date, nullable=False),
    Column("lines", JsonDocument, nullable=False),
    Column("topic", String(80), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("workspace_id", "environment", "id"),
    # One entry per employee per day; the index also serves the employee filter.
    Index(
        "ix_status_log_employee_date",
        "workspace_id",
        "environment",
        "employee_id",
        "date",
        unique=True,
    ),
    Index("ix_status_log_date", "workspace_id", "environment", "date", "id"),
)

kudos = Table(
    "kudos",
    metadata,
    *_tenant_columns(),
    Column("id", ID, nullable=False),
    Column("from_employee_id", ID, nullable=False),
    Column("to_employee_id", ID, nullable=False),
    Column("coins", Integer, nullable=False),
    Column("tag", String(32), nullable=False),
    Column("note", String(500), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("workspace_id", "environment", "id"),
    # Serves the monthly allowance sum (giver, month) and the from_employee_id filter.
    Index("ix_kudos_giver", "workspace_id", "environment", "from_employee_id", "created_at"),
    Index("ix_kudos_receiver", "workspace_id", "environment", "to_employee_id", "id"),
    # The Employee Score's Recognition factor reads what one employee received in a window.
    Index("ix_kudos_receiver_time", "workspace_id", "environment", "to_employee_id", "created_at"),
    Index("ix_kudos_tag", "workspace_id", "environment", "tag", "id"),
)

workload_checkins = Table(
    "workload_checkins",
    metadata,
    *_tenant_columns(),
    Column("id", ID, nullable=False),
    Column("employee_id", ID, nullable=False),
    Column("week_start", Date, nullable=False),
    Column("level", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("workspace_id", "environment", "id"),
    # One check-in per employee per week.
    Index(
        "ix_workload_checkins_employee_week",
        "workspace_id",
        "environment",
        "employee_id",
        "week_start",
        unique=True,
    ),
    Index("ix_workload_checkins_week", "workspace_id", "environment", "week_start", "id"),
)

leave = Table(
    "leave",
    metadata,
    *_tenant_columns(),
    Column("id", ID, nullable=False),
    Column("employee_id", ID, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    # Whole half-days (9 = 4.5 days): exact arithmetic on both databases.
    Column("half_days", Integer, nullable=False),
    Column("note", String(500), nullable=True),
    Column("status", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("cancelled_at", UtcDateTime, nullable=True),
    # The decision on requested leave: who (an employee id, NULL for an integration key),
    # when, and the optional note.
    Column("decided_by", ID, nullable=True),
    Column("decided_at", UtcDateTime, nullable=True),
    Column("decision_note", String(500), nullable=True),
    PrimaryKeyConstraint("workspace_id", "environment", "id"),
    # Overlap checks and balances read an employee's leave by date.
    Index("ix_leave_employee_dates", "workspace_id", "environment", "employee_id", "start_date"),
    Index("ix_leave_start", "workspace_id", "environment", "start_date", "id"),
)

# A Fernet token of a signing secret is 140 characters; room for longer secrets.
SECRET_TOKEN_LENGTH = 255

webhook_endpoints = Table(
    "webhook_endpoints",
    metadata,
    *_tenant_columns(),
    Column("id", ID, nullable=False),
    Column("url", String(2048), nullable=False),
    Column("description", String(500), nullable=True),
    # Event types, or ["*"] for all.
    Column("events", JsonDocument, nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("disabled_reason", String(200), nullable=True),
    # Signing needs the secret itself, so it is stored encrypted (a Fernet token made
    # with PULSE_SECRET_KEY, `pulse.core.secrets`), never as shown to the user.
    Column("secret", String(SECRET_TOKEN_LENGTH), nullable=False),
    # After a roll the previous secret keeps signing beside the new one for a while.
    Column("previous_secret", String(SECRET_TOKEN_LENGTH), nullable=True),
    Column("previous_secret_expires_at", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("workspace_id", "environment", "id"),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    *_tenant_columns(),
    Column("id", ID, nullable=False),
    Column("endpoint_id", ID, nullable=False),
    Column("event_id", ID, nullable=False),
    Column("event_type", String(64), nullable=False),
    # pending (waiting for its next attempt), succeeded or failed.
    Column("status", String(16), nullable=False),
    Column("attempt_count", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=True),
    # A worker holds a claimed delivery until then; past it, another may take it over.
    Column("lease_expires_at", UtcDateTime, nullable=True),
    # Retries stop here: 72 hours after the event.
    Column("deadline_at", UtcDateTime, nullable=False),
    Column("last_error", String(500), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("completed_at", UtcDateTime, nullable=True),
    PrimaryKeyConstraint("workspace_id", "environment", "id"),
    Index("ix_webhook_deliveries_endpoint", "workspace_id", "environment", "endpoint_id", "id"),
    Index("ix_webhook_deliveries_event", "workspace_id", "environment", "event_id"),
)
# The delivery queue spans tenants (workers serve them all): only pending rows, by due time.
Index(
    "ix_webhook_deliveries_due",
    webhook_deliveries.c.next_attempt_at,
    postgresql_where=webhook_deliveries.c.status == "pending",
    sqlite_where=webhook_deliveries.c.status == "pending",
)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    *_tenant_columns(),
    Column("id", ID, nullable=False),
    Column("delivery_id", ID, nullable=False),
    Column("attempted_at", UtcDateTime, nullable=False),
    # NULL when no HTTP answer came (timeout, refused connection, refused target).
    Column("status_code", SmallInteger, nullable=True),
    Column("latency_ms", Integer, nullable=False),
    Column("error", String(500), nullable=True),
    # The first 2 KiB of the receiver's answer.
    Column("response_body", Text, nullable=True),
    PrimaryKeyConstraint("workspace_id", "environment", "id"),
    Index("ix_webhook_attempts_delivery", "workspace_id", "environment", "delivery_id", "id"),
)

row_counts = Table(
    "row_counts",
    metadata,
    *_tenant_columns(),
    # The counted table's name, and which of its shard rows this is.
    Column("resource", String(32), nullable=False),
    Column("shard", SmallInteger, nullable=False),
    Column("count", BigInteger, nullable=False),
    PrimaryKeyConstraint("workspace_id", "environment", "resource", "shard"),
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


def index_named(table: Table, name: str) -> Index:
    """`table`'s index `name`: a unique one is how a service tells which 409 a race meant."""
    return next(index for index in table.indexes if index.name == name)


# The developer console. Its members belong to a workspace (both environments) and sign
# in with an email that is unique across the deployment, so `pulse members reset --email`
# needs no workspace. Secrets (sign-in link tokens, session ids) are stored only hashed.
console_members = Table(
    "console_members",
    metadata,
    Column("workspace_id", ID, nullable=False),
    Column("id", ID, nullable=False),
    # Lower-cased: one address, whatever its case, is one member.
    Column("email", String(320), nullable=False),
    Column("name", String(200), nullable=True),
    Column("role", String(8), nullable=False),
    # argon2id; NULL until the member sets a password from their sign-in link.
    Column("password_hash", String(200), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    # A removed member keeps their row, so the audit log can still name them.
    Column("removed_at", UtcDateTime, nullable=True),
    PrimaryKeyConstraint("workspace_id", "id"),
    Index("ix_console_members_id", "id", unique=True),
    Index("ix_console_members_email", "email", unique=True),
)

console_sign_in_links = Table(
    "console_sign_in_links",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("member_id", ID, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
    Index("ix_console_sign_in_links_member_id", "member_id"),
)

console_sessions = Table(
    "console_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("member_id", ID, nullable=False),
    # The environment the member is looking at (the console's test/live toggle).
    Column("environment", ENVIRONMENT, nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    Index("ix_console_sessions_member_id", "member_id"),
)

console_sign_in_failures = Table(
    "console_sign_in_failures",
    metadata,
    Column("id", ID, primary_key=True),
    # As typed (lower-cased), member or not: guessing at an unknown address counts too.
    Column("email", String(320), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    # Set on the failure that makes ten within the window: sign-in is refused until then.
    Column("locks_until", UtcDateTime, nullable=True),
    Index("ix_console_sign_in_failures_email_at", "email", "at"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("workspace_id", ID, nullable=False),
    Column("id", ID, nullable=False),
    # NULL for what belongs to the workspace as a whole (members, sign-ins).
    Column("environment", ENVIRONMENT, nullable=True),
    # A member id, or "cli" for the `pulse` command.
    Column("actor", ID, nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", String(200), nullable=True),
    Column("details", JsonDocument, nullable=False),
    Column("ip", String(45), nullable=True),
    Column("at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("workspace_id", "id"),
    Index("ix_audit_log_action", "workspace_id", "action", "id"),
)

# Incidents: the server's own failures (a request answered 500, a worker loop that
# crashed), deployment-wide like the console's sign-in tables, not owned by a tenant.
# A kind is one failure in one place (exception type + innermost project frame); each
# occurrence is keyed by the request id the 500's message showed. Neither keeps a
# request's body, headers or an exception's message (they can carry what failed).
incident_kinds = Table(
    "incident_kinds",
    metadata,
    Column("id", ID, primary_key=True),
    Column("exception_type", String(200), nullable=False),
    # `path/to/module.py:line` of the innermost frame of the project's own code.
    Column("location", String(300), nullable=False),
    # The route template and method of the latest occurrence (`/v1/employees/{id}`).
    Column("route", String(300), nullable=False),
    Column("method", String(10), nullable=False),
    Column("count", Integer, nullable=False),
    Column("first_seen_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    # The latest alert sent for the kind: at most one an hour, decided by a conditional
    # UPDATE so that several processes failing at once send one.
    Column("last_alerted_at", UtcDateTime, nullable=True),
    Index("ix_incident_kinds_last_seen_at", "last_seen_at"),
)

incidents = Table(
    "incidents",
    metadata,
    # The request id (`req_…`) the 500's message named, or a worker's own `inc_…` id.
    Column("id", ID, primary_key=True),
    Column("kind_id", ID, nullable=False),
    Column("route", String(300), nullable=False),
    Column("method", String(10), nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    # Frames only, each exception of the chain named by its type.
    Column("traceback", Text, nullable=False),
    Index("ix_incidents_kind_id", "kind_id", "occurred_at"),
)
