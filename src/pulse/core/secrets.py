"""Secrets kept at rest (webhook signing secrets), encrypted with `PULSE_SECRET_KEY`.

Fernet, from `cryptography`, rather than AES-GCM assembled by hand: a Fernet token
carries its own version, timestamp, IV and MAC, so nothing about the format is ours
to get wrong, and MultiFernet takes a list of keys (the first encrypts, any of them
decrypts), which makes rotating the key plain: set "new,old", re-encrypt every stored
secret with the new key (`pulse secret-key rotate`), then drop the old one.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from pydantic import SecretStr

SETTING = "PULSE_SECRET_KEY"
HOW_TO_GENERATE = (
    "generate one with `pulse secret-key generate` "
    '(or `python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())"`)'
)


class SecretKeyError(Exception):
    """`PULSE_SECRET_KEY` is missing, malformed, or does not open a stored secret."""


class SecretBox:
    """Encrypts secrets with the first key of `PULSE_SECRET_KEY`; decrypts with any of them."""

    def __init__(self, keys: str) -> None:
        parts = [part.strip() for part in keys.split(",") if part.strip()]
        if not parts:
            raise SecretKeyError(f"{SETTING} is empty: {HOW_TO_GENERATE}.")
        try:
            self._fernet = MultiFernet([Fernet(part) for part in parts])
        except ValueError:
            raise SecretKeyError(
                f"{SETTING} is not valid: it holds one key, or several separated by commas "
                f"(the first encrypts), each 32 url-safe base64-encoded bytes; "
                f"{HOW_TO_GENERATE}."
            ) from None

    def encrypt(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode()
        except InvalidToken:
            raise SecretKeyError(_NOT_OPENED) from None

    def reencrypt(self, token: str) -> str:
        """`token` encrypted again with the first key (it may have been with any)."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise SecretKeyError(_NOT_OPENED) from None


_NOT_OPENED = (
    f"a stored secret cannot be decrypted with any key in {SETTING}: give the key it was "
    'encrypted with (during a rotation, both: "new,old").'
)


def secret_box(keys: SecretStr | None) -> SecretBox:
    """The box of the `PULSE_SECRET_KEY` setting; a clear error when it is not set."""
    if keys is None:
        raise SecretKeyError(
            f"{SETTING} is not set. It encrypts webhook signing secrets in the database; "
            f"{HOW_TO_GENERATE}, keep a copy with your database backups and give it to "
            "every `pulse` process."
        )
    return SecretBox(keys.get_secret_value())


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")
