"""The Employee Score over HTTP: one employee's, groups', scopes and refusals, and a
score as of a past day equal to the one its journals gave on that day."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pulse.audit.service import CLI
from pulse.core.tenancy import Environment
from pulse.db.session import transaction
from pulse.db.tables import kudos
from pulse.kit.clock import today
from pulse.workspaces.settings import update_settings
from tests.support.api import Api, Tenants, assert_error
from tests.support.journals import insert_kudos

START = "2024-01-15"


def score_path(employee_id: str) -> str:
    return f"/v1/employees/{employee_id}/score"


async def give_kudos(
    tenants: Tenants, api: Api, giver: str, receiver: str, day: date, coins: int = 5
) -> None:
    """A kudos given at noon of a past day."""
    at = datetime.combine(day, time(12), tzinfo=UTC)
    await insert_kudos(tenants, api, giver, receiver, coins, at, tag="craft")


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


async def journals(tenants: Tenants, api: Api, employee: str, colleagues: list[str]) -> None:
    """A few weeks of everything the factors read, ending today."""
    day = today()
    for n, giver in enumerate(colleagues):
        await give_kudos(tenants, api, giver, employee, day - timedelta(days=3 * n))
    for weeks, level in enumerate(["balanced", "heavy", "balanced"]):
        week = monday(day) - timedelta(weeks=weeks + 1)
        body = {"employee_id": employee, "level": level, "week_start": str(week)}
        response = await api.post("/v1/workload-checkins", json=body)
        assert response.status_code == 201, response.text
    for back in range(1, 20):
        entry_day = day - timedelta(days=back)
        if entry_day.weekday() < 5:
            body = {"employee_id": employee, "date": str(entry_day), "lines": ["Shipped."]}
            response = await api.post("/v1/status-log", json=body)
            assert response.status_code == 201, response.text
    vacation = {
        "employee_id": employee,
        "kind": "vacation",
        "start_date": str(day - timedelta(days=60)),
        "end_date": str(day - timedelta(days=50)),
    }
    response = await api.post("/v1/leave", json=vacation)
    assert response.status_code == 201, response.text


def factor(answer: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(f for f in answer["factors"] if f["name"] == name)
    return found


async def test_an_employees_score_with_its_factors(tenants: Tenants, api: Api) -> None:
    employee = (await api.create_employee(start_date=START))["id"]
    colleagues = [(await api.create_employee(start_date=START))["id"] for _ in range(4)]
    await journals(tenants, api, employee, colleagues)

    response = await api.get(score_path(employee))
    assert response.status_code == 200, response.text
    answer = response.json()
    assert set(answer) == {
        "employee_id",
        "as_of",
        "window_days",
        "score",
        "factors",
        "previous",
        "explanation",
    }
    assert (answer["employee_id"], answer["as_of"]) == (employee, str(today()))
    assert answer["window_days"] == 90
    assert [f["name"] for f in answer["factors"]] == [
        "recognition",
        "workload",
        "participation",
        "time_off",
    ]
    assert all(f["weight"] == 1 for f in answer["factors"])
    recognition = factor(answer, "recognition")
    assert recognition["signals"] == {"kudos": 4, "givers": 4, "days_since_last": 0}
    assert factor(answer, "workload")["signals"]["balanced"] == 2
    assert factor(answer, "workload")["score"] == 8.0
    assert factor(answer, "participation")["signals"]["days_with_entries"] > 0
    assert factor(answer, "time_off")["signals"]["vacation_days_taken"] > 0
    assert all(0 <= f["score"] <= 10 for f in answer["factors"])
    assert answer["score"] is not None and 0 <= answer["score"] <= 10
    # Nothing before: employed, but the journals were empty then.
    assert answer["previous"] == {
        "as_of": str(today() - timedelta(days=90)),
        "score": answer["previous"]["score"],
    }
    assert answer["explanation"] and all(isinstance(line, str) for line in answer["explanation"])
    assert "Recognition rose from 0.0" in " ".join(answer["explanation"])


async def test_a_score_as_of_a_past_day_is_what_that_day_gave(tenants: Tenants, api: Api) -> None:
    """Journals written over time; the score as of day D equals the score a workspace
    holding only the journals up to D answers as of D (a replay of the same days)."""
    employee = (await api.create_employee(start_date=START))["id"]
    colleagues = [(await api.create_employee(start_date=START))["id"] for _ in range(4)]
    await journals(tenants, api, employee, colleagues)
    as_of = today() - timedelta(days=10)
    past = (await api.get(score_path(employee), params={"as_of": str(as_of)})).json()

    replay = await tenants.new()
    mine = (await replay.create_employee(start_date=START))["id"]
    theirs = [(await replay.create_employee(start_date=START))["id"] for _ in colleagues]
    kept = dict(zip(colleagues, theirs, strict=True))
    async with tenants.engine.connect() as conn:
        rows = (await conn.execute(kudos.select().where(kudos.c.to_employee_id == employee))).all()
    for row in rows:
        if row.created_at.date() <= as_of:
            await give_kudos(
                tenants, replay, kept[row.from_employee_id], mine, row.created_at.date()
            )
    for path, day_field in (("/v1/workload-checkins", "week_start"), ("/v1/status-log", "date")):
        listed = (await api.get(path, params={"employee_id": employee, "limit": 200})).json()
        for item in listed["data"]:
            if date.fromisoformat(item[day_field]) <= as_of:
                copied = {k: item[k] for k in (day_field, "level", "lines") if k in item}
                response = await replay.post(path, json={"employee_id": mine, **copied})
                assert response.status_code == 201, response.text
    for item in (await api.get("/v1/leave", params={"employee_id": employee})).json()["data"]:
        if date.fromisoformat(item["start_date"]) <= as_of:
            copied = {k: item[k] for k in ("kind", "start_date", "end_date", "days")}
            response = await replay.post("/v1/leave", json={"employee_id": mine, **copied})
            assert response.status_code == 201, response.text

    replayed = (await replay.get(score_path(mine), params={"as_of": str(as_of)})).json()
    assert past["score"] is not None
    assert replayed["score"] == past["score"]
    assert replayed["factors"] == past["factors"]
    assert replayed["previous"] == past["previous"]
    now = (await api.get(score_path(employee))).json()
    assert factor(now, "recognition")["signals"]["kudos"] == 4
    assert factor(past, "recognition")["signals"]["kudos"] < 4


async def test_without_journals_a_score_says_why_it_is_missing(tenants: Tenants, api: Api) -> None:
    employee = (await api.create_employee(start_date=START))["id"]
    answer = (await api.get(score_path(employee))).json()
    # No kudos, no entries and no vacation in a long employment: 0, not unknown.
    assert [f["score"] for f in answer["factors"]] == [0, None, 0, 0]
    assert answer["score"] == 0

    async with transaction(tenants.engine) as conn:
        await update_settings(
            conn, api.tenant.workspace_id, actor=CLI, leave_allowances={"vacation": None}
        )
    answer = (await api.get(score_path(employee))).json()
    assert factor(answer, "time_off")["score"] is None
    assert answer["score"] == 0
    # Before the employment: recognition alone (0) has data, too little for a score.
    before = date.fromisoformat(START) - timedelta(days=1)
    answer = (await api.get(score_path(employee), params={"as_of": str(before)})).json()
    assert answer["score"] is None
    assert answer["explanation"] == [
        "No score: at least two factors need data in the window, and Workload, "
        "Participation and Time off have none."
    ]


async def test_the_scope_is_read_scores(tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    admin = await tenants.key(workspace)
    employee = (await admin.create_employee(start_date=START))["id"]
    for scopes in (("read:employees", "read:kudos"), ("read:leave",)):
        lacking = await tenants.key(workspace, scopes=scopes)
        for path, params in ((score_path(employee), {}), ("/v1/scores", {"group_by": "location"})):
            response = await lacking.get(path, params=params)
            error = assert_error(response, 403, "permission_denied")
            assert "read:scores" in error["message"]
    for scopes in (("read:scores",), ("write:scores",), ("read:*",)):
        reader = await tenants.key(workspace, scopes=scopes)
        assert (await reader.get(score_path(employee))).status_code == 200
        assert (await reader.get("/v1/scores", params={"group_by": "location"})).status_code == 200


async def test_a_personal_key_reads_only_its_own_score(tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    admin = await tenants.key(workspace)
    me = (await admin.create_employee(start_date=START))["id"]
    colleague = (await admin.create_employee(start_date=START))["id"]
    personal = await tenants.key(workspace, scopes=("read:scores",), employee_id=me)

    assert (await personal.get(score_path(me))).json()["employee_id"] == me
    assert_error(await personal.get(score_path(colleague)), 403, "permission_denied")
    assert_error(await personal.get(score_path("emp_unknown")), 403, "permission_denied")
    groups = await personal.get("/v1/scores", params={"group_by": "department"})
    assert_error(groups, 403, "permission_denied")


async def test_unknown_and_other_tenants_employees_are_not_found(tenants: Tenants) -> None:
    api = await tenants.new()
    other = await tenants.new()
    theirs = (await other.create_employee(start_date=START))["id"]
    assert_error(await api.get(score_path("emp_unknown")), 404, "not_found")
    assert_error(await api.get(score_path(theirs)), 404, "not_found")


async def test_bad_parameters_answer_the_envelope(api: Api) -> None:
    employee = (await api.create_employee(start_date=START))["id"]
    for as_of in ("2026-13-01", "yesterday", "1899-12-31"):
        response = await api.get(score_path(employee), params={"as_of": as_of})
        assert_error(response, 400, "invalid_request", ["as_of"])
    tomorrow = str(today() + timedelta(days=1))
    response = await api.get(score_path(employee), params={"as_of": tomorrow})
    assert_error(response, 422, "unprocessable_entity", ["as_of"])
    response = await api.get(score_path(employee), params={"window": "30"})
    assert_error(response, 400, "invalid_request", ["window"])
    assert_error(await api.get("/v1/scores"), 400, "invalid_request", ["group_by"])
    response = await api.get("/v1/scores", params={"group_by": "role"})
    assert_error(response, 400, "invalid_request", ["group_by"])
    response = await api.get("/v1/scores", params={"group_by": "location", "as_of": tomorrow})
    assert_error(response, 422, "unprocessable_entity", ["as_of"])


async def test_group_scores_suppress_small_groups(tenants: Tenants, api: Api) -> None:
    colleagues = [(await api.create_employee(start_date=START))["id"] for _ in range(3)]
    team = []
    for department in ("Engineering",) * 4 + ("Legal",) * 2:
        employee = (await api.create_employee(start_date=START, department=department))["id"]
        await journals(tenants, api, employee, colleagues)
        team.append(employee)
    # Offboarded: not a member any more.
    await api.create_employee(start_date=START, end_date="2024-06-30", department="Legal")
    # The live environment's employees are another tenant's.
    live = await tenants.key(api.tenant.workspace_id, Environment.live)
    await live.create_employee(start_date=START, department="Legal")

    response = await api.get("/v1/scores", params={"group_by": "department"})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["group_by"], answer["as_of"], answer["window_days"]) == (
        "department",
        str(today()),
        90,
    )
    by_key = {group["key"]: group for group in answer["data"]}
    assert list(by_key) == ["Engineering", "Legal", None]
    engineering = by_key["Engineering"]
    assert engineering["employees"] == 4 and not engineering["suppressed"]
    singles = [(await api.get(score_path(e))).json() for e in team[:4]]
    mean = round(sum(s["score"] for s in singles) / 4, 1)
    assert engineering["score"] == mean
    assert [f["name"] for f in engineering["factors"]] == [
        "recognition",
        "workload",
        "participation",
        "time_off",
    ]
    recognition = round(sum(factor(s, "recognition")["score"] for s in singles) / 4, 1)
    assert engineering["factors"][0]["score"] == recognition
    legal = by_key["Legal"]
    assert (legal["employees"], legal["suppressed"], legal["score"]) == (2, True, None)
    assert all(f["score"] is None for f in legal["factors"])
    # The three colleagues with no department: scored (0: no kudos, entries or vacation).
    nobody = by_key[None]
    assert (nobody["employees"], nobody["suppressed"], nobody["score"]) == (3, False, 0)


async def test_weights_change_the_score_and_are_answered(tenants: Tenants, api: Api) -> None:
    employee = (await api.create_employee(start_date=START))["id"]
    colleagues = [(await api.create_employee(start_date=START))["id"] for _ in range(4)]
    await journals(tenants, api, employee, colleagues)
    before = (await api.get(score_path(employee))).json()
    async with transaction(tenants.engine) as conn:
        await update_settings(
            conn,
            api.tenant.workspace_id,
            actor=CLI,
            weights={"recognition": 3, "participation": 0},
        )
    after = (await api.get(score_path(employee))).json()
    assert [f["weight"] for f in after["factors"]] == [3, 1, 0, 1]
    scores = {f["name"]: f["score"] for f in after["factors"]}
    expected = (3 * scores["recognition"] + scores["workload"] + scores["time_off"]) / 5
    assert after["score"] == round(expected, 1)
    assert after["score"] != before["score"]


async def test_leave_counts_once_it_is_approved(tenants: Tenants, api: Api) -> None:
    async with transaction(tenants.engine) as conn:
        await update_settings(conn, api.tenant.workspace_id, actor=CLI, leave_approval="manager")
    employee = (await api.create_employee(start_date=START))["id"]
    week = monday(today()) - timedelta(weeks=3)
    body = {
        "employee_id": employee,
        "kind": "vacation",
        "start_date": str(week),
        "end_date": str(week + timedelta(days=4)),
    }
    requested = await api.post("/v1/leave", json=body)
    assert requested.json()["status"] == "requested", requested.text

    def vacation_taken(answer: dict[str, Any]) -> float:
        signals: dict[str, float] = factor(answer, "time_off")["signals"]
        return signals["vacation_days_taken"]

    assert vacation_taken((await api.get(score_path(employee))).json()) == 0
    approved = await api.post(f"/v1/leave/{requested.json()['id']}/approve", json={})
    assert approved.json()["status"] == "approved", approved.text
    assert vacation_taken((await api.get(score_path(employee))).json()) == 5
