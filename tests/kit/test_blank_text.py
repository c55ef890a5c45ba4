"""Text that shows nothing is blank: every name, line and note refuses it alike."""

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pulse.core.errors import InvalidRequest
from pulse.kit.schemas import DRAWN_AS_SPACE, is_blank
from tests.support.api import Api, Tenants, assert_error

# Zero-width space, BOM, zero-width non-joiner and joiner, word joiner, soft hyphen,
# ideographic space, Hangul filler, variation selector.
INVISIBLE = ["\u200b", "\ufeff", "\u200c", "\u200d", "\u2060", "\u00ad", "\u3000", "\u3164"]
BLANKS = [*INVISIBLE, " \u200b\ufeff\u200c\u200d\u2060\u00ad ", "\u200b\t\u200b", "\ufe0f"]

# (method, path, the body around the text) for every text that must not be blank.
Body = Callable[[str, str], dict[str, Any]]
HIRE = {"full_name": "Ada", "start_date": "2024-01-01"}
KUDOS = {"coins": 1, "tag": "thanks"}
TEXTS: list[tuple[str, str, str, Body]] = [
    (
        "POST",
        "/v1/employees",
        "full_name",
        lambda e, t: {"full_name": t, "start_date": "2024-01-01"},
    ),
    (
        "POST",
        "/v1/employees",
        "role",
        lambda e, t: {**HIRE, "role": t},
    ),
    (
        "POST",
        "/v1/employees",
        "department",
        lambda e, t: {**HIRE, "department": t},
    ),
    (
        "POST",
        "/v1/employees",
        "location",
        lambda e, t: {**HIRE, "location": t},
    ),
    ("PATCH", "/v1/employees/{e}", "full_name", lambda e, t: {"full_name": t}),
    ("PATCH", "/v1/employees/{e}", "role", lambda e, t: {"role": t}),
    ("POST", "/v1/status-log", "lines.0", lambda e, t: {"employee_id": e, "lines": [t]}),
    (
        "POST",
        "/v1/status-log",
        "topic",
        lambda e, t: {"employee_id": e, "lines": ["Shipped."], "topic": t},
    ),
    (
        "POST",
        "/v1/kudos",
        "note",
        lambda e, t: {
            "from_employee_id": e,
            "to_employee_id": e,
            "coins": 1,
            "tag": "a",
            "note": t,
        },
    ),
    (
        "POST",
        "/v1/webhook-endpoints",
        "description",
        lambda e, t: {"url": "http://127.0.0.1:9/hook", "events": ["*"], "description": t},
    ),
]


@pytest.mark.parametrize("blank", BLANKS, ids=[f"U+{ord(b[0]):04X}x{len(b)}" for b in BLANKS])
@pytest.mark.parametrize(("method", "path", "field", "body"), TEXTS, ids=[t[2] for t in TEXTS])
async def test_invisible_text_is_blank_everywhere(
    api: Api, method: str, path: str, field: str, body: Body, blank: str
) -> None:
    employee = await api.create_employee()
    response = await api.request(
        method, path.format(e=employee["id"]), json=body(employee["id"], blank)
    )
    error = assert_error(response, 400, "invalid_request", [field])
    assert "blank" in error["message"] or "at least 1 character" in error["message"]


@pytest.mark.parametrize("name", ["Ada\u200b", "\u00adZoë", "李", "\u200dعلي", "O\u0301"])
async def test_text_with_something_visible_is_kept_as_sent(api: Api, name: str) -> None:
    employee = await api.create_employee(full_name=name)
    assert employee["full_name"] == name


@given(st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"])))
def test_only_invisible_characters_are_blank(text: str) -> None:
    assert is_blank(text)


@given(st.text(), st.characters(categories=["Lu", "Ll", "Lo", "Nd", "P", "S"]), st.text())
def test_one_visible_character_is_not_blank(before: str, visible: str, after: str) -> None:
    assume(visible not in DRAWN_AS_SPACE)
    assert not is_blank(before + visible + after)


@pytest.mark.parametrize("name", BLANKS)
async def test_a_workspace_name_that_shows_nothing_is_refused(tenants: Tenants, name: str) -> None:
    with pytest.raises(InvalidRequest) as refused:
        await tenants.workspace(name)
    assert refused.value.fields == ["name"]
    assert await tenants.workspace("\u200bAcme") != await tenants.workspace("Acme")
