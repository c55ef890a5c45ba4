"""`/ecosystem`: the public page integrators read before writing a webhook receiver.

It shows the event catalogue with each payload's fields (read off the OpenAPI
document, so the page cannot drift from the API), how deliveries are signed and
retried, and the SDK install lines.
"""

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from pulse.console.web import templates
from pulse.events.catalogue import CATALOGUE, EventType
from pulse.kit.openapi import build_openapi
from pulse.webhooks.deliveries.service import RETRY_WINDOW

# The page needs nothing from elsewhere but the console's icon and runs no script; say so
# to the browser.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class Sdk:
    language: str
    package: str
    install: str


SDKS = (
    Sdk("TypeScript", "@pulsehr/sdk", "bun add @pulsehr/sdk"),
    Sdk("Python", "pulsehr", "pip install pulsehr"),
    Sdk("Go", "pulsehr-go", "go get github.com/pulsehr/pulsehr-go"),
)


@dataclass(frozen=True)
class PayloadField:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class CatalogueEntry:
    type: str
    description: str
    schema: str
    fields: list[PayloadField]


def type_label(schema: dict[str, Any], components: dict[str, Any]) -> str:
    """A short, human reading of a JSON Schema: `string (date) or null`, `one of a, b`."""
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        target = components.get(name, {})
        return type_label(target, components) if "enum" in target else name
    if "anyOf" in schema:
        return " or ".join(type_label(variant, components) for variant in schema["anyOf"])
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    kind = str(schema.get("type", "any"))
    if kind == "array":
        return "array of " + type_label(schema.get("items", {}), components)
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def payload_fields(components: dict[str, Any], schema_name: str) -> list[PayloadField]:
    properties = components.get(schema_name, {}).get("properties", {})
    return [
        PayloadField(name, type_label(prop, components), str(prop.get("description", "")))
        for name, prop in properties.items()
    ]


def catalogue_entry(event_type: EventType, components: dict[str, Any]) -> CatalogueEntry:
    fields = payload_fields(components, event_type.resource)
    return CatalogueEntry(event_type.type, event_type.description, event_type.resource, fields)


router = APIRouter(include_in_schema=False)


@router.get("/ecosystem", response_class=HTMLResponse)
async def ecosystem(request: Request) -> HTMLResponse:
    components = build_openapi(request.app).get("components", {}).get("schemas", {})
    page = templates.get_template("ecosystem.html").render(
        catalogue=[catalogue_entry(event_type, components) for event_type in CATALOGUE],
        sdks=SDKS,
        retry_hours=int(RETRY_WINDOW.total_seconds() // 3600),
    )
    return HTMLResponse(page, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY})
