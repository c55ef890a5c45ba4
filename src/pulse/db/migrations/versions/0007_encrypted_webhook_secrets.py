"""Webhook signing secrets encrypted at rest with PULSE_SECRET_KEY.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

The secret columns widen to hold Fernet tokens, and every stored secret (current and
previous) is encrypted here, in the migration's transaction: after `pulse migrate` no
plaintext secret is left, and nothing at startup has to finish the job. That needs the
key, which `pulse migrate` passes from PULSE_SECRET_KEY. A database that holds
endpoints stops the migration before anything changes when the key is missing, with
how to make one; a database without endpoints (a new deployment) needs no key to
migrate. The downgrade decrypts the secrets again, with the same key.

Idempotency records of the last 24 hours may hold the answers of creating an endpoint
and of rolling its secret, each with the secret in plaintext: the upgrade takes the
secret out of them (no key needed), as the code now stores them; their replay decrypts
the endpoint's secret again. The downgrade leaves them so.
"""

import json
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import context, op

from pulse.core.secrets import SecretBox, secret_box

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PLAIN_LENGTH = 64
TOKEN_LENGTH = 255
SELECT = sa.text(
    "SELECT workspace_id, environment, id, secret, previous_secret FROM webhook_endpoints"
)
UPDATE = sa.text(
    "UPDATE webhook_endpoints SET secret = :secret, previous_secret = :previous_secret "
    "WHERE workspace_id = :workspace_id AND environment = :environment AND id = :id"
)


def _box_if_needed() -> SecretBox | None:
    """The key's box when there are secrets to convert (SecretKeyError without the key)."""
    count = op.get_bind().execute(sa.text("SELECT count(*) FROM webhook_endpoints")).scalar()
    if not count:
        return None
    return secret_box(context.config.attributes.get("secret_key"))


def _convert(convert: Callable[[str], str]) -> None:
    bind = op.get_bind()
    for row in bind.execute(SELECT).mappings().all():
        previous = row["previous_secret"]
        bind.execute(
            UPDATE,
            {
                **row,
                "secret": convert(row["secret"]),
                "previous_secret": None if previous is None else convert(previous),
            },
        )


def _withhold_secrets_from_idempotency_records() -> None:
    bind = op.get_bind()
    body = (
        "convert_from(response_body, 'UTF8')"
        if bind.dialect.name == "postgresql"
        else "CAST(response_body AS TEXT)"
    )
    rows = bind.execute(
        sa.text(
            "SELECT workspace_id, environment, api_key_id, key, response_body "
            f"FROM idempotency_keys WHERE {body} LIKE '%whsec%'"
        )
    ).mappings()
    for row in rows.all():
        document = json.loads(bytes(row["response_body"]))
        secret = document.get("secret") if isinstance(document, dict) else None
        if not (isinstance(secret, str) and secret.startswith("whsec_")):
            continue
        del document["secret"]
        bind.execute(
            sa.text(
                "UPDATE idempotency_keys SET response_body = :body WHERE workspace_id = "
                ":workspace_id AND environment = :environment AND api_key_id = :api_key_id "
                "AND key = :key"
            ).bindparams(sa.bindparam("body", type_=sa.LargeBinary)),
            {**row, "body": json.dumps(document, ensure_ascii=False).encode()},
        )


def _resize(length: int) -> None:
    with op.batch_alter_table("webhook_endpoints") as batch:
        for column, nullable in (("secret", False), ("previous_secret", True)):
            batch.alter_column(column, type_=sa.String(length), existing_nullable=nullable)


def upgrade() -> None:
    box = _box_if_needed()
    _resize(TOKEN_LENGTH)
    if box is not None:
        _convert(box.encrypt)
    _withhold_secrets_from_idempotency_records()


def downgrade() -> None:
    box = _box_if_needed()
    if box is not None:
        _convert(box.decrypt)
    _resize(PLAIN_LENGTH)
