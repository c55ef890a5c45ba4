"""Random tokens for sign-in links and sessions, stored only as their SHA-256."""

import hashlib
import secrets


def new_token() -> str:
    """256 random bits, URL-safe: a fast hash of it is as safe to store as a slow one."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
