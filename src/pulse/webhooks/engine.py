"""The delivery engine: fan events out to endpoints, then send, sign, retry and log.

Any number of engines (in `pulse serve` processes and `pulse worker`s) share the
work through the database. Fan-out locks the events it takes (SKIP LOCKED on
PostgreSQL); a delivery is leased to one engine while it is being sent, and a lease
that runs out (its worker died) makes the delivery due again: at-least-once, never
lost. Receivers dedupe on the event id, which every retry and replay keeps.
"""

import asyncio
import logging
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse import __version__
from pulse.core.secrets import secret_box
from pulse.core.tenancy import Environment, Tenant
from pulse.db.session import transaction
from pulse.events.catalogue import subscribes
from pulse.events.documents import event_body
from pulse.kit.clock import utcnow
from pulse.kit.ids import made_at_ms, new_id
from pulse.kit.metrics import WEBHOOK_ATTEMPTS
from pulse.settings import Settings
from pulse.webhooks import schedule
from pulse.webhooks.deliveries import repository
from pulse.webhooks.deliveries.schemas import DeliveryStatus
from pulse.webhooks.deliveries.service import create_deliveries
from pulse.webhooks.endpoints.targets import (
    Resolve,
    Target,
    TargetPolicy,
    TargetRefused,
    check_target,
    resolve_name,
)
from pulse.webhooks.signing import signature_header

log = logging.getLogger("pulse.webhooks")

FAN_OUT_BATCH = 200
RESPONSE_SNIPPET_BYTES = 2048
# One slow or dead receiver may hold at most this many of an engine's sending slots.
PER_ENDPOINT_IN_FLIGHT = 8
GONE = 410

