"""`GET /metrics`: the Prometheus text format (README, Operations).

Counters and histograms come from every process (`PROMETHEUS_MULTIPROC_DIR`, set by
`pulse serve --workers N`, or this process's registry); the delivery queue is read
from the database now, once per scrape, never per request. `PULSE_METRICS=false`
answers 404; with `PULSE_METRICS_TOKEN` a scrape must send `Authorization: Bearer
<token>`, or 401.
"""

import hmac
import os
from collections.abc import Iterable

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from pulse.core.errors import NotFound, Unauthenticated
from pulse.db.session import reading
from pulse.kit.clock import utcnow
from pulse.kit.observe import sample_pool
from pulse.kit.runtime import runtime
from pulse.webhooks.deliveries import repository as deliveries

router = APIRouter()


class DeliveryQueue(Collector):
    """The queue as read at this scrape."""

    def __init__(self, depth: int, oldest_due_seconds: float) -> None:
        self.depth = depth
        self.oldest_due_seconds = oldest_due_seconds

    def collect(self) -> Iterable[GaugeMetricFamily]:
        yield GaugeMetricFamily(
            "pulse_webhook_queue_depth",
            "Webhook deliveries waiting to be sent, now or at a later retry.",
            value=self.depth,
        )
        yield GaugeMetricFamily(
            "pulse_webhook_oldest_due_seconds",
            "How long the longest-waiting due delivery has been due (0 when none is).",
            value=self.oldest_due_seconds,
        )


def _authorised(request: Request, token: str) -> bool:
    expected = f"Bearer {token}".encode()
    given = request.headers.get("authorization", "").encode()
    return hmac.compare_digest(given, expected)


def process_metrics() -> bytes:
    """The counted metrics: of every process in multiprocess mode, else of this one."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    rt = runtime(request)
    if not rt.settings.metrics:
        raise NotFound(f"No route {request.method} {request.url.path}.")
    token = rt.settings.metrics_token
    if token is not None and not _authorised(request, token.get_secret_value()):
        raise Unauthenticated("Send Authorization: Bearer <PULSE_METRICS_TOKEN>.")
    async with reading(rt.engine) as db:
        depth, earliest = await deliveries.queue_stats(db)
    now = utcnow()
    oldest = max((now - earliest).total_seconds(), 0.0) if earliest is not None else 0.0
    sample_pool(rt.engine.pool)
    queue = CollectorRegistry()
    queue.register(DeliveryQueue(depth, oldest))
    return Response(process_metrics() + generate_latest(queue), media_type=CONTENT_TYPE_LATEST)
