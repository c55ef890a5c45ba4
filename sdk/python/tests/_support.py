"""Helpers shared by the tests."""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from typing import Any

BASE_URL = "https://pulse.test/v1"
# An employee as the API answers it, for the tests that play the server.
EMPLOYEE: dict[str, Any] = {
    "id": "emp_01HR3V6Q9X1M2N3P4Q5R6S7T8X",
    "full_name": "Ada Lovelace",
    "email": None,
    "role": None,
    "department": None,
    "manager_id": None,
    "start_date": "2020-01-06",
    "end_date": None,
    "location": None,
    "country": None,
    "custom_fields": {},
    "status": "active",
    "version": 1,
    "created_at": "2026-04-20T10:12:03Z",
    "updated_at": "2026-04-20T10:12:03Z",
}


@dataclass(frozen=True)
class LiveEnv:
    base_url: str
    api_key: str = field(repr=False)
    personal_key: str = field(repr=False)
    employee_id: str
    colleague_id: str
    read_only_key: str = field(repr=False)
    limited_key: str = field(repr=False)
    approval_key: str = field(repr=False)


def unique(prefix: str = "") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def load_vectors() -> list[dict[str, Any]]:
    """The shared webhook-signature vectors (PULSE_TEST_VECTORS, else the repository's)."""
    path = os.environ.get("PULSE_TEST_VECTORS")
    if not path:
        here = os.path.dirname(os.path.abspath(__file__))
        path = os.path.join(here, "..", "..", "..", "vectors", "webhook-signatures.json")
    with open(path, encoding="utf-8") as handle:
        cases: list[dict[str, Any]] = json.load(handle)["cases"]
    return cases
