"""Reading the event log, and the event catalogue."""

from typing import Any

from pulse.core.errors import not_found
from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.session import Session
from pulse.events import repository
from pulse.events.catalogue import CATALOGUE
from pulse.events.documents import event_document
from pulse.events.schemas import EventFilters
from pulse.kit.pagination import make_page

# An event reads as its webhook document, so the API and the receivers see the same event.


async def event_row(db: Session, tenant: Tenant, event_id: str) -> dict[str, Any]:
    row = await repository.get_event(db, tenant, event_id)
    if row is None:
        raise not_found("event", event_id)
    return row


async def get_event(db: Session, tenant: Tenant, event_id: str) -> dict[str, Any]:
    return event_document(await event_row(db, tenant, event_id))


async def list_events(
    db: Session, tenant: Tenant, filters: EventFilters, page: PageRequest
) -> dict[str, Any]:
    rows, total = await repository.list_events(db, tenant, filters, page)
    return make_page(page, [event_document(row) for row in rows], total)


def event_types() -> list[dict[str, str]]:
    return [
        {"type": entry.type, "description": entry.description, "schema": entry.resource}
        for entry in CATALOGUE
    ]
