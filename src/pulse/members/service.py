"""Console members: invited from the CLI or by owners in the console, each with a
one-time sign-in link where they set their password; owners change roles and remove
members in the console.

A link is valid for 24 hours and for one use; a new link (`pulse members reset`)
makes the member's unused ones die. Only a hash of a link's token is stored. Emails are
unique across the deployment (not per workspace), so an email names one member.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email

from pulse.audit import service as audit
from pulse.audit.service import Actor
from pulse.core.errors import Conflict, InvalidRequest, NotFound, Unprocessable
from pulse.db.dialect import lock_name_for_transaction
from pulse.db.session import Session
from pulse.kit import clock
from pulse.kit.ids import new_id
from pulse.kit.schemas import is_blank
from pulse.members import repository
from pulse.members.roles import Role
from pulse.members.tokens import new_token, token_hash
from pulse.workspaces.service import get_workspace

LINK_LIFETIME = timedelta(hours=24)
WELCOME_PATH = "/developers/welcome/"


@dataclass(frozen=True)
class SignInLink:
    """A member and the token of their new link (shown once, never stored)."""

    member: dict[str, Any]
    token: str
    expires_at: datetime

    def url(self, base_url: str) -> str:
        return base_url.rstrip("/") + WELCOME_PATH + self.token


def normalized_email(email: str) -> str:
    """The address as stored: checked for shape (not deliverability), lower-cased."""
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidRequest(
            f"{email!r} is not an email address: {exc}", fields=["email"]
        ) from None
    return checked.normalized.lower()


def public_view(member: dict[str, Any]) -> dict[str, Any]:
    """What may be shown of a member: never the password hash."""
    return {
        "id": member["id"],
        "workspace_id": member["workspace_id"],
        "email": member["email"],
        "name": member["name"],
        "role": member["role"],
        "created_at": member["created_at"],
        "removed_at": member["removed_at"],
    }


async def invite(
    db: Session, workspace_id: str, email: str, role: Role, name: str | None, actor: Actor
) -> SignInLink:
    """A new member of `workspace_id` and their first sign-in link."""
    await get_workspace(db, workspace_id)
    address = normalized_email(email)
    if name is not None:
        name = name.strip()
        if is_blank(name) or len(name) > 200:
            raise InvalidRequest("A name has 1 to 200 characters and is not blank.", ["name"])
    if await repository.member_by_email(db, address) is not None:
        raise Conflict(f"{address} is already a console member (emails are unique).", ["email"])
    member: dict[str, Any] = {
        "workspace_id": workspace_id,
        "id": new_id("mem"),
        "email": address,
        "name": name,
        "role": role.value,
        "password_hash": None,
        "created_at": clock.utcnow(),
        "removed_at": None,
    }
    await repository.insert_member(db, member)
    details = {"email": address, "role": role.value}
    await audit.record(
        db, actor, "member.invited", workspace_id=workspace_id, target=member["id"], details=details
    )
    return await _new_link(db, member)


async def reset(db: Session, email: str, actor: Actor) -> SignInLink:
    """A new sign-in link for the member with `email`; their unused links die."""
    member = await repository.member_by_email(db, normalized_email(email))
    if member is None or member["removed_at"] is not None:
        raise NotFound(f"No console member with email {email.strip()!r}.", ["email"])
    await repository.drop_unused_links(db, member["id"])
    await audit.record(
        db,
        actor,
        "member.link_reset",
        workspace_id=member["workspace_id"],
        target=member["id"],
        details={"email": member["email"]},
    )
    return await _new_link(db, member)


async def _new_link(db: Session, member: dict[str, Any]) -> SignInLink:
    token = new_token()
    now = clock.utcnow()
    expires_at = now + LINK_LIFETIME
    await repository.insert_link(
        db,
        {
            "token_hash": token_hash(token),
            "member_id": member["id"],
            "created_at": now,
            "expires_at": expires_at,
            "used_at": None,
        },
    )
    return SignInLink(public_view(member), token, expires_at)


async def link_member(db: Session, token: str) -> dict[str, Any] | None:
    """The member a sign-in link is for, while it can still be used."""
    return await repository.link_member(db, token_hash(token), clock.utcnow())


async def set_password_from_link(
    db: Session, token: str, password_hash: str, ip: str | None
) -> dict[str, Any]:
    """Use the link once: the member's password becomes `password_hash` (hashed before
    the transaction, so no lock is held while it is computed)."""
    member = await link_member(db, token)
    if member is None or not await repository.use_link(db, token_hash(token), clock.utcnow()):
        raise NotFound("This sign-in link has expired or was already used.")
    await repository.set_password_hash(db, member["id"], password_hash)
    await audit.record(
        db,
        Actor(member["id"], ip),
        "member.password_set",
        workspace_id=member["workspace_id"],
        target=member["id"],
    )
    return member


async def list_members(db: Session, workspace_id: str) -> list[dict[str, Any]]:
    """The workspace's current members (removed ones are left out)."""
    return [public_view(row) for row in await repository.current_members(db, workspace_id)]


