"""Webhook endpoints: the resource, its secret, test events and where live mode may send."""

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from pulse.app import create_app
from pulse.core.secrets import SecretBox
from pulse.core.tenancy import Environment
from pulse.db.tables import events, webhook_attempts, webhook_deliveries, webhook_endpoints
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id
from pulse.settings import Settings
from pulse.webhooks.endpoints import targets
from tests.support.api import Api, Tenants, assert_error
from tests.support.environment import SECRET_KEY, make_settings
from tests.support.journals import event_types

PATH = "/v1/webhook-endpoints"
RESOURCE_FIELDS = {
    "id",
    "url",
    "description",
    "events",
    "enabled",
    "disabled_reason",
    "created_at",
    "updated_at",
}
PUBLIC_URL = "https://hooks.example.com/pulse"
# RFC 6761: `.invalid` never resolves, wherever the tests run.
UNRESOLVABLE_URL = "https://hooks.pulse.invalid/pulse"
STRICT = targets.TargetPolicy()
PRIVATE = targets.TargetPolicy(allow_private=True)
LOOPBACK = targets.TargetPolicy(allow_loopback=True)
PRIVATE_HTTPS_URLS = [
    "https://127.0.0.1/hook",
    "https://[::1]/hook",
    "https://10.1.2.3/hook",
    "https://localhost/hook",
    "https://169.254.169.254/latest/meta-data",
]


async def create(api: Api, **fields: Any) -> dict[str, Any]:
    body = {"url": "http://127.0.0.1:9/hook", "events": ["*"], **fields}
    response = await api.post(PATH, json=body)
    assert response.status_code == 201, response.text
    endpoint: dict[str, Any] = response.json()
    return endpoint


async def stored(tenants: Tenants, endpoint_id: str) -> dict[str, Any]:
    """The endpoint's row, its secrets decrypted with the run's key (stored encrypted)."""
    async with tenants.engine.connect() as conn:
        row = (
            (
                await conn.execute(
                    select(webhook_endpoints).where(webhook_endpoints.c.id == endpoint_id)
                )
            )
            .mappings()
            .one()
        )
    box = SecretBox(SECRET_KEY)
    previous = row["previous_secret"]
    return {
        **row,
        "secret": box.decrypt(row["secret"]),
        "previous_secret": None if previous is None else box.decrypt(previous),
    }


async def count_rows(tenants: Tenants, table: Any, **where: str) -> int:
    query = select(func.count()).select_from(table)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    async with tenants.engine.connect() as conn:
        return int((await conn.execute(query)).scalar_one())


# The resource.


async def test_create_answers_the_endpoint_and_its_secret(api: Api, tenants: Tenants) -> None:
    endpoint = await create(
        api, url="https://hooks.example.com/pulse", events=["leave.logged"], description=" ERP "
    )
    assert set(endpoint) == RESOURCE_FIELDS | {"secret"}
    assert endpoint["id"].startswith("we_")
    assert endpoint["url"] == "https://hooks.example.com/pulse"
    assert endpoint["events"] == ["leave.logged"]
    assert endpoint["description"] == "ERP"
    assert endpoint["enabled"] is True
    assert endpoint["disabled_reason"] is None
    assert endpoint["created_at"] == endpoint["updated_at"]
    secret = endpoint["secret"]
    assert secret.startswith("whsec_") and len(secret) == len("whsec_") + 32
    assert (await stored(tenants, endpoint["id"]))["secret"] == secret
    # Configuration, not HR data: no event.
    assert await event_types(api, tenants) == []


async def test_reads_never_show_a_secret(api: Api) -> None:
    endpoint = await create(api)
    rolled = (await api.post(f"{PATH}/{endpoint['id']}/roll-secret")).json()
    for response in (
        await api.get(f"{PATH}/{endpoint['id']}"),
        await api.get(PATH),
        await api.patch(f"{PATH}/{endpoint['id']}", json={"description": "x"}),
    ):
        assert response.status_code == 200, response.text
        assert "secret" not in response.text
        assert endpoint["secret"] not in response.text
        assert rolled["secret"] not in response.text
    retrieved = (await api.get(f"{PATH}/{endpoint['id']}")).json()
    assert set(retrieved) == RESOURCE_FIELDS


