from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any, TypeVar

from .._models import BaseModel
from .delivery import Delivery

__all__ = ["Event", "ReplayedDeliveries"]

_M = TypeVar("_M", bound=BaseModel)


class Event(BaseModel):
    """Something that happened: the very document POSTed to webhook endpoints."""

    id: str
    """`evt_…`: the same on every delivery and replay, so receivers dedupe on it."""
    type: str
    """One of the catalogue's types (`pulse.event_types.list()`), e.g. `leave.logged`."""
    created_at: datetime
    data: dict[str, Any]
    """The full resource after the change; its model is the one the catalogue names."""

    def data_as(self, model: builtins.type[_M]) -> _M:
        """`data` read as a model, e.g. `event.data_as(pulsehr.types.Leave)`."""
        return model.model_validate(self.data)


class ReplayedDeliveries(BaseModel):
    """The new deliveries of a replayed event, one per endpoint."""

    data: list[Delivery]
