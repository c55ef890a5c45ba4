"""Random tokens for secrets (API keys, signing secrets)."""

import secrets
import string

BASE62 = string.digits + string.ascii_letters


def random_base62(length: int) -> str:
    """`length` characters from a CSPRNG: about 5.95 bits each."""
    return "".join(secrets.choice(BASE62) for _ in range(length))