async def test_list_filters_by_enabled_and_pages(api: Api) -> None:
    on = [await create(api), await create(api)]
    off = await create(api, enabled=False)

    async def ids(**params: Any) -> list[str]:
        response = await api.get(PATH, params=params)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["data"]]

    assert await ids() == [on[0]["id"], on[1]["id"], off["id"]]
    assert await ids(enabled="true") == [on[0]["id"], on[1]["id"]]
    assert await ids(enabled="false") == [off["id"]]
    first = (await api.get(PATH, params={"limit": 2})).json()
    assert first["total_count"] == 3 and first["next_cursor"]
    second = (await api.get(PATH, params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert [item["id"] for item in second["data"]] == [off["id"]]
    assert second["next_cursor"] is None
    assert_error(
        await api.get(PATH, params={"enabled": "true", "cursor": first["next_cursor"]}),
        400,
        "invalid_request",
        ["cursor"],
    )
    assert_error(await api.get(PATH, params={"enable": "true"}), 400, "invalid_request")


async def test_unknown_endpoint_is_404(api: Api) -> None:
    for method, suffix in (
        ("GET", ""),
        ("PATCH", ""),
        ("DELETE", ""),
        ("POST", "/roll-secret"),
        ("POST", "/test"),
        ("GET", "/deliveries"),
    ):
        response = await api.request(
            method, f"{PATH}/we_unknown{suffix}", **({"json": {}} if method == "PATCH" else {})
        )
        assert_error(response, 404, "not_found", [])


async def test_update_changes_only_the_fields_sent(api: Api, tenants: Tenants) -> None:
    endpoint = await create(api, description="ERP", events=["leave.logged"])
    resource = {name: endpoint[name] for name in RESOURCE_FIELDS}
    path = f"{PATH}/{endpoint['id']}"

    unchanged = await api.patch(path, json={"description": "ERP", "enabled": True})
    assert unchanged.json() == resource

    changed = (
        await api.patch(
            path,
            json={"url": "https://hooks.example.com/v2", "events": ["kudos.awarded"]},
        )
    ).json()
    assert changed["url"] == "https://hooks.example.com/v2"
    assert changed["events"] == ["kudos.awarded"]
    assert changed["description"] == "ERP"
    assert changed["updated_at"] >= resource["updated_at"]
    assert (await api.get(path)).json() == changed

    cleared = (await api.patch(path, json={"description": None, "enabled": False})).json()
    assert cleared["description"] is None
    assert cleared["enabled"] is False
    assert cleared["disabled_reason"] is None
    assert (await stored(tenants, endpoint["id"]))["secret"] == endpoint["secret"]
    assert await event_types(api, tenants) == []


async def test_enabling_again_clears_the_disabled_reason(api: Api, tenants: Tenants) -> None:
    endpoint = await create(api)
    async with tenants.engine.begin() as conn:
        await conn.execute(
            update(webhook_endpoints)
            .where(webhook_endpoints.c.id == endpoint["id"])
            .values(enabled=False, disabled_reason="the receiver answered 410 Gone")
        )
    path = f"{PATH}/{endpoint['id']}"
    disabled = (await api.get(path)).json()
    assert disabled["enabled"] is False
    assert disabled["disabled_reason"] == "the receiver answered 410 Gone"
    # Saying "disabled" again changes nothing, the reason included.
    assert (await api.patch(path, json={"enabled": False})).json() == disabled
    enabled = (await api.patch(path, json={"enabled": True})).json()
    assert enabled["enabled"] is True
    assert enabled["disabled_reason"] is None


async def test_delete_takes_the_deliveries_and_attempts_along(api: Api, tenants: Tenants) -> None:
    endpoint = await create(api, description="ERP")
    kept = await create(api)
    deliveries = [
        (await api.post(f"{PATH}/{endpoint['id']}/test")).json(),
        (await api.post(f"{PATH}/{kept['id']}/test")).json(),
    ]
    async with tenants.engine.begin() as conn:
        for delivery in deliveries:
            await conn.execute(
                webhook_attempts.insert().values(
                    workspace_id=api.tenant.workspace_id,
                    environment=api.tenant.environment.value,
                    id=new_id("att"),
                    delivery_id=delivery["id"],
                    attempted_at=utcnow(),
                    status_code=500,
                    latency_ms=12,
                    error="receiver answered 500",
                    response_body="oops",
                )
            )

    response = await api.delete(f"{PATH}/{endpoint['id']}")
    assert response.status_code == 200, response.text
    resource = {name: endpoint[name] for name in RESOURCE_FIELDS}
    assert response.json() == {**resource, "deleted": True}
    assert_error(await api.get(f"{PATH}/{endpoint['id']}"), 404, "not_found")
    assert_error(await api.delete(f"{PATH}/{endpoint['id']}"), 404, "not_found")
    assert await count_rows(tenants, webhook_endpoints, id=endpoint["id"]) == 0
    assert await count_rows(tenants, webhook_deliveries, endpoint_id=endpoint["id"]) == 0
    assert await count_rows(tenants, webhook_attempts, delivery_id=deliveries[0]["id"]) == 0
    # The other endpoint keeps everything; the events stay in the history.
    assert await count_rows(tenants, webhook_deliveries, endpoint_id=kept["id"]) == 1
    assert await count_rows(tenants, webhook_attempts, delivery_id=deliveries[1]["id"]) == 1
    assert await count_rows(tenants, events, id=deliveries[0]["event_id"]) == 1


async def test_delete_replays_with_the_same_idempotency_key(api: Api) -> None:
    endpoint = await create(api)
    headers = {"Idempotency-Key": "delete-it-once"}
    first = await api.delete(f"{PATH}/{endpoint['id']}", headers=headers)
    again = await api.delete(f"{PATH}/{endpoint['id']}", headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"


# The secret.


async def test_rolling_keeps_the_previous_secret_for_24_hours(api: Api, tenants: Tenants) -> None:
    endpoint = await create(api)
    path = f"{PATH}/{endpoint['id']}/roll-secret"

    before = utcnow()
    response = await api.post(path)
    assert response.status_code == 200, response.text
    rolled = response.json()
    assert set(rolled) == RESOURCE_FIELDS | {"secret"}
    assert rolled["secret"].startswith("whsec_")
    assert rolled["secret"] != endpoint["secret"]
    row = await stored(tenants, endpoint["id"])
    assert row["secret"] == rolled["secret"]
    assert row["previous_secret"] == endpoint["secret"]
    expires = row["previous_secret_expires_at"]
    assert before + timedelta(hours=24) - timedelta(seconds=1) <= expires
    assert expires <= utcnow() + timedelta(hours=24)

    again = (await api.post(path)).json()
    row = await stored(tenants, endpoint["id"])
    assert row["secret"] == again["secret"]
    # Only two secrets sign at once: the first one is retired now.
    assert row["previous_secret"] == rolled["secret"]
    assert row["previous_secret_expires_at"] >= expires
    assert await event_types(api, tenants) == []


# Test events and deliveries.


async def test_a_test_event_goes_to_this_endpoint_only(api: Api, tenants: Tenants) -> None:
    endpoint = await create(api)
    bystander = await create(api)
    resource = (await api.get(f"{PATH}/{endpoint['id']}")).json()

    response = await api.post(f"{PATH}/{endpoint['id']}/test")
    assert response.status_code == 202, response.text
    delivery = response.json()
    assert delivery["id"].startswith("del_")
    assert delivery["endpoint_id"] == endpoint["id"]
    assert delivery["event_type"] == "webhook_endpoint.test"
    assert delivery["status"] == "pending"
    assert delivery["attempt_count"] == 0
    assert delivery["attempts"] == []
    assert delivery["next_attempt_at"] is not None

    assert await event_types(api, tenants) == [("webhook_endpoint.test", resource)]
    async with tenants.engine.connect() as conn:
        event = (
            (await conn.execute(select(events).where(events.c.id == delivery["event_id"])))
            .mappings()
            .one()
        )
    # Fanned out already, so the fan-out never sends it to the bystander on "*".
    assert event["fanned_out_at"] is not None

    listed = (await api.get(f"{PATH}/{endpoint['id']}/deliveries")).json()
    assert listed == {"data": [delivery], "next_cursor": None, "total_count": 1}
    bystanders = (await api.get(f"{PATH}/{bystander['id']}/deliveries")).json()
    assert bystanders["total_count"] == 0


async def test_deliveries_filter_and_keep_their_cursor_to_their_endpoint(api: Api) -> None:
    endpoint = await create(api)
    other = await create(api)
    sent = [(await api.post(f"{PATH}/{endpoint['id']}/test")).json() for _ in range(3)]
    await api.post(f"{PATH}/{other['id']}/test")
    deliveries = f"{PATH}/{endpoint['id']}/deliveries"

    by_event = (await api.get(deliveries, params={"event_id": sent[1]["event_id"]})).json()
    assert [d["id"] for d in by_event["data"]] == [sent[1]["id"]]
    pending = (await api.get(deliveries, params={"status": "pending"})).json()
    assert pending["total_count"] == 3
    failed = (await api.get(deliveries, params={"status": "failed"})).json()
    assert failed["total_count"] == 0
    assert_error(
        await api.get(deliveries, params={"status": "lost"}), 400, "invalid_request", ["status"]
    )

    first = (await api.get(deliveries, params={"limit": 2})).json()
    assert [d["id"] for d in first["data"]] == [sent[0]["id"], sent[1]["id"]]
    rest = (await api.get(deliveries, params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert [d["id"] for d in rest["data"]] == [sent[2]["id"]]
    elsewhere = await api.get(
        f"{PATH}/{other['id']}/deliveries", params={"cursor": first["next_cursor"]}
    )
    assert_error(elsewhere, 400, "invalid_request", ["cursor"])


async def test_a_disabled_endpoint_cannot_be_tested(api: Api, tenants: Tenants) -> None:
    endpoint = await create(api, enabled=False)
    response = await api.post(f"{PATH}/{endpoint['id']}/test")
    assert_error(response, 422, "unprocessable_entity", ["enabled"])
    assert await event_types(api, tenants) == []


async def test_personal_keys_cannot_manage_endpoints(api: Api, tenants: Tenants) -> None:
    endpoint = await create(api)
    me = await api.create_employee()
    personal = await tenants.key(api.tenant.workspace_id, employee_id=me["id"])
    assert (await personal.get(f"{PATH}/{endpoint['id']}")).status_code == 200
    for method, suffix, body in (
        ("POST", "", {"url": PUBLIC_URL, "events": ["*"]}),
        ("PATCH", f"/{endpoint['id']}", {"description": "mine now"}),
        ("DELETE", f"/{endpoint['id']}", None),
        ("POST", f"/{endpoint['id']}/roll-secret", None),
        ("POST", f"/{endpoint['id']}/test", None),
    ):
        response = await personal.request(
            method, PATH + suffix, **({"json": body} if body is not None else {})
        )
        assert_error(response, 403, "permission_denied")
    assert (await api.get(PATH)).json()["total_count"] == 1


# Validation.


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"url": "ftp://hooks.example.com/pulse"}, ["url"]),
        ({"url": "hooks.example.com/pulse"}, ["url"]),
        ({"url": "https://"}, ["url"]),
        ({"url": "https://hooks example.com/"}, ["url"]),
        ({"url": "https://hooks.example.com:99999/"}, ["url"]),
        ({"url": "https://hooks.example.com/" + "a" * 2030}, ["url"]),
        ({"url": ""}, ["url"]),
        ({"url": 42}, ["url"]),
        ({"events": []}, ["events"]),
        ({"events": "*"}, ["events"]),
        ({"events": ["employee.fired"]}, ["events.0"]),
        ({"events": ["leave.logged", "webhook_endpoint.test"]}, ["events.1"]),
        ({"events": ["*", "leave.logged"]}, ["events"]),
        ({"description": "d" * 501}, ["description"]),
        ({"description": "   "}, ["description"]),
        ({"enabled": "maybe"}, ["enabled"]),
        ({"secret": "whsec_chosen"}, ["secret"]),
    ],
)
async def test_bad_shapes_are_400(api: Api, body: dict[str, Any], fields: list[str]) -> None:
    response = await api.post(PATH, json={"url": PUBLIC_URL, "events": ["*"], **body})
    assert_error(response, 400, "invalid_request", fields)


async def test_url_and_events_are_required(api: Api) -> None:
    assert_error(await api.post(PATH, json={}), 400, "invalid_request", ["url", "events"])


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"url": None}, ["url"]),
        ({"events": None}, ["events"]),
        ({"enabled": None}, ["enabled"]),
        ({"events": []}, ["events"]),
        ({"url": "mailto:ops@example.com"}, ["url"]),
        ({"secret": "whsec_chosen"}, ["secret"]),
    ],
)
async def test_bad_updates_are_400(api: Api, body: dict[str, Any], fields: list[str]) -> None:
    endpoint = await create(api)
    response = await api.patch(f"{PATH}/{endpoint['id']}", json=body)
    assert_error(response, 400, "invalid_request", fields)


