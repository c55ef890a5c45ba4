"""The tenant every row and query belongs to: a workspace and one of its environments."""

from dataclasses import dataclass
from enum import StrEnum


class Environment(StrEnum):
    live = "live"
    test = "test"


@dataclass(frozen=True, slots=True)
class Tenant:
    workspace_id: str
    environment: Environment
