"""The `pulse` command: serve, migrate, and manage workspaces, keys, console members and
the secret key.

`--json` prints exactly one JSON document on stdout (errors go to stderr with a
non-zero exit), so scripts can rely on it.
"""

import asyncio
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import orjson
import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.audit import service as audit
from pulse.core.errors import PulseError
from pulse.core.secrets import SecretBox, SecretKeyError, generate_key, secret_box
from pulse.core.tenancy import Environment, Tenant
from pulse.db.engine import create_engine
from pulse.db.migrate import pending_migrations, upgrade
from pulse.db.session import reading, transaction
from pulse.incidents import service as incidents
from pulse.keys import service as keys
from pulse.kit.logs import configure_logging
from pulse.members import service as members
from pulse.members.roles import Role
from pulse.settings import get_settings
from pulse.webhooks.endpoints import service as webhook_endpoints
from pulse.workspaces import service as workspaces
from pulse.workspaces import settings
from pulse.workspaces.settings import LeaveApproval, describe_workspace

T = TypeVar("T")
log = logging.getLogger("pulse")

app = typer.Typer(help="Pulse HR: the people-platform API server.", no_args_is_help=True)
workspaces_app = typer.Typer(help="Create and list workspaces (tenants).", no_args_is_help=True)
keys_app = typer.Typer(help="Mint, list and revoke API keys.", no_args_is_help=True)
secret_key_app = typer.Typer(
    help="Make and rotate PULSE_SECRET_KEY, which encrypts webhook secrets.",
    no_args_is_help=True,
)
app.add_typer(workspaces_app, name="workspaces")
app.add_typer(keys_app, name="keys")
members_app = typer.Typer(
    help="Invite console members and give them new sign-in links.", no_args_is_help=True
)
app.add_typer(secret_key_app, name="secret-key")
app.add_typer(members_app, name="members")
employees_app = typer.Typer(help="Operate on employees' personal data.", no_args_is_help=True)
app.add_typer(employees_app, name="employees")
incidents_app = typer.Typer(
    help="The server's own failures (each 500, each crash of a delivery loop).",
    no_args_is_help=True,
)
app.add_typer(incidents_app, name="incidents")

