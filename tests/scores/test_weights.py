"""Score weights as workspace settings: changed from the CLI, checked, audited, followed."""

from tests.support.api import Tenants
from tests.support.cli import run_pulse
from tests.support.console import audit_entries


async def test_score_weights_are_changed_from_the_cli(database_url: str, tenants: Tenants) -> None:
    workspace = (await run_pulse(database_url, "workspaces", "create", "Weights", "--json")).json()
    shown = await run_pulse(database_url, "workspaces", "settings", workspace["id"], "--json")
    assert shown.json()["score_weights"] == {
        "recognition": 1,
        "workload": 1,
        "participation": 1,
        "time_off": 1,
    }
    changed = await run_pulse(
        database_url,
        "workspaces",
        "update",
        workspace["id"],
        "--score-weight",
        "recognition=2",
        "--score-weight",
        "time_off=0.5",
        "--json",
    )
    assert changed.json()["score_weights"] == {
        "recognition": 2,
        "workload": 1,
        "participation": 1,
        "time_off": 0.5,
    }
    [entry] = await audit_entries(tenants.engine, workspace["id"], "workspace.settings_changed")
    assert entry["details"] == {
        "score_weights": {
            "from": {"recognition": 1, "workload": 1, "participation": 1, "time_off": 1},
            "to": {"recognition": 2, "workload": 1, "participation": 1, "time_off": 0.5},
        }
    }
    api = await tenants.key(workspace["id"])
    employee = (await api.create_employee())["id"]
    answer = (await api.get(f"/v1/employees/{employee}/score")).json()
    assert [f["weight"] for f in answer["factors"]] == [2, 1, 1, 0.5]

    update = ("workspaces", "update", workspace["id"], "--score-weight")
    (await run_pulse(database_url, *update, "mood=1")).failed("Unknown score factor 'mood'")
    (await run_pulse(database_url, *update, "workload=-1")).failed("from 0 to 100")
    malformed = await run_pulse(database_url, *update, "workload=lots")
    assert malformed.code == 2 and "not a number" in malformed.stderr
    zero = [
        arg
        for name in ("recognition", "workload", "participation", "time_off")
        for arg in ("--score-weight", f"{name}=0")
    ]
    (await run_pulse(database_url, "workspaces", "update", workspace["id"], *zero)).failed(
        "At least one score weight"
    )
    assert (
        len(await audit_entries(tenants.engine, workspace["id"], "workspace.settings_changed")) == 1
    )
