"""Replaying an event from the console: the API's replay service, audited."""

from fastapi import Request

from pulse.audit import service as audit
from pulse.console.web import client_ip
from pulse.db.session import Session
from pulse.members.sessions import SignedIn
from pulse.webhooks.deliveries import replay


async def replay_event(
    tx: Session, request: Request, member: SignedIn, event_id: str, endpoint_id: str | None
) -> None:
    """New deliveries of the event (to `endpoint_id`, or to every subscribed endpoint),
    recorded in the audit log in the same transaction."""
    made = await replay.replay_event(tx, member.principal, event_id, endpoint_id)
    await audit.record(
        tx,
        member.actor(client_ip(request)),
        "event.replayed",
        workspace_id=member.workspace_id,
        environment=member.environment,
        target=event_id,
        details={
            "endpoint_id": endpoint_id or "every subscribed endpoint",
            "deliveries": [delivery["id"] for delivery in made],
        },
    )
