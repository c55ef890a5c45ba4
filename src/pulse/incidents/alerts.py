"""The incident alert: a signed JSON POST to `PULSE_INCIDENT_WEBHOOK_URL`.

Signed as webhook deliveries are (`X-Pulse-Signature: t=…,v1=…`, HMAC-SHA256 of
"<t>.<body>" with `PULSE_INCIDENT_WEBHOOK_SECRET`), so a receiver verifies it with the
same code. Sent in the background; a failure to send is logged, never raised.
"""

import logging
import time
from typing import Any

import httpx
import orjson

from pulse import __version__
from pulse.incidents.service import Recorded
from pulse.webhooks.signing import signature_header

log = logging.getLogger("pulse.incidents")

ALERT_TIMEOUT_SECONDS = 10.0
ALERTED_FIELDS = ("id", "exception_type", "location", "route", "method", "count")


def alert_body(recorded: Recorded) -> bytes:
    kind = recorded.kind
    document: dict[str, Any] = {
        "type": "incident.new" if kind["count"] == 1 else "incident.recurring",
        "kind": {
            **{name: kind[name] for name in ALERTED_FIELDS},
            "first_seen_at": kind["first_seen_at"],
            "last_seen_at": kind["last_seen_at"],
        },
        "incident": {
            name: recorded.incident[name]
            for name in ("id", "route", "method", "occurred_at", "traceback")
        },
    }
    return orjson.dumps(document, option=orjson.OPT_UTC_Z)


async def send_alert(url: str, secret: str, recorded: Recorded) -> None:
    body = alert_body(recorded)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"PulseHR-Incidents/{__version__}",
        "X-Pulse-Signature": signature_header(body, [secret], int(time.time())),
    }
    try:
        async with httpx.AsyncClient(timeout=ALERT_TIMEOUT_SECONDS) as http:
            response = await http.post(url, content=body, headers=headers)
        if not response.is_success:
            log.warning(
                "incident alert for %s: receiver answered %d",
                recorded.incident["id"],
                response.status_code,
            )
    except Exception:
        log.warning(
            "incident alert for %s could not be sent", recorded.incident["id"], exc_info=True
        )