async def test_repeated_event_types_are_kept_once(api: Api) -> None:
    endpoint = await create(
        api, events=["leave.logged", "kudos.awarded", "leave.logged", "kudos.awarded"]
    )
    assert endpoint["events"] == ["leave.logged", "kudos.awarded"]


# Where live mode may send.


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/pulse",
        *PRIVATE_HTTPS_URLS,
        "https://hooks.localhost/pulse",
        "https://LOCALHOST./pulse",
        "https://[::ffff:10.0.0.1]/hook",
        "https://0.0.0.0/hook",
        "https://192.168.1.20:8443/hook",
        "https://100.64.0.1/hook",
        # Not an IP literal to `ipaddress`, but the resolver reads it as 127.0.0.1.
        "https://2130706433/hook",
    ],
)
async def test_live_mode_refuses_http_and_private_targets(tenants: Tenants, url: str) -> None:
    live = await tenants.new(environment=Environment.live)
    error = assert_error(
        await live.post(PATH, json={"url": url, "events": ["*"]}),
        422,
        "unprocessable_entity",
        ["url"],
    )
    assert "URL" in error["message"]
    assert (await live.get(PATH)).json()["total_count"] == 0


@pytest.mark.parametrize("url", [PUBLIC_URL, UNRESOLVABLE_URL, "https://8.8.8.8/hook"])
async def test_live_mode_accepts_public_and_unresolvable_https(tenants: Tenants, url: str) -> None:
    live = await tenants.new(environment=Environment.live)
    response = await live.post(PATH, json={"url": url, "events": ["*"]})
    assert response.status_code == 201, response.text


