"""`IncidentReporter`: what the API and the delivery loop call with a failure they caught.

It records the incident, counts it, reports it to Sentry when `PULSE_SENTRY_DSN` is
set, and sends the alert in the background when this process won it. Nothing it does
raises: the failure is already being answered (a 500) or retried (the loop).
"""

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.incidents import service
from pulse.incidents.alerts import send_alert
from pulse.incidents.failures import describe
from pulse.incidents.sentry import report_to_sentry
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id
from pulse.kit.metrics import INCIDENTS
from pulse.settings import Settings

log = logging.getLogger("pulse.incidents")

# The route and method the delivery loop's incidents are filed under.
DELIVERY_LOOP = ("(webhook delivery)", "WORKER")


class IncidentReporter:
    def __init__(self, engine: AsyncEngine, settings: Settings) -> None:
        self.engine = engine
        self.url = settings.incident_webhook_url
        secret = settings.incident_webhook_secret
        self.secret = secret.get_secret_value() if secret is not None else None
        self.sentry = settings.sentry_dsn is not None
        self._alerts: set[asyncio.Task[None]] = set()

    async def request_failed(
        self, request_id: str, method: str, route: str, exc: Exception
    ) -> None:
        """A request crashed and answers 500 naming `request_id`: its incident id."""
        await self._report(request_id, route, method, exc, "request")

    async def delivery_failed(self, exc: Exception) -> None:
        route, method = DELIVERY_LOOP
        await self._report(new_id("inc"), route, method, exc, "worker")

    async def _report(
        self, incident_id: str, route: str, method: str, exc: Exception, source: str
    ) -> None:
        INCIDENTS.labels(source).inc()
        if self.sentry:
            report_to_sentry(exc, incident_id)
        try:
            recorded = await service.record(
                self.engine,
                incident_id,
                route,
                method,
                describe(exc),
                utcnow(),
                alerting=self.url is not None,
            )
        except Exception:
            log.exception("incident %s could not be recorded", incident_id)
            return
        if recorded.alert and self.url is not None and self.secret is not None:
            task = asyncio.create_task(send_alert(self.url, self.secret, recorded))
            self._alerts.add(task)
            task.add_done_callback(self._alerts.discard)

    async def close(self) -> None:
        """Let alerts under way finish (they time out on their own)."""
        if self._alerts:
            await asyncio.wait(self._alerts)