# Told of each unexpected exception the loop catches and survives (files an incident).
OnFailure = Callable[[Exception], Awaitable[None]]


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    latency_ms: int
    error: str | None
    response_body: str | None
    # No retry can help: the endpoint is gone, deleted or disabled.
    final: bool = False

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class DeliveryEngine:
    def __init__(
        self,
        engine: AsyncEngine,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
        resolve: Resolve = resolve_name,
        on_failure: OnFailure | None = None,
    ) -> None:
        self.engine = engine
        self.on_failure = on_failure
        self.settings = settings
        self.clock = clock
        self.rng = rng or random.Random()
        self.targets = TargetPolicy.of(settings)
        self.resolve = resolve
        self.in_flight: Counter[str] = Counter()
        self.secrets = secret_box(settings.secret_key)
        self.http = httpx.AsyncClient(
            timeout=settings.delivery_timeout_seconds,
            follow_redirects=False,  # a 3xx is a failed delivery, not a detour
            headers={"User-Agent": f"PulseHR-Webhooks/{__version__}"},
            # No connection outlives its delivery: each one goes to the address checked
            # for that delivery, with TLS verified for that delivery's host name. (A
            # pooled connection is keyed by address, and could carry another host's
            # delivery over a session verified for a different name.)
            limits=httpx.Limits(
                max_connections=settings.delivery_concurrency * 2, max_keepalive_connections=0
            ),
        )

    async def close(self) -> None:
        await self.http.aclose()

    # Fan-out: one delivery per subscribed, enabled endpoint.

    async def fan_out(self) -> int:
        """Turn a batch of new events into deliveries; returns how many events it took.

        An event goes to the endpoints that existed when it happened, not to those
        created since, however late the fan-out runs (a backlog, a stopped worker):
        older events are history, sent to a new endpoint only by a replay. "When" is
        read from the ids, ULIDs made with the rows: milliseconds, where `created_at`
        keeps whole seconds and would give a new endpoint the second's earlier events.
        Ids come from the clocks of the processes that made them, so an endpoint and an
        event made within their skew (milliseconds) may fall either way; the same
        millisecond counts as existing. An endpoint is never written in an event's
        transaction (endpoints record no events), so that case does not arise.
        """
        async with transaction(self.engine) as db:
            batch = await repository.claim_unfanned_events(db, FAN_OUT_BATCH)
            if not batch:
                return 0
            tenants = sorted({(e["workspace_id"], e["environment"]) for e in batch})
            endpoints = await repository.enabled_endpoints(db, tenants)
            made_at = {endpoint["id"]: made_at_ms(endpoint["id"]) for endpoint in endpoints}
            now = self.clock()
            for event in batch:
                happened_at = made_at_ms(event["id"])
                subscribed = [
                    endpoint["id"]
                    for endpoint in endpoints
                    if (endpoint["workspace_id"], endpoint["environment"])
                    == (event["workspace_id"], event["environment"])
                    and subscribes(endpoint["events"], event["type"])
                    and made_at[endpoint["id"]] <= happened_at
                ]
                tenant = Tenant(event["workspace_id"], Environment(event["environment"]))
                await create_deliveries(db, tenant, event, subscribed, now)
            keys = [(e["workspace_id"], e["environment"], e["id"]) for e in batch]
            await repository.mark_fanned_out(db, keys, now)
        return len(batch)

    # Sending.

    async def claim(self, limit: int) -> list[dict[str, Any]]:
        if limit <= 0:
            return []
        now = self.clock()
        lease = now + timedelta(seconds=self.settings.delivery_lease_seconds)
        async with transaction(self.engine) as db:
            return await repository.claim_due_deliveries(
                db, now, lease, limit, PER_ENDPOINT_IN_FLIGHT, self.in_flight
            )

    async def attempt(self, delivery: dict[str, Any]) -> None:
        """Send one claimed delivery and record what happened."""
        endpoint_id = delivery["endpoint_id"]
        self.in_flight[endpoint_id] += 1
        try:
            outcome = await self._send(delivery)
            await self._record(delivery, outcome)
        except Exception as exc:
            # The lease will run out and another attempt follow; nothing is lost.
            log.exception("delivery %s could not be attempted", delivery["id"])
            await self._failed(exc)
        finally:
            self.in_flight[endpoint_id] -= 1
            if self.in_flight[endpoint_id] <= 0:
                del self.in_flight[endpoint_id]

    async def _send(self, delivery: dict[str, Any]) -> Outcome:
        if delivery["url"] is None:
            return Outcome(None, 0, "endpoint deleted", None, final=True)
        if not delivery["enabled"]:
            return Outcome(None, 0, "endpoint disabled", None, final=True)
        try:
            # Resolved and checked once; the request then goes to that very address.
            target = await check_target(
                delivery["url"], Environment(delivery["environment"]), self.targets, self.resolve
            )
        except TargetRefused as refused:
            # Nothing was sent, so there is no answer to keep.
            return Outcome(None, 0, f"target refused: {refused}", None)
        if target.address is None:
            return Outcome(None, 0, f"connection failed: {target.host} does not resolve", None)
        body = event_body(
            {
                "id": delivery["event_id"],
                "type": delivery["event_type"],
                "created_at": delivery["event_created_at"],
                "data": delivery["event_data"],
            }
        )
        headers = {
            "Content-Type": "application/json",
            "X-Pulse-Event": delivery["event_type"],
            "X-Pulse-Delivery": delivery["id"],
            "X-Pulse-Signature": signature_header(
                body, self._secrets(delivery), int(self.clock().timestamp())
            ),
        }
        return await self._post(target, body, headers)

    def _secrets(self, delivery: dict[str, Any]) -> list[str]:
        """The signing secrets in use, decrypted (they are stored only encrypted)."""
        secrets = [self.secrets.decrypt(delivery["secret"])]
        expires = delivery["previous_secret_expires_at"]
        if delivery["previous_secret"] and expires is not None and expires > self.clock():
            secrets.append(self.secrets.decrypt(delivery["previous_secret"]))
        return secrets

    async def _post(self, target: Target, body: bytes, headers: dict[str, str]) -> Outcome:
        started = time.monotonic()

        def elapsed() -> int:
            return int((time.monotonic() - started) * 1000)

        try:
            async with self.http.stream(
                "POST",
                target.pinned_url(),
                content=body,
                headers={**headers, "Host": target.host_header()},
                extensions=target.request_extensions(),
            ) as response:
                snippet = await _read_prefix(response, RESPONSE_SNIPPET_BYTES)
                status = response.status_code
        except httpx.TimeoutException:
            timeout = self.settings.delivery_timeout_seconds
            return Outcome(None, elapsed(), f"timed out after {timeout:g} s", None)
        except httpx.HTTPError as exc:
            return Outcome(None, elapsed(), f"connection failed: {exc!r}"[:500], None)
        error = None if 200 <= status < 300 else f"receiver answered {status}"
        return Outcome(status, elapsed(), error, snippet, final=status == GONE)

    async def _record(self, delivery: dict[str, Any], outcome: Outcome) -> None:
        now = self.clock()
        tenant = Tenant(delivery["workspace_id"], Environment(delivery["environment"]))
        values: dict[str, Any] = {"last_error": outcome.error}
        retry_at = None
        if not outcome.succeeded and not outcome.final:
            # The attempts recorded before this one, and this one.
            attempts_made = delivery["attempt_count"] + 1
            retry_at = schedule.next_attempt_at(
                attempts_made, now, delivery["deadline_at"], self.rng
            )
        if outcome.succeeded:
            values |= {"status": DeliveryStatus.succeeded.value, "completed_at": now}
        elif retry_at is None:
            values |= {"status": DeliveryStatus.failed.value, "completed_at": now}
        else:
            values["next_attempt_at"] = retry_at
        async with transaction(self.engine) as db:
            await repository.record_attempt(
                db,
                {
                    "workspace_id": tenant.workspace_id,
                    "environment": tenant.environment.value,
                    "id": new_id("att"),
                    "delivery_id": delivery["id"],
                    "attempted_at": now,
                    "status_code": outcome.status_code,
                    "latency_ms": outcome.latency_ms,
                    "error": outcome.error,
                    "response_body": outcome.response_body,
                },
            )
            await repository.settle_delivery(db, tenant, delivery["id"], values)
            if outcome.status_code == GONE:
                reason = "the receiver answered 410 Gone"
                await repository.disable_endpoint(db, tenant, delivery["endpoint_id"], reason, now)
        WEBHOOK_ATTEMPTS.labels(values.get("status", "retrying")).inc()

    async def _failed(self, exc: Exception) -> None:
        if self.on_failure is not None:
            await self.on_failure(exc)

    # The loop.

    async def run(self, stop: asyncio.Event) -> None:
        """Fan out and deliver until `stop` is set; then let in-flight sends finish."""
        sending: set[asyncio.Task[None]] = set()
        while not stop.is_set():
            try:
                fanned = await self.fan_out()
                claimed = await self.claim(self.settings.delivery_concurrency - len(sending))
            except Exception as exc:
                log.exception("delivery loop failed; retrying")
                await self._failed(exc)
                fanned, claimed = 0, []
            for delivery in claimed:
                task = asyncio.create_task(self.attempt(delivery))
                sending.add(task)
                task.add_done_callback(sending.discard)
            if fanned or claimed:
                await asyncio.sleep(0)
                continue
            await _wait_any(stop, sending, self.settings.delivery_poll_seconds)
        if sending:
            await asyncio.wait(sending, timeout=self.settings.delivery_timeout_seconds + 5)

    async def run_until_idle(self) -> None:
        """Fan out and deliver everything due now (tests and one-shot runs)."""
        while True:
            fanned = await self.fan_out()
            claimed = await self.claim(self.settings.delivery_concurrency)
            if not fanned and not claimed:
                return
            await asyncio.gather(*(self.attempt(delivery) for delivery in claimed))


async def _read_prefix(response: httpx.Response, limit: int) -> str:
    """The first `limit` bytes of the body, read no further (receivers may answer a lot)."""
    kept = b""
    async for chunk in response.aiter_bytes():
        kept += chunk[: limit - len(kept)]
        if len(kept) >= limit:
            break
    return kept.decode("utf-8", errors="replace")


async def _wait_any(stop: asyncio.Event, sending: set[asyncio.Task[None]], seconds: float) -> None:
    """Sleep until the poll interval passes, a send finishes (a slot frees) or we stop."""
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({stopping, *sending}, timeout=seconds, return_when="FIRST_COMPLETED")
    finally:
        stopping.cancel()