async def test_live_mode_checks_a_changed_url_too(tenants: Tenants) -> None:
    live = await tenants.new(environment=Environment.live)
    endpoint = await create(live, url=PUBLIC_URL)
    path = f"{PATH}/{endpoint['id']}"
    response = await live.patch(path, json={"url": "https://10.1.2.3/hook", "enabled": False})
    assert_error(response, 422, "unprocessable_entity", ["url"])
    after = (await live.get(path)).json()
    assert after["url"] == PUBLIC_URL and after["enabled"] is True
    # Changing something else does not ask again.
    assert (await live.patch(path, json={"description": "ERP"})).status_code == 200


LOOPBACK_URLS = [
    "http://localhost:8000/hook",
    "http://127.0.0.1:9/hook",
    "https://127.0.0.1/hook",
    "https://[::1]/hook",
    "https://localhost/hook",
]


# Every spelling of this machine's loopback, as httpx parses it and the resolver
# reads it (`127.1`, `2130706433` and `0x7f000001` are names to httpx, 127.0.0.1 to
# the resolver; httpx refuses `0177.0.0.1` outright).
LOOPBACK_SPELLINGS = [
    "127.0.0.1:8000",
    "127.1",
    "2130706433",
    "0177.0.0.1",
    "0x7f000001",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[::127.0.0.1]",
    "[64:ff9b::127.0.0.1]",
    "[2002:7f00:1::1]",
    "localhost",
    "hooks.localhost",
]


