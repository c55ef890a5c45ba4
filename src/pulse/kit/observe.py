"""`Observe`, the outermost middleware: each request timed, counted and logged once.

It counts requests by route template, method and status and times them by route
template and method (`pulse.kit.metrics`), samples the database pool as each request
begins, names the request in every log line written while it runs, and writes its
access line (`pulse.access`, at info): route template, method, status, latency,
workspace id. It sits outside `RequestContext`, so a crash counts as the 500 it became.
"""

import logging
import time
from typing import Any

from sqlalchemy.pool import Pool, QueuePool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pulse.db.session import sessions_waiting
from pulse.kit.logs import REQUEST_ID
from pulse.kit.metrics import LATENCY, POOL_IN_USE, POOL_SIZE, POOL_WAITING, REQUESTS
from pulse.kit.middleware import request_id, route_template

access_log = logging.getLogger("pulse.access")


def note_workspace(scope: Scope, workspace_id: str) -> None:
    """The workspace the request acts in, for its access line."""
    scope.setdefault("state", {})["workspace_id"] = workspace_id


def sample_pool(pool: Pool) -> None:
    """The pool's size and connections in use (read through its public API), and the
    sessions waiting for one (counted by `pulse.db.session`)."""
    if isinstance(pool, QueuePool):
        POOL_SIZE.set(pool.size())
        POOL_IN_USE.set(pool.checkedout())
    POOL_WAITING.set(sessions_waiting())


class Observe:
    def __init__(self, app: ASGIApp, pool: Pool, count: bool = True) -> None:
        self.app = app
        self.pool = pool
        # Off with PULSE_METRICS=false: nothing would read the counts.
        self.count = count

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(scope)
        token = REQUEST_ID.set(rid)
        started = time.perf_counter()
        status = 500  # unless a response starts

        async def send_watched(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        if self.count:
            sample_pool(self.pool)
        try:
            await self.app(scope, receive, send_watched)
        finally:
            elapsed = time.perf_counter() - started
            route, method = route_template(scope), scope["method"]
            if self.count:
                REQUESTS.labels(route, method, str(status)).inc()
                LATENCY.labels(route, method).observe(elapsed)
            if access_log.isEnabledFor(logging.INFO):
                _access_line(scope, route, method, status, elapsed)
            REQUEST_ID.reset(token)


def _access_line(scope: Scope, route: str, method: str, status: int, elapsed: float) -> None:
    state: dict[str, Any] = scope.get("state", {})
    latency_ms = round(elapsed * 1000, 2)
    workspace_id = state.get("workspace_id")
    access_log.info(
        "%s %s %d %.2f ms%s",
        method,
        route,
        status,
        latency_ms,
        f" {workspace_id}" if workspace_id else "",
        extra={
            "route": route,
            "method": method,
            "status": status,
            "latency_ms": latency_ms,
            "workspace_id": workspace_id,
        },
    )
