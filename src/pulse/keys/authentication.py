"""API keys as the principals of the API: what `pulse.kit.auth` asks when a request
brings `Authorization: Bearer pk_…`.

Every request reads its key afresh (one indexed statement, prepared on PostgreSQL), so
revoking a key, its expiry, or its employee leaving takes effect from the next request
in every API process, whatever the database and however many processes serve it. A
per-process cache saved that round trip but let a revoked key work on for seconds, and
no signal reaches other processes reliably before their next request on both databases.
"""

import logging
import re
import time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.core.errors import Unauthenticated
from pulse.core.tenancy import Environment, Tenant
from pulse.db.session import reading, transaction
from pulse.employees.schemas import EmployeeStatus
from pulse.employees.service import status_on
from pulse.keys import repository
from pulse.keys.service import hash_secret
from pulse.kit.clock import rfc3339, today, utcnow
from pulse.kit.principals import Principal
from pulse.settings import Settings

log = logging.getLogger("pulse.auth")

KEY_PATTERN = re.compile(r"pk_(live|test)_[0-9A-Za-z]{32,}")
# `last_used_at` is a hint for humans; writing it on every request would turn each
# read into a write, so each process refreshes it at most once a minute per key.
LAST_USED_RESOLUTION_SECONDS = 60.0


class ApiKeys:
    """Finds the principal an API key stands for (`pulse.kit.auth.Principals`)."""

    def __init__(self, engine: AsyncEngine, settings: Settings) -> None:
        self.engine = engine
        self.default_rate_limit = settings.rate_limit_per_minute
        # Key id -> monotonic time this process last wrote its `last_used_at`.
        self.last_touched: dict[str, float] = {}

    async def principal(self, secret: str) -> Principal:
        if not KEY_PATTERN.fullmatch(secret):
            raise Unauthenticated("Malformed API key: keys look like pk_live_… or pk_test_….")
        row = await self._row(hash_secret(secret))
        principal = self._principal(row)
        await self._touch(principal.key_id)
        return principal

    async def _row(self, secret_hash: str) -> dict[str, Any]:
        async with reading(self.engine) as db:
            row = await repository.find_for_auth(db, secret_hash)
        if row is None:
            raise Unauthenticated("Invalid API key.")
        return row

    def _principal(self, row: dict[str, Any]) -> Principal:
        now = utcnow()
        if row["revoked_at"] is not None:
            raise Unauthenticated(f"This API key was revoked at {rfc3339(row['revoked_at'])}.")
        if row["expires_at"] is not None and row["expires_at"] <= now:
            raise Unauthenticated(f"This API key expired at {rfc3339(row['expires_at'])}.")
        if row["employee_id"] is not None:
            self._check_employee(row)
        override = row["rate_limit_per_minute"]
        return Principal(
            key_id=row["id"],
            tenant=Tenant(row["workspace_id"], Environment(row["environment"])),
            scopes=frozenset(row["scopes"]),
            employee_id=row["employee_id"],
            rate_limit_per_minute=self.default_rate_limit if override is None else override,
        )

    def _check_employee(self, row: dict[str, Any]) -> None:
        """A personal key stands for its employee only while they work here."""
        # Leaving keeps the employee's record, so a missing one means the row went some
        # other way (a partial restore, a manual delete): refuse rather than guess.
        if row["employee_found"] is None:
            raise Unauthenticated(f"This API key's employee {row['employee_id']} does not exist.")
        end_date = row["employee_end_date"]
        if status_on(end_date, today()) is EmployeeStatus.former:
            raise Unauthenticated(
                f"This API key belongs to employee {row['employee_id']}, whose employment "
                f"ended on {end_date.isoformat()}."
            )

    async def _touch(self, key_id: str) -> None:
        last = self.last_touched.get(key_id)
        now = time.monotonic()
        if last is not None and now - last < LAST_USED_RESOLUTION_SECONDS:
            return
        self.last_touched[key_id] = now
        try:
            async with transaction(self.engine) as db:
                await repository.touch_key(db, key_id, utcnow())
        except Exception:
            # A usage hint is not worth failing the request over.
            log.warning("could not record last use of key %s", key_id, exc_info=True)