@pytest.mark.parametrize("url", LOOPBACK_URLS)
async def test_test_mode_accepts_local_receivers_where_the_deployment_allows_loopback(
    api: Api, url: str
) -> None:
    # The tests' app allows loopback targets (make_settings).
    endpoint = await create(api, url=url)
    assert endpoint["url"] == url


def test_loopback_targets_are_off_unless_the_operator_turns_them_on() -> None:
    assert Settings.model_fields["webhook_allow_loopback_targets"].default is False


@pytest.fixture
async def strict(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The app of a deployment with the default target rules: no loopback."""
    settings = make_settings(
        database_url, webhook_allow_loopback_targets=False, delivery_in_process=False
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pulse.test") as http:
        yield http
    await app.state.runtime.engine.dispose()


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
async def test_by_default_test_mode_refuses_every_spelling_of_loopback(
    tenants: Tenants, strict: httpx.AsyncClient, host: str
) -> None:
    key = await tenants.new()
    api = Api(strict, key.tenant, key.secret, key.key_id)
    for scheme in ("http", "https"):
        response = await api.post(PATH, json={"url": f"{scheme}://{host}/hook", "events": ["*"]})
        if host == "0177.0.0.1":  # not a URL to httpx: malformed, not merely refused
            assert_error(response, 400, "invalid_request", ["url"])
        else:
            assert_error(response, 422, "unprocessable_entity", ["url"])
    assert (await api.get(PATH)).json()["total_count"] == 0


@pytest.mark.parametrize(
    "url", ["http://10.1.2.3/hook", "https://192.168.1.20/hook", "http://169.254.169.254/"]
)
async def test_test_mode_still_refuses_other_private_addresses(api: Api, url: str) -> None:
    response = await api.post(PATH, json={"url": url, "events": ["*"]})
    assert_error(response, 422, "unprocessable_entity", ["url"])


@pytest.fixture
async def permissive(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The app of a deployment that lets live mode target private addresses."""
    settings = make_settings(
        database_url, webhook_allow_private_targets=True, delivery_in_process=False
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pulse.test") as http:
        yield http
    await app.state.runtime.engine.dispose()


async def test_a_deployment_may_allow_private_targets(
    tenants: Tenants, permissive: httpx.AsyncClient
) -> None:
    key = await tenants.new(environment=Environment.live)
    live = Api(permissive, key.tenant, key.secret, key.key_id)
    for url in PRIVATE_HTTPS_URLS:
        response = await live.post(PATH, json={"url": url, "events": ["*"]})
        assert response.status_code == 201, (url, response.text)
    # Private targets, yes; plain http in live mode, still no.
    response = await live.post(PATH, json={"url": "http://10.1.2.3/hook", "events": ["*"]})
    assert_error(response, 422, "unprocessable_entity", ["url"])


# The check the delivery engine repeats before each send.


@pytest.fixture
async def resolver(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str] | Exception]:
    """Answers for names, in place of DNS: a list of addresses, or an error to raise."""
    answers: dict[str, list[str] | Exception] = {}
    loop = asyncio.get_running_loop()

    async def getaddrinfo(host: str, port: Any, **_: Any) -> list[Any]:
        answer = answers[host]
        if isinstance(answer, Exception):
            raise answer
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, 0)) for address in answer]

    monkeypatch.setattr(loop, "getaddrinfo", getaddrinfo)
    return answers


