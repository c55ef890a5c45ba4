"""An independent signature verifier, written from the reference's words alone:

"Every delivery is HMAC-SHA256 signed with your endpoint's signing secret — verify
via the X-Pulse-Signature header" (`t=1745148720,v1=9f8a…`), with PRODUCT §5:
v1 = HMAC-SHA256(secret, "<t>.<raw body>") in hex, the secret exactly as shown,
several v1 while a rolled secret overlaps. It shares no code with the server.
"""

import hashlib
import hmac


def verify(body: bytes, header: str, secret: str, now: int, tolerance: int = 300) -> bool:
    timestamp = None
    candidates = []
    for item in header.split(","):
        name, _, value = item.strip().partition("=")
        if name == "t":
            timestamp = value
        elif name == "v1":
            candidates.append(value)
    if timestamp is None or not timestamp.isdigit() or not candidates:
        return False
    if abs(now - int(timestamp)) > tolerance:
        return False
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode() + b"." + body, hashlib.sha256)
    expected = mac.hexdigest()
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)
