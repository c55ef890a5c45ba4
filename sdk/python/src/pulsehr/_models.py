"""The base of every response model."""

from __future__ import annotations

from typing import Any

import pydantic
from pydantic import ConfigDict

__all__ = ["BaseModel"]


class BaseModel(pydantic.BaseModel):
    """A resource as the API answers it.

    Fields the SDK does not know yet (added to the API after this release) are kept rather than
    refused: read them with `model.model_extra` or `getattr`.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True, protected_namespaces=())

    def to_dict(self) -> dict[str, Any]:
        """The resource as JSON-compatible data, in the API's own field names."""
        return self.model_dump(mode="json", by_alias=True)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The resource as a JSON string, in the API's own field names."""
        return self.model_dump_json(indent=indent, by_alias=True)