async def test_a_name_resolving_to_any_private_address_is_refused(
    resolver: dict[str, list[str] | Exception],
) -> None:
    resolver["public.example"] = ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]
    resolver["split.example"] = ["93.184.215.14", "10.0.0.7"]
    resolver["inside.example"] = ["fd00::7"]
    resolver["nowhere.example"] = socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    async def reason(host: str) -> str | None:
        return await targets.refuse_reason(f"https://{host}/hook", Environment.live, STRICT)

    assert await reason("public.example") is None
    assert await reason("nowhere.example") is None
    for host in ("split.example", "inside.example"):
        refused = await reason(host)
        assert refused is not None and host in refused
        # The answer does not say which internal address the name has.
        assert "10.0.0.7" not in refused and "fd00" not in refused
    assert await targets.refuse_reason("https://split.example/", Environment.live, PRIVATE) is None
    # An answer that is no address is never dialled, whatever the deployment allows.
    resolver["odd.example"] = ["not-an-address"]
    assert await targets.refuse_reason("https://odd.example/", Environment.live, PRIVATE)
    # Allowed loopback is loopback in test mode, not the rest of the private ranges.
    assert await targets.refuse_reason("https://split.example/", Environment.test, LOOPBACK)
    resolver["here.example"] = ["127.0.0.1"]
    assert await targets.refuse_reason("http://here.example/", Environment.test, LOOPBACK) is None
    assert await targets.refuse_reason("http://here.example/", Environment.test, STRICT)
    assert await targets.refuse_reason("https://here.example/", Environment.live, LOOPBACK)


