"""Console sessions and sign-in.

A session lives in the database: the browser holds a random id, the database its hash.
It ends 12 hours after it was last used or 7 days after sign-in, whichever comes first,
and at sign-out. Every sign-in starts a new session, so no id from before it survives.

Ten failed sign-ins for one email within 15 minutes lock sign-in for that email for
15 minutes; a locked attempt is answered exactly like a wrong password, so the lock
tells a guesser nothing. Attempts for one email are judged one at a time.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pulse.audit import service as audit
from pulse.audit.service import Actor
from pulse.core.errors import InvalidRequest
from pulse.core.tenancy import Environment, Tenant
from pulse.db.dialect import lock_name_for_transaction
from pulse.db.session import Session
from pulse.kit import clock
from pulse.kit.ids import new_id
from pulse.kit.principals import Principal
from pulse.members import passwords, repository
from pulse.members.roles import CHANGERS, SCOPES, Role
from pulse.members.service import normalized_email
from pulse.members.tokens import new_token, token_hash

IDLE_TIMEOUT = timedelta(hours=12)
ABSOLUTE_TIMEOUT = timedelta(days=7)
# `last_seen_at` is written at most this often: the idle timeout is counted in hours.
TOUCH_RESOLUTION = timedelta(minutes=1)

FAILURE_WINDOW = timedelta(minutes=15)
FAILURES_TO_LOCK = 10
LOCK_DURATION = timedelta(minutes=15)

# The one answer to a wrong password, an unknown email and a locked email alike.
SIGN_IN_REFUSED = "Wrong email or password."


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A signed-in console member: who, with what role, looking at which environment."""

    member_id: str
    workspace_id: str
    email: str
    name: str | None
    role: Role
    environment: Environment
    csrf_token: str
    session_hash: str
    last_seen_at: datetime

    @property
    def tenant(self) -> Tenant:
        return Tenant(self.workspace_id, self.environment)

    @property
    def principal(self) -> Principal:
        """The member as the services know callers: scopes from the role, no rate limit
        (the console is not the API), never a personal key."""
        return Principal(self.member_id, self.tenant, SCOPES[self.role], None, 0)

    @property
    def can_change(self) -> bool:
        """Whether the role may change things: keys, endpoints, replays, settings."""
        return self.role in CHANGERS

    def actor(self, ip: str | None) -> Actor:
        return Actor(self.member_id, ip)


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session just started: the id for the cookie (never stored) and its member."""

    token: str
    member: dict[str, Any]


async def start_session(
    db: Session, member: dict[str, Any], ip: str | None, replaces: str | None
) -> NewSession:
    """A new session for `member`, in the test environment; the session it replaces
    (the browser's previous one, if any) ends."""
    if replaces is not None:
        await repository.delete_session(db, token_hash(replaces))
    token = new_token()
    now = clock.utcnow()
    await repository.insert_session(
        db,
        {
            "id_hash": token_hash(token),
            "member_id": member["id"],
            "environment": Environment.test.value,
            "csrf_token": new_token(),
            "created_at": now,
            "last_seen_at": now,
        },
    )
    await audit.record(
        db,
        Actor(member["id"], ip),
        "member.signed_in",
        workspace_id=member["workspace_id"],
        target=member["id"],
    )
    return NewSession(token, member)


async def sign_in(
    db: Session, email: str, password: str, ip: str | None, replaces: str | None
) -> NewSession | None:
    """A new session when the password is right and the email not locked; else None
    (the failure recorded, and the audit entry when the email is a member's)."""
    try:
        address = normalized_email(email)
    except InvalidRequest:
        # Not an address anyone has; kept storable (no NUL, within the column) so its
        # failures count like any other.
        address = email.strip().lower().replace("\x00", "")[:320]
    await lock_name_for_transaction(db, f"console-sign-in:{address}")
    now = clock.utcnow()
    member = await repository.member_by_email(db, address)
    if member is not None and member["removed_at"] is not None:
        member = None
    if await repository.locked_until(db, address, now) is not None:
        await _audit_refusal(db, member, ip, "member.sign_in_locked")
        return None
    # Verified even without a member, so an unknown address takes as long to refuse.
    stored = None if member is None else member["password_hash"]
    matches = await passwords.verify_password(stored, password)
    if member is not None and matches:
        await repository.clear_failures(db, address)
        return await start_session(db, member, ip, replaces)
    await _record_failure(db, address, now)
    await _audit_refusal(db, member, ip, "member.sign_in_failed")
    return None


async def _record_failure(db: Session, address: str, now: datetime) -> None:
    recent = await repository.failures_since(db, address, now - FAILURE_WINDOW)
    locks = recent + 1 >= FAILURES_TO_LOCK
    await repository.insert_failure(
        db,
        {
            "id": new_id("fail"),
            "email": address,
            "at": now,
            "locks_until": now + LOCK_DURATION if locks else None,
        },
    )


async def _audit_refusal(
    db: Session, member: dict[str, Any] | None, ip: str | None, action: str
) -> None:
    # An address that is no member's belongs to no workspace's log; its failures still
    # count towards its lock.
    if member is None:
        return
    await audit.record(
        db,
        Actor(member["id"], ip),
        action,
        workspace_id=member["workspace_id"],
        target=member["id"],
    )


async def resume(db: Session, token: str) -> SignedIn | None:
    """The signed-in member a session id stands for, while the session lives."""
    row = await repository.session_with_member(db, token_hash(token))
    if row is None:
        return None
    now = clock.utcnow()
    if now - row["last_seen_at"] >= IDLE_TIMEOUT or now - row["created_at"] >= ABSOLUTE_TIMEOUT:
        return None
    return SignedIn(
        member_id=row["member_id"],
        workspace_id=row["workspace_id"],
        email=row["email"],
        name=row["name"],
        role=Role(row["role"]),
        environment=Environment(row["environment"]),
        csrf_token=row["csrf_token"],
        session_hash=row["id_hash"],
        last_seen_at=row["last_seen_at"],
    )


def needs_touch(member: SignedIn) -> bool:
    return clock.utcnow() - member.last_seen_at >= TOUCH_RESOLUTION


async def touch(db: Session, member: SignedIn) -> None:
    """Mark the session used now (it idles from here)."""
    await repository.touch_session(db, member.session_hash, clock.utcnow())


async def end(db: Session, token: str) -> None:
    """Delete a session that is over (expired, or its member removed)."""
    await repository.delete_session(db, token_hash(token))


async def sign_out(db: Session, member: SignedIn, ip: str | None) -> None:
    await repository.delete_session(db, member.session_hash)
    await audit.record(
        db,
        member.actor(ip),
        "member.signed_out",
        workspace_id=member.workspace_id,
        target=member.member_id,
    )


async def switch_environment(db: Session, member: SignedIn, environment: Environment) -> None:
    await repository.set_session_environment(db, member.session_hash, environment.value)