out = Console()
err = Console(stderr=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document, nothing else.")]


def _print_json(document: Any) -> None:
    # Rows read back from the database are keyed by SQLAlchemy's `quoted_name`, a str
    # subclass that orjson refuses as a dict key unless told to serialize non-str keys.
    options = (
        orjson.OPT_INDENT_2
        | orjson.OPT_UTC_Z
        | orjson.OPT_OMIT_MICROSECONDS
        | orjson.OPT_NON_STR_KEYS
    )
    sys.stdout.write(orjson.dumps(document, option=options).decode() + "\n")


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(1)


def _run(work: Callable[[AsyncEngine], Awaitable[T]]) -> T:
    """Run `work` against the configured database, once its schema is current."""

    async def main() -> T:
        settings = get_settings()
        engine = create_engine(settings)
        try:
            try:
                behind = await pending_migrations(engine)
            except (OSError, DBAPIError) as exc:
                where = make_url(settings.database_url).render_as_string(hide_password=True)
                _fail(f"cannot reach the database {where}: {getattr(exc, 'orig', exc)}")
            if behind:
                _fail("the database schema is not current: run `pulse migrate` first.")
            return await work(engine)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(main())
    except PulseError as exc:
        _fail(exc.message)
        raise  # unreachable: _fail exits
    except SecretKeyError as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits


def _secret_box() -> SecretBox:
    """The box of PULSE_SECRET_KEY, or exit with why there is none."""
    try:
        return secret_box(get_settings().secret_key)
    except SecretKeyError as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits


def _check_before_start() -> None:
    """Refuse to start a process that handles webhook secrets without a key that opens
    them, or on a schema that is not current."""
    secrets = _secret_box()
    _run(_in_write(lambda db: webhook_endpoints.check_secret_key(db, secrets)))


def _in_write(work: Callable[[Any], Awaitable[T]]) -> Callable[[AsyncEngine], Awaitable[T]]:
    async def run(engine: AsyncEngine) -> T:
        async with transaction(engine) as db:
            return await work(db)

    return run


def _reading(work: Callable[[Any], Awaitable[T]]) -> Callable[[AsyncEngine], Awaitable[T]]:
    async def run(engine: AsyncEngine) -> T:
        async with reading(engine) as db:
            return await work(db)

    return run


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8080,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Run the API server.

    With several workers, their metrics are summed through files in a fresh temporary
    directory (PROMETHEUS_MULTIPROC_DIR), removed when the server stops.
    """
    import uvicorn

    settings = get_settings()
    _check_before_start()
    configure_logging(settings.log_level, settings.log_format)
    # A log line, in the format of the others (one JSON object with PULSE_LOG_FORMAT=json).
    log.info("Pulse HR listening on http://%s:%d (%d worker(s))", host, port, workers)
    metrics_dir = tempfile.mkdtemp(prefix="pulse-metrics-") if workers > 1 else None
    if metrics_dir is not None:
        # Read by each worker process as it starts (they import the metrics afresh).
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    try:
        uvicorn.run(
            "pulse.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            loop="uvloop",
            http="httptools",
            log_level=settings.log_level,
            # The app writes one access line per request (README, Operations) and sets up
            # the log format itself.
            access_log=False,
            log_config=None,
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


@app.command()
def worker(
    concurrency: Annotated[
        int | None,
        typer.Option(min=1, help="Deliveries sent at once (default PULSE_DELIVERY_CONCURRENCY)."),
    ] = None,
    metrics_port: Annotated[
        int | None,
        typer.Option(help="Serve this worker's Prometheus metrics at http://HOST:PORT/metrics."),
    ] = None,
    metrics_host: Annotated[str, typer.Option(help="Interface of the metrics port.")] = "127.0.0.1",
) -> None:
    """Deliver webhooks (run any number of these beside `PULSE_DELIVERY_IN_PROCESS=false`)."""
    from prometheus_client import start_http_server

    from pulse.app import CHORES
    from pulse.incidents.reporting import IncidentReporter
    from pulse.incidents.sentry import start_sentry
    from pulse.webhooks.worker import run_worker

    settings = get_settings()
    if concurrency is not None:
        settings = settings.model_copy(update={"delivery_concurrency": concurrency})
    configure_logging(settings.log_level, settings.log_format)
    _check_before_start()
    start_sentry(settings)
    if metrics_port is not None:
        start_http_server(metrics_port, addr=metrics_host)
    asyncio.run(
        run_worker(
            settings, CHORES, lambda engine: IncidentReporter(engine, settings).delivery_failed
        )
    )


@app.command()
def openapi() -> None:
    """Print the OpenAPI 3.1 document (the same as GET /v1/openapi.json), for SDK tooling."""
    from pydantic import SecretStr

    from pulse.app import create_app
    from pulse.kit.openapi import build_openapi

    # The document does not depend on the key: a throwaway one lets it print anywhere.
    settings = get_settings().model_copy(update={"secret_key": SecretStr(generate_key())})
    _print_json(build_openapi(create_app(settings)))


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema (safe to run from several processes at once).

    Needs PULSE_SECRET_KEY when the database holds webhook secrets stored before they
    were encrypted: the upgrade encrypts them.
    """
    settings = get_settings()
    try:
        upgrade(settings.database_url, settings.secret_key)
    except SecretKeyError as exc:
        _fail(f"the upgrade encrypts the stored webhook secrets, so it needs the key: {exc}")
    err.print("Database schema is current.")


@secret_key_app.command("generate")
def secret_key_generate() -> None:
    """Print a new key for PULSE_SECRET_KEY (nothing else), e.g. into a file of mode 600."""
    sys.stdout.write(generate_key() + "\n")


@secret_key_app.command("rotate")
def secret_key_rotate(as_json: JsonFlag = False) -> None:
    """Encrypt every stored webhook secret again with the first key of PULSE_SECRET_KEY.

    Rotate in three steps: give every process PULSE_SECRET_KEY="NEW,OLD" (they read
    with either), run this (one transaction: all secrets move to NEW, or none), then
    set PULSE_SECRET_KEY=NEW everywhere. Keep OLD while backups made with it are kept.
    """
    secrets = _secret_box()
    count = _run(_in_write(lambda db: webhook_endpoints.reencrypt_secrets(db, secrets)))
    if as_json:
        _print_json({"endpoints": count})
    else:
        err.print(f"Encrypted the secrets of {count} webhook endpoint(s) with the first key.")


@workspaces_app.command("create")
def workspaces_create(
    name: str,
    rate_limit: Annotated[
        int | None, typer.Option(help="Requests per key per minute (0 = unlimited).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Create a workspace."""
    row = _run(_in_write(lambda db: workspaces.create_workspace(db, name, rate_limit)))
    if as_json:
        _print_json(describe_workspace(row))
    else:
        out.print(f"Created workspace {row['id']} ({row['name']}).", highlight=False)


@workspaces_app.command("list")
def workspaces_list(as_json: JsonFlag = False) -> None:
    """List workspaces."""
    rows = _run(_in_write(workspaces.list_workspaces))
    if as_json:
        _print_json([describe_workspace(row) for row in rows])
        return
    table = Table("id", "name", "rate limit / min", "created")
    for row in rows:
        limit = row["rate_limit_per_minute"]
        table.add_row(
            row["id"],
            row["name"],
            "default" if limit is None else str(limit),
            str(row["created_at"]),
        )
    out.print(table)


@workspaces_app.command("settings")
def workspaces_settings(workspace: str, as_json: JsonFlag = False) -> None:
    """Show a workspace's settings: rate limit, kudos allowance, leave policy and approval."""
    _show_settings(_run(_in_write(lambda db: settings.get_settings(db, workspace))), as_json)


def _leave_allowance(text: str) -> tuple[str, float | None]:
    kind, sep, days = text.partition("=")
    if not sep:
        raise typer.BadParameter("use KIND=DAYS or KIND=unlimited, e.g. vacation=30")
    if days.strip().lower() == "unlimited":
        return kind.strip(), None
    try:
        return kind.strip(), float(days)
    except ValueError:
        raise typer.BadParameter(f"{days!r} is not a number of days or 'unlimited'") from None


def _score_weight(text: str) -> tuple[str, float]:
    factor, sep, weight = text.partition("=")
    if not sep:
        raise typer.BadParameter("use FACTOR=WEIGHT, e.g. recognition=2")
    try:
        return factor.strip(), float(weight)
    except ValueError:
        raise typer.BadParameter(f"{weight!r} is not a number") from None


@workspaces_app.command("update")
def workspaces_update(
    workspace: str,
    rate_limit: Annotated[
        int | None, typer.Option(help="Requests per key per minute (0 = unlimited).")
    ] = None,
    default_rate_limit: Annotated[
        bool, typer.Option(help="Follow the deployment's PULSE_RATE_LIMIT_PER_MINUTE again.")
    ] = False,
    kudos_allowance: Annotated[
        int | None, typer.Option(help="Coins each employee may give per calendar month.")
    ] = None,
    leave_allowance: Annotated[
        list[str] | None,
        typer.Option(
            help="Annual days of a kind of leave: KIND=DAYS (half days allowed) or "
            "KIND=unlimited. Repeatable."
        ),
    ] = None,
    leave_approval: Annotated[
        LeaveApproval | None,
        typer.Option(
            help="none: leave is logged at once; manager: leave is requested and "
            "decided by the employee's manager."
        ),
    ] = None,
    auto_approve: Annotated[
        list[str] | None,
        typer.Option(
            help="A kind of leave logged at once even under manager approval, e.g. sick. "
            "Repeatable; replaces the list."
        ),
    ] = None,
    no_auto_approve: Annotated[
        bool, typer.Option("--no-auto-approve", help="Auto-approve no kind of leave.")
    ] = False,
    score_weight: Annotated[
        list[str] | None,
        typer.Option(
            help="An Employee Score factor's weight: FACTOR=WEIGHT (recognition, workload, "
            "participation, time_off; 0 to 100). Repeatable."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Change a workspace's settings; what is not named stays as it is."""
    if rate_limit is not None and default_rate_limit:
        _fail("give --rate-limit N or --default-rate-limit, not both.")
    if auto_approve and no_auto_approve:
        _fail("give --auto-approve KIND or --no-auto-approve, not both.")
    allowances = dict(_leave_allowance(text) for text in leave_allowance or [])
    weights = dict(_score_weight(text) for text in score_weight or [])
    auto_approved = [] if no_auto_approve else auto_approve or None
    if (
        rate_limit is None
        and not default_rate_limit
        and kudos_allowance is None
        and not allowances
        and not weights
        and leave_approval is None
        and auto_approved is None
    ):
        _fail(
            "nothing to change: give --rate-limit, --kudos-allowance, --leave-allowance, "
            "--leave-approval, --auto-approve or --score-weight."
        )
    view = _run(
        _in_write(
            lambda db: settings.update_settings(
                db,
                workspace,
                actor=audit.CLI,
                kudos_monthly_allowance=kudos_allowance,
                leave_allowances=allowances,
                rate_limit="default" if default_rate_limit else rate_limit,
                leave_approval=leave_approval,
                auto_approve_kinds=auto_approved,
                weights=weights,
            )
        )
    )
    _show_settings(view, as_json)


def _show_settings(view: dict[str, Any], as_json: bool) -> None:
    if as_json:
        _print_json(view)
        return
    limit = view["rate_limit_per_minute"]
    out.print(f"Workspace {view['id']} ({view['name']})", highlight=False)
    out.print(f"  rate limit: {'deployment default' if limit is None else limit} / key / minute")
    out.print(f"  kudos allowance: {view['kudos_monthly_allowance']} coins / employee / month")
    table = Table("leave kind", "days / year")
    for kind, days in view["leave_policy"].items():
        table.add_row(kind, "unlimited" if days is None else f"{days:g}")
    out.print(table)
    auto = ", ".join(view["leave_auto_approve_kinds"]) or "none"
    out.print(f"  leave approval: {view['leave_approval']} (auto-approved kinds: {auto})")
    weights = Table("score factor", "weight")
    for factor, weight in view["score_weights"].items():
        weights.add_row(factor, f"{weight:g}")
    out.print(weights)


@keys_app.command("create")
def keys_create(
    workspace: Annotated[str, typer.Option(help="Workspace id (ws_…).")],
    env: Annotated[Environment, typer.Option(help="test or live.")],
    scope: Annotated[
        list[str],
        typer.Option(help="read:<resource>, write:<resource>, read:*, write:* or *. Repeatable."),
    ],
    employee: Annotated[
        str | None, typer.Option(help="Bind the key to this employee (a personal key).")
    ] = None,
    expires_in: Annotated[int | None, typer.Option(help="Expire after this many days.")] = None,
    name: Annotated[str | None, typer.Option(help="A label for humans.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Mint an API key. Its secret is printed once and never stored."""
    tenant = Tenant(workspace, env)
    record, secret = _run(
        _in_write(
            lambda db: keys.create_key(
                db,
                tenant,
                scope,
                actor=audit.CLI,
                employee_id=employee,
                expires_in_days=expires_in,
                name=name,
            )
        )
    )
    if as_json:
        _print_json({**record, "secret": secret})
        return
    out.print(f"Created key {record['id']} with scopes {' '.join(record['scopes'])}.")
    out.print("Secret (shown once, store it now):", highlight=False)
    out.print(secret, highlight=False, soft_wrap=True)


@keys_app.command("list")
def keys_list(
    workspace: Annotated[str, typer.Option(help="Workspace id (ws_…).")],
    as_json: JsonFlag = False,
) -> None:
    """List a workspace's keys (never their secrets)."""
    rows = _run(_in_write(lambda db: keys.list_keys(db, workspace)))
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "env", "key", "scopes", "employee", "last used", "expires", "revoked")
    for row in rows:
        table.add_row(
            row["id"],
            row["environment"],
            f"{row['prefix']}…{row['last4']}",
            " ".join(row["scopes"]),
            row["employee_id"] or "",
            str(row["last_used_at"] or ""),
            str(row["expires_at"] or ""),
            str(row["revoked_at"] or ""),
        )
    out.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: str, as_json: JsonFlag = False) -> None:
    """Revoke a key: it answers 401 from now on."""
    row = _run(_in_write(lambda db: keys.revoke_key(db, key_id, actor=audit.CLI, tenant=None)))
    if as_json:
        _print_json(row)
    else:
        out.print(f"Revoked key {row['id']}.", highlight=False)


BaseUrl = Annotated[str, typer.Option(help="Where the console is reached, for the printed link.")]


@members_app.command("create")
def members_create(
    workspace: Annotated[str, typer.Option(help="Workspace id (ws_…).")],
    email: Annotated[str, typer.Option(help="The member's email (unique across the server).")],
    role: Annotated[Role, typer.Option(help="owner, admin or viewer.")],
    name: Annotated[str | None, typer.Option(help="The member's name.")] = None,
    base_url: BaseUrl = "http://127.0.0.1:8080",
    as_json: JsonFlag = False,
) -> None:
    """Invite a console member: prints a one-time sign-in link, valid 24 hours."""
    link = _run(_in_write(lambda db: members.invite(db, workspace, email, role, name, audit.CLI)))
    _show_link(link, base_url, as_json, f"Invited {link.member['email']} ({role.value}).")


@members_app.command("reset")
def members_reset(
    email: Annotated[str, typer.Option(help="The member's email.")],
    base_url: BaseUrl = "http://127.0.0.1:8080",
    as_json: JsonFlag = False,
) -> None:
    """Print a new one-time sign-in link for a member; their earlier unused links die."""
    link = _run(_in_write(lambda db: members.reset(db, email, audit.CLI)))
    _show_link(link, base_url, as_json, f"New sign-in link for {link.member['email']}.")


def _show_link(link: members.SignInLink, base_url: str, as_json: bool, headline: str) -> None:
    if as_json:
        _print_json(
            {**link.member, "sign_in_url": link.url(base_url), "expires_at": link.expires_at}
        )
        return
    out.print(headline, highlight=False)
    out.print("One-time sign-in link (valid 24 hours, shown once):", highlight=False)
    out.print(link.url(base_url), highlight=False, soft_wrap=True)


@incidents_app.command("list")
def incidents_list(
    limit: Annotated[int, typer.Option(min=1, help="How many kinds to show.")] = 50,
    as_json: JsonFlag = False,
) -> None:
    """Kinds of incident, the most recently seen first, with their counts."""
    rows = _run(_reading(lambda db: incidents.newest_kinds(db, limit)))
    if as_json:
        _print_json(rows)
        return
    table = Table("kind", "count", "exception", "where", "route", "first seen", "last seen")
    for row in rows:
        table.add_row(
            row["id"],
            str(row["count"]),
            row["exception_type"],
            row["location"],
            f"{row['method']} {row['route']}",
            str(row["first_seen_at"]),
            str(row["last_seen_at"]),
        )
    out.print(table)


@incidents_app.command("show")
def incidents_show(
    incident_id: Annotated[
        str, typer.Argument(help="An incident id (the request id a 500 named) or a kind id.")
    ],
    as_json: JsonFlag = False,
) -> None:
    """One incident with its traceback, or one kind with its latest incidents."""
    view = _run(_reading(lambda db: incidents.show(db, incident_id)))
    if as_json:
        _print_json(view)
        return
    kind = view["kind"]
    out.print(
        f"Kind {kind['id']}: {kind['exception_type']} at {kind['location']}, "
        f"{kind['count']} time(s), first {kind['first_seen_at']}, last {kind['last_seen_at']}",
        highlight=False,
        soft_wrap=True,
    )
    if "incident" in view:
        incident = view["incident"]
        out.print(
            f"Incident {incident['id']}: {incident['method']} {incident['route']} "
            f"at {incident['occurred_at']}",
            highlight=False,
        )
        out.print(incident["traceback"], highlight=False, markup=False, soft_wrap=True)
        return
    table = Table("incident", "route", "at")
    for row in view["incidents"]:
        table.add_row(row["id"], f"{row['method']} {row['route']}", str(row["occurred_at"]))
    out.print(table)


@app.command()
def demo(
    base_url: Annotated[
        str, typer.Option(help="Where the server will listen, for the printed curl line.")
    ] = "http://127.0.0.1:8080",
    as_json: JsonFlag = False,
) -> None:
    """Fill a demo workspace with sample people and weeks of journals; print a fresh test key
    and a one-time console sign-in link for its owner."""
    # Imported here: the demo pulls in every domain, which other commands do not need.
    from pulse import demo as demo_data

    result = _run(lambda engine: demo_data.seed(engine))
    sign_in_url = result.owner_link.url(base_url)
    curl = (
        f'curl {base_url}/v1/employees -H "Authorization: Bearer {result.secret}" '
        '-H "Accept: application/json"'
    )
    if as_json:
        _print_json(
            {
                "workspace_id": result.workspace_id,
                "environment": "test",
                "employees": result.employee_count,
                "api_key": result.secret,
                "curl": curl,
                "console": f"{base_url.rstrip('/')}/developers",
                "owner_email": demo_data.DEMO_OWNER,
                "owner_sign_in_url": sign_in_url,
            }
        )
        return
    out.print(
        f"Demo workspace {result.workspace_id} (test mode): {result.employee_count} employees.",
        highlight=False,
    )
    out.print(f"API key (shown once): {result.secret}", highlight=False, soft_wrap=True)
    out.print("Try it once the server runs:", highlight=False)
    out.print(f"  {curl}", highlight=False, soft_wrap=True)
    out.print(
        f"Console: {base_url.rstrip('/')}/developers — the owner ({demo_data.DEMO_OWNER}) sets "
        "a password at this one-time link (24 hours):",
        highlight=False,
        soft_wrap=True,
    )
    out.print(f"  {sign_in_url}", highlight=False, soft_wrap=True)


@employees_app.command("erase")
def employees_erase(
    employee_id: str,
    workspace: Annotated[str, typer.Option(help="Workspace id (ws_…).")],
    env: Annotated[Environment, typer.Option(help="test or live.")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: erasure cannot be undone.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Erase a former employee's personal data, as `POST /v1/employees/{id}/erase` does."""
    # Imported here: erasure reaches into every journal, which other commands do not need.
    from pulse.kit.principals import Principal
    from pulse.privacy import service as privacy

    if not yes:
        _fail("erasure cannot be undone: pass --yes to erase.")
    operator = Principal.operator("cli", Tenant(workspace, env))
    row = _run(_in_write(lambda db: privacy.erase_employee(db, operator, employee_id)))
    if as_json:
        _print_json(row)
    else:
        out.print(f"Erased employee {row['id']}.", highlight=False)


def main() -> None:
    app()