async def test_a_resolver_that_does_not_answer_in_time_counts_as_unresolved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loop = asyncio.get_running_loop()

    async def hangs(*_: Any, **__: Any) -> list[Any]:
        await asyncio.sleep(10)
        return []

    monkeypatch.setattr(loop, "getaddrinfo", hangs)
    monkeypatch.setattr(targets, "RESOLVE_TIMEOUT_SECONDS", 0.01)
    assert await targets.refuse_reason(PUBLIC_URL, Environment.live, STRICT) is None


async def test_the_send_time_check_reads_the_host_the_sender_dials() -> None:
    live = Environment.live
    assert await targets.refuse_reason("https://ops:pw@10.0.0.1/", live, STRICT)
    assert await targets.refuse_reason("https://10.0.0.1:443/", live, STRICT)
    # A stored URL that no longer parses is refused, whatever the deployment allows.
    assert await targets.refuse_reason("not a url", live, PRIVATE)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("::ffff:10.0.0.1", False),
        ("::ffff:8.8.8.8", True),
        ("64:ff9b::10.0.0.1", False),
        ("64:ff9b::169.254.169.254", False),
        ("64:ff9b::8.8.8.8", True),
        ("2002:0a00:0001::1", False),
        ("2002:c0a8:0114::1", False),
        ("2002:0808:0808::1", True),
        ("::10.0.0.1", False),
        ("::8.8.8.8", True),
        ("2606:4700:4700::1111", True),
    ],
)
async def test_an_ipv6_address_wrapping_an_ipv4_one_is_judged_as_that_one(
    resolver: dict[str, list[str] | Exception], address: str, public: bool
) -> None:
    resolver["wrapped.example"] = [address]
    for url in (f"https://[{address}]/hook", "https://wrapped.example/hook"):
        refused = await targets.refuse_reason(url, Environment.live, STRICT)
        assert (refused is None) is public, (url, refused)
