"""`/developers/audit`: the log pages back in time and filters by action and by who."""

import html
import re

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.audit import service as audit
from pulse.audit.service import CLI
from pulse.core.tenancy import Environment
from pulse.db.session import transaction
from pulse.members.roles import Role
from tests.support.api import Tenants
from tests.support.console import member_id_of, signed_in

ENTRY_TARGET = re.compile(r"<td><code>(tgt-\d+)</code></td>")
OLDER = re.compile(r'<a href="([^"]+)" rel="next">Older entries</a>')


async def _record_many(engine: AsyncEngine, workspace_id: str, count: int) -> None:
    """`count` CLI entries in order, each naming its number as its target."""
    for number in range(count):
        async with transaction(engine) as db:
            await audit.record(
                db,
                CLI,
                "key.created",
                workspace_id=workspace_id,
                environment=Environment.test,
                target=f"tgt-{number:03d}",
            )


def _targets(text: str) -> list[str]:
    return ENTRY_TARGET.findall(text)


def _older_link(text: str) -> str | None:
    found = OLDER.search(text)
    return html.unescape(found.group(1)) if found else None


async def test_the_log_pages_back_in_time_without_gaps_or_repeats(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    await _record_many(engine, workspace, audit.PAGE_SIZE + 7)
    member = await signed_in(app, engine, workspace, Role.viewer)

    first = await member.get("/developers/audit", params={"action": "key.created"})
    assert first.status_code == 200
    newest = _targets(first.text)
    assert len(newest) == audit.PAGE_SIZE
    assert newest[0] == f"tgt-{audit.PAGE_SIZE + 6:03d}"
    older = _older_link(first.text)
    assert older is not None and "action=key.created" in older

    second = await member.get(older)
    rest = _targets(second.text)
    assert rest == [f"tgt-{number:03d}" for number in range(6, -1, -1)]
    assert _older_link(second.text) is None
    assert "Newest entries" in second.text
    await member.http.aclose()


async def test_the_log_filters_by_who(app: FastAPI, engine: AsyncEngine, tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    await _record_many(engine, workspace, 2)
    member = await signed_in(app, engine, workspace, Role.owner)
    member_id = await member_id_of(engine, member.email)

    everyone = await member.get("/developers/audit")
    assert f'<option value="{member_id}">{member.email}</option>' in everyone.text
    assert '<option value="cli">CLI</option>' in everyone.text

    by_cli = await member.get("/developers/audit", params={"actor": "cli"})
    assert _targets(by_cli.text) == ["tgt-001", "tgt-000"]
    assert "member.signed_in</code>" not in by_cli.text

    by_member = await member.get("/developers/audit", params={"actor": member_id})
    assert _targets(by_member.text) == []
    assert "<td><code>member.password_set</code></td>" in by_member.text
    await member.http.aclose()


async def test_a_link_the_log_did_not_make_is_refused(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    member = await signed_in(app, engine, await tenants.workspace(), Role.viewer)
    refused = await member.get("/developers/audit", params={"before": "'; drop table--"})
    assert refused.status_code == 400
    assert "not one the log made" in refused.text
    await member.http.aclose()
