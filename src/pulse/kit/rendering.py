"""Resources as JSON documents: one definition per resource, one renderer for all.

A resource's pydantic model names its fields, in order, for the OpenAPI document and
the SDKs. `ResourceShape(Model).document(row)` picks those fields from a row (with
any derived ones beside them), and `render` writes the document with orjson: what a
read answers, what a write answers and what its event carries are that one document.
No model is validated per row: the row's columns already hold checked values, and
writing a page through a model per row cost more than the query.
"""

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import orjson
from pydantic import BaseModel
from starlette.responses import Response

ModelT = TypeVar("ModelT", bound=BaseModel)

# Datetimes are stored in UTC and written with a `Z`, as the OpenAPI document says.
JSON_OPTIONS = orjson.OPT_UTC_Z


class ResourceShape(Generic[ModelT]):
    """Which of a row's columns a resource shows, in its model's order."""

    def __init__(self, model: type[ModelT]) -> None:
        self.model = model
        self.fields = tuple(model.model_fields)

    def document(self, row: Mapping[str, Any], **derived: Any) -> dict[str, Any]:
        """The resource's fields from `row`, with `derived` ones (not columns) beside them."""
        if derived:
            return {name: derived[name] if name in derived else row[name] for name in self.fields}
        return {name: row[name] for name in self.fields}


def render(content: Any) -> bytes:
    return orjson.dumps(content, option=JSON_OPTIONS)


def json_answer(content: Any, status_code: int = 200) -> Response:
    return Response(render(content), status_code=status_code, media_type="application/json")