async def get_member(db: Session, workspace_id: str, member_id: str) -> dict[str, Any]:
    """A current member of `workspace_id` (another workspace's is not found)."""
    return public_view(_member_in(await repository.current_members(db, workspace_id), member_id))


async def change_role(
    db: Session, workspace_id: str, member_id: str, role: Role, actor: Actor
) -> dict[str, Any]:
    """Give a member of `workspace_id` another role; the last owner stays an owner."""
    members = await _lock_members(db, workspace_id)
    member = _member_in(members, member_id)
    if member["role"] == role.value:
        return public_view(member)
    if role is not Role.owner:
        _keep_an_owner(members, member, "demoted")
    await repository.set_role(db, member_id, role.value)
    details = {"email": member["email"], "from": member["role"], "to": role.value}
    await audit.record(
        db,
        actor,
        "member.role_changed",
        workspace_id=workspace_id,
        target=member_id,
        details=details,
    )
    return public_view({**member, "role": role.value})


async def remove(db: Session, workspace_id: str, member_id: str, actor: Actor) -> dict[str, Any]:
    """Remove a member of `workspace_id`: their sessions end and their unused links die.
    The row stays (the audit log names them); the last owner cannot be removed."""
    members = await _lock_members(db, workspace_id)
    member = _member_in(members, member_id)
    _keep_an_owner(members, member, "removed")
    now = clock.utcnow()
    await repository.set_removed(db, member_id, now)
    await repository.delete_sessions_of(db, member_id)
    await repository.drop_unused_links(db, member_id)
    await audit.record(
        db,
        actor,
        "member.removed",
        workspace_id=workspace_id,
        target=member_id,
        details={"email": member["email"], "role": member["role"]},
    )
    return public_view({**member, "removed_at": now})


async def _lock_members(db: Session, workspace_id: str) -> list[dict[str, Any]]:
    """The workspace's current members, read under a lock on its membership: two owners
    demoting each other at once must not leave the workspace without one."""
    await lock_name_for_transaction(db, f"console-members:{workspace_id}")
    return await repository.current_members(db, workspace_id)


def _member_in(members: list[dict[str, Any]], member_id: str) -> dict[str, Any]:
    for member in members:
        if member["id"] == member_id:
            return member
    raise NotFound(f"No console member with id {member_id!r} in this workspace.")


def _keep_an_owner(members: list[dict[str, Any]], member: dict[str, Any], change: str) -> None:
    owners = [other for other in members if other["role"] == Role.owner.value]
    if member["role"] == Role.owner.value and len(owners) == 1:
        raise Unprocessable(
            f"{member['email']} is the workspace's last owner and cannot be {change}: "
            "make another member an owner first."
        )
