"""Webhook endpoints on the wire: where events go, which ones, and the signing secret."""

from typing import Annotated, Any, Literal

from pydantic import (
    MISSING,
    AfterValidator,
    BaseModel,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from pulse.events.catalogue import ALL_EVENTS, SUBSCRIBABLE
from pulse.kit.pagination import ListParams, Page
from pulse.kit.schemas import NonBlankText, RequestModel, Timestamp
from pulse.webhooks.endpoints.targets import parse_url

MAX_URL_LENGTH = 2048
# Every type at most once, and room for the catalogue to grow.
MAX_EVENT_TYPES = 100


def _http_url(url: str) -> str:
    parse_url(url)
    return url


def _subscribable(event_type: str) -> str:
    if event_type != ALL_EVENTS and event_type not in SUBSCRIBABLE:
        raise ValueError(f"{event_type!r} is not an event type endpoints can subscribe to")
    return event_type


def _one_selection(event_types: list[str]) -> list[str]:
    """`["*"]` alone, or distinct types (a repeated type is kept once, in order)."""
    if ALL_EVENTS in event_types and any(t != ALL_EVENTS for t in event_types):
        raise ValueError(f'"{ALL_EVENTS}" subscribes to every event and must stand alone')
    return list(dict.fromkeys(event_types))


EndpointUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_URL_LENGTH),
    AfterValidator(_http_url),
    WithJsonSchema({"type": "string", "format": "uri", "maxLength": MAX_URL_LENGTH}),
]
EventTypeName = Annotated[
    str,
    AfterValidator(_subscribable),
    WithJsonSchema({"type": "string", "enum": [*SUBSCRIBABLE, ALL_EVENTS]}),
]
EventSelection = Annotated[
    list[EventTypeName],
    Field(min_length=1, max_length=MAX_EVENT_TYPES),
    AfterValidator(_one_selection),
]
Description = Annotated[str, NonBlankText(500)]

URL_DOC = (
    "Where events are POSTed: an http or https URL (≤ 2048 characters). Live-mode endpoints "
    "need https and a public host, unless the deployment allows private targets."
)
EVENTS_DOC = 'The event types to receive, or `["*"]` for every type.'


class WebhookEndpointCreate(RequestModel):
    url: EndpointUrl = Field(description=URL_DOC)
    events: EventSelection = Field(description=EVENTS_DOC)
    description: Description | None = Field(None, description="A note for people (≤ 500).")
    enabled: bool = Field(True, description="Disabled endpoints receive nothing.")


class WebhookEndpointUpdate(RequestModel):
    """Only the fields sent change; `null` clears the description."""

    url: EndpointUrl | MISSING = Field(MISSING, description=URL_DOC)
    events: EventSelection | MISSING = Field(MISSING, description=EVENTS_DOC)
    description: Description | MISSING | None = MISSING
    enabled: bool | MISSING = Field(
        MISSING, description="Enabling an endpoint again clears its `disabled_reason`."
    )

    def changes(self) -> dict[str, Any]:
        """The fields sent."""
        return self.model_dump()


class WebhookEndpoint(BaseModel):
    id: str = Field(examples=["we_01HR3V6Q9X1M2N3P4Q5R6S7T8X"])
    url: str
    description: str | None
    events: list[str] = Field(description=EVENTS_DOC)
    enabled: bool
    disabled_reason: str | None = Field(
        description="Why Pulse disabled the endpoint (say, its receiver answered 410 Gone)."
    )
    created_at: Timestamp
    updated_at: Timestamp


class WebhookEndpointWithSecret(WebhookEndpoint):
    """The endpoint and its signing secret: the answer of creating it and of rolling it."""

    secret: str = Field(
        description="The signing secret (`whsec_…`): the HMAC-SHA256 key of "
        "`X-Pulse-Signature`. Shown only when the endpoint is created and when it is rolled."
    )


class DeletedWebhookEndpoint(WebhookEndpoint):
    """The endpoint as it was before it was deleted."""

    deleted: Literal[True]


class WebhookEndpointList(Page[WebhookEndpoint]):
    pass


class WebhookEndpointFilters(ListParams):
    enabled: bool | None = None
