"""Verify the webhooks Pulse sends, and read them as events.

Every delivery is signed in its `X-Pulse-Signature` header:

    X-Pulse-Signature: t=1745148720,v1=814ef8149db8…[,v1=…]

where each `v1` is hex HMAC-SHA256 of `"<t>.<raw body>"` keyed with an endpoint secret, used
exactly as shown (`whsec_` included). While a rolled secret overlaps the new one, there is one
`v1` per secret.

    from pulsehr import webhooks, WebhookVerificationError

    @app.post("/pulse/hook")
    async def hook(request):
        try:
            event = webhooks.verify(
                await request.body(),                      # the raw bytes, before any parsing
                request.headers["X-Pulse-Signature"],
                os.environ["PULSE_WEBHOOK_SECRET"],
            )
        except WebhookVerificationError:
            return Response(status_code=400)
        ...                                                # dedupe on event.id
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Sequence

import pydantic

from ._errors import WebhookVerificationError
from .types.event import Event

__all__ = ["DEFAULT_TOLERANCE", "SIGNATURE_HEADER", "sign", "verify", "verify_signature"]

SIGNATURE_HEADER = "X-Pulse-Signature"
DEFAULT_TOLERANCE = 300
"""Seconds a signature's timestamp may be away from now: a replayed capture older than this
is refused."""


def verify(
    payload: bytes | str,
    signature_header: str,
    secret: str | Sequence[str],
    tolerance: int = DEFAULT_TOLERANCE,
    *,
    now: float | None = None,
) -> Event:
    """Check a delivery's signature and answer its event.

    Args:
        payload: the raw request body, exactly as received (bytes; a str is UTF-8 encoded).
        signature_header: the `X-Pulse-Signature` header.
        secret: the endpoint's signing secret (`whsec_…`), or several (say, the old and the new
            one while rolling): any one matching any `v1` is enough.
        tolerance: how many seconds the header's timestamp may be from now (default 300).
        now: the current unix time; the system clock when omitted (for tests).

    Raises:
        WebhookVerificationError: the header is missing or malformed, no signature matches,
            the timestamp is outside the tolerance, or the payload is not an event.
    """
    verify_signature(payload, signature_header, secret, tolerance, now=now)
    try:
        return Event.model_validate(json.loads(payload))
    except (ValueError, pydantic.ValidationError) as exc:
        raise WebhookVerificationError(f"The payload is not a Pulse event: {exc}") from exc


def verify_signature(
    payload: bytes | str,
    signature_header: str,
    secret: str | Sequence[str],
    tolerance: int = DEFAULT_TOLERANCE,
    *,
    now: float | None = None,
) -> None:
    """Like `verify`, without reading the payload: raises `WebhookVerificationError` unless
    the signature holds."""
    body = payload.encode() if isinstance(payload, str) else bytes(payload)
    secrets = [secret] if isinstance(secret, str) else list(secret)
    if not secrets or not all(isinstance(s, str) and s for s in secrets):
        raise WebhookVerificationError("No signing secret to verify with.")
    timestamp, signatures = _parse_header(signature_header)

    signed = str(timestamp).encode() + b"." + body
    expected = [hmac.new(s.encode(), signed, hashlib.sha256).hexdigest() for s in secrets]
    # Compare every pair, in constant time each, without stopping at the first match.
    matched = False
    for candidate in signatures:
        for digest in expected:
            matched |= hmac.compare_digest(candidate.encode(), digest.encode())
    if not matched:
        raise WebhookVerificationError("No signature matches the payload and secret.")

    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise WebhookVerificationError(
            f"The signature's timestamp is {int(current - timestamp)} s away from now, beyond "
            f"the tolerance of {tolerance} s."
        )


def sign(payload: bytes | str, secret: str | Sequence[str], *, timestamp: int | None = None) -> str:
    """An `X-Pulse-Signature` value for `payload`, as Pulse makes it (to test a receiver)."""
    body = payload.encode() if isinstance(payload, str) else bytes(payload)
    t = int(time.time()) if timestamp is None else timestamp
    secrets = [secret] if isinstance(secret, str) else list(secret)
    signed = str(t).encode() + b"." + body
    parts = [f"t={t}"]
    parts += [f"v1={hmac.new(s.encode(), signed, hashlib.sha256).hexdigest()}" for s in secrets]
    return ",".join(parts)


def _parse_header(header: str) -> tuple[int, list[str]]:
    if not isinstance(header, str) or not header.strip():
        raise WebhookVerificationError(f"No {SIGNATURE_HEADER} header.")
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if key == "t":
            if not (value.isascii() and value.isdigit()):
                raise WebhookVerificationError(f"The {SIGNATURE_HEADER} timestamp is not a number.")
            timestamp = int(value)
        elif key == "v1" and value:
            signatures.append(value.lower())
    if timestamp is None:
        raise WebhookVerificationError(f"The {SIGNATURE_HEADER} header has no timestamp (t=).")
    if not signatures:
        raise WebhookVerificationError(f"The {SIGNATURE_HEADER} header has no v1 signature.")
    return timestamp, signatures
