"""`X-Pulse-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`.

v1 = hex(HMAC-SHA256(secret, "<t>." + raw body)), the secret used exactly as shown
(`whsec_` included), one v1 per active secret while a rolled secret overlaps.
"""

import hashlib
import hmac
from collections.abc import Sequence

from pulse.kit.randomness import random_base62

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
SECRET_LENGTH = 32  # random base62 characters after the prefix


def generate_secret() -> str:
    return SECRET_PREFIX + random_base62(SECRET_LENGTH)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(body: bytes, secrets_in_use: Sequence[str], timestamp: int) -> str:
    """The header value signing `body` at `timestamp` with every active secret."""
    parts = [f"t={timestamp}"]
    parts += [f"v1={signature(secret, timestamp, body)}" for secret in secrets_in_use]
    return ",".join(parts)
