"""After the other live tests: every operation of the document was called, successfully, on
both the sync and the async client (recorded by the clients' httpx event hooks)."""

from __future__ import annotations

from typing import Any

import pytest

from _support import OperationRecorder

pytestmark = [pytest.mark.live, pytest.mark.last]

LIVE_MODULES = {"test_live_resources", "test_live_async", "test_live_pagination"}


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_every_operation_was_reached_against_the_real_server(
    kind: str, recorder: OperationRecorder, openapi: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    ran = {getattr(getattr(i, "module", None), "__name__", "") for i in request.session.items}
    if not ran >= LIVE_MODULES:
        pytest.skip("only meaningful when every live test module runs")
    every = {operation_id for _, _, operation_id in recorder.routes}
    missed = sorted(every - recorder.reached[kind])
    assert not missed, f"the {kind} live tests never called: {', '.join(missed)}"
