"""Console passwords, hashed with argon2id (argon2-cffi's defaults).

Hashing takes tens of milliseconds of CPU by design, so it runs in a worker thread,
never on the event loop.
"""

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pulse.core.errors import InvalidRequest

MIN_LENGTH = 12
MAX_LENGTH = 1000  # long enough for any passphrase, short enough to hash quickly

_hasher = PasswordHasher()
# Verified against when no member has the email, so an unknown address takes as long
# to refuse as a wrong password.
_NOBODY = _hasher.hash("no member has this password")


def check_new_password(password: str, again: str) -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidRequest(
            f"A password has at least {MIN_LENGTH} characters.", fields=["password"]
        )
    if len(password) > MAX_LENGTH:
        raise InvalidRequest(
            f"A password has at most {MAX_LENGTH} characters.", fields=["password"]
        )
    if password != again:
        raise InvalidRequest("The two passwords differ.", fields=["password_again"])


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether `password` matches; False, after as long a wait, when there is no hash."""

    def verify() -> bool:
        # No password is longer than MAX_LENGTH: a longer one is checked against nobody's,
        # so it is refused after the same wait instead of hashing whatever was sent.
        too_long = len(password) > MAX_LENGTH
        candidate = password[:MAX_LENGTH]
        try:
            matches = _hasher.verify(_NOBODY if too_long else stored_hash or _NOBODY, candidate)
        except (VerificationError, InvalidHashError):
            return False
        return matches and stored_hash is not None and not too_long

    return await asyncio.to_thread(verify)
