"""`create_app(settings)`: the ASGI application."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse import __version__, health
from pulse.console.events import router as console_events_router
from pulse.console.home import router as console_home_router
from pulse.console.keys import router as console_keys_router
from pulse.console.members import router as console_members_router
from pulse.console.pages import router as console_router
from pulse.console.settings import router as console_settings_router
from pulse.console.sign_in import router as console_sign_in_router
from pulse.console.web import PREFIX as CONSOLE_PREFIX
from pulse.console.webhooks import router as console_webhooks_router
from pulse.core.secrets import secret_box
from pulse.db.engine import create_engine
from pulse.employees.history import apply_due_changes
from pulse.employees.routes import router as employees_router
from pulse.employees.schemas import EmployeeUpdatedData, ErasedEmployee
from pulse.events.routes import catalogue_router as event_types_router
from pulse.events.routes import router as events_router
from pulse.incidents.reporting import IncidentReporter
from pulse.incidents.sentry import start_sentry
from pulse.keys.authentication import ApiKeys
from pulse.kit import idempotency
from pulse.kit.error_handlers import install_error_handlers
from pulse.kit.logs import configure_logging
from pulse.kit.middleware import InputGuard, RequestContext
from pulse.kit.observe import Observe
from pulse.kit.openapi import build_openapi
from pulse.kit.ratelimit import RateLimiter
from pulse.kit.runtime import Runtime, freeze_startup_objects
from pulse.kudos.routes import router as kudos_router
from pulse.leave.routes import router as leave_router
from pulse.monitoring.routes import router as metrics_router
from pulse.privacy.routes import router as privacy_router
from pulse.scores.routes import router as scores_router
from pulse.settings import Settings, get_settings
from pulse.status_log.routes import router as status_log_router
from pulse.webhooks.deliveries.routes import router as replay_router
from pulse.webhooks.endpoints.routes import router as webhook_endpoints_router
from pulse.webhooks.worker import delivering
from pulse.workload.routes import router as workload_router

# Run beside webhook delivery (in process or in `pulse worker`): scheduled employee
# changes are applied on their day.
CHORES = (apply_due_changes,)
# Event payloads no route answers, for the OpenAPI document (the catalogue names them).
EVENT_PAYLOADS = (EmployeeUpdatedData, ErasedEmployee)

log = logging.getLogger("pulse")

# Every `/v1` resource router, in the order the OpenAPI document lists them.
API_ROUTERS = [
    employees_router,
    privacy_router,
    status_log_router,
    kudos_router,
    workload_router,
    leave_router,
    scores_router,
    events_router,
    replay_router,
    event_types_router,
    webhook_endpoints_router,
]

DESCRIPTION = """\
The Pulse HR REST API: employees, their async stand-up log, peer kudos, weekly
workload check-ins, a personal leave journal and the Employee Score read from them.
Every change is an event delivered to signed webhooks.

Authenticate with `Authorization: Bearer pk_live_…` (or `pk_test_…`). Lists use
cursor pagination (`limit`, `cursor`; answers carry `next_cursor` and `total_count`).
Every error answers `{"error": {"code", "message", "fields", "request_id"}}`.
"""


HOUSEKEEPING_INTERVAL_SECONDS = 600


async def keep_tidy(engine: AsyncEngine) -> None:
    """Purge expired idempotency records now and then, so the table stays small."""
    while True:
        try:
            purged = await idempotency.purge_expired(engine)
            if purged:
                log.info("purged %d expired idempotency records", purged)
        except Exception:
            log.warning("idempotency purge failed; will retry", exc_info=True)
        await asyncio.sleep(HOUSEKEEPING_INTERVAL_SECONDS)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app; `SecretKeyError` when `PULSE_SECRET_KEY` is missing or malformed (the
    API stores webhook signing secrets, and stores them only encrypted)."""
    settings = settings or get_settings()
    secrets = secret_box(settings.secret_key)
    configure_logging(settings.log_level, settings.log_format)
    start_sentry(settings)
    engine = create_engine(settings)
    incidents = IncidentReporter(engine, settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        freeze_startup_objects()
        housekeeping = asyncio.create_task(keep_tidy(engine))
        async with AsyncExitStack() as background:
            if settings.delivery_in_process:
                await background.enter_async_context(
                    delivering(engine, settings, CHORES, on_failure=incidents.delivery_failed)
                )
            yield
        housekeeping.cancel()
        await incidents.close()
        await engine.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="Pulse HR API",
        version=__version__,
        summary="People platform: employees, stand-ups, kudos, workload, leave.",
        description=DESCRIPTION,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.state.runtime = Runtime(
        settings=settings,
        engine=engine,
        limiter=RateLimiter(settings.redis_url),
        principals=ApiKeys(engine, settings),
        secrets=secrets,
    )
    app.state.event_payloads = EVENT_PAYLOADS

    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(metrics_router)
    for router in API_ROUTERS:
        app.include_router(router)
    app.include_router(console_router)
    app.include_router(console_sign_in_router)
    app.include_router(console_home_router)
    app.include_router(console_keys_router)
    app.include_router(console_settings_router)
    app.include_router(console_members_router)
    app.include_router(console_webhooks_router)
    app.include_router(console_events_router)

    @app.get("/v1/openapi.json", include_in_schema=False)
    async def openapi_document() -> JSONResponse:
        return JSONResponse(build_openapi(app))

    # Added last = outermost: the request id exists before anything else runs, and
    # `Observe` sees the status a crash was answered with.
    app.add_middleware(InputGuard, form_prefix=CONSOLE_PREFIX + "/")
    app.add_middleware(RequestContext, on_crash=incidents.request_failed)
    app.add_middleware(Observe, pool=engine.pool, count=settings.metrics)
    return app
