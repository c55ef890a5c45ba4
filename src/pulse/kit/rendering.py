"""Resources as JSON documents, shaped once from their rows, and answers written by orjson.

A resource's pydantic model describes it (OpenAPI, the SDKs) and validates what a
write answers and records in its event. Reads answer up to a page of rows at a time:
validating a model per row and serialising it again cost more than the query, so
they answer `ResourceShape.document(row)` written by orjson directly. Both ways go
through `document`, so a resource reads the same whichever way it is answered
(tests/test_rendering.py holds the two to identical JSON).
"""

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import orjson
from pydantic import BaseModel
from starlette.responses import Response

ModelT = TypeVar("ModelT", bound=BaseModel)

# Datetimes are stored in UTC; pydantic writes them with a `Z`, and so does this.
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

    def validated(self, row: Mapping[str, Any], **derived: Any) -> ModelT:
        return self.model.model_validate(self.document(row, **derived))


def render(content: Any) -> bytes:
    return orjson.dumps(content, option=JSON_OPTIONS)


def json_answer(content: Any, status_code: int = 200) -> Response:
    return Response(render(content), status_code=status_code, media_type="application/json")
