"""The deployment files at the root (Containerfile, compose.yaml) against the real CLI:
every `pulse` command they run exists with the options they give it, the API and worker
processes share one PostgreSQL and one Redis, secrets come from outside, and the image
runs as a user other than root.

No container runtime is needed: the files are read as the runtimes read them.
"""

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from pulse.cli import app
from tests.support.environment import ROOT

CONTAINERFILE = ROOT / "Containerfile"
COMPOSE = ROOT / "compose.yaml"
# `${NAME}` or `${NAME:?message}`: compose fills these in from `.env` or the environment.
INTERPOLATED = re.compile(r"\$\{(?P<name>[A-Z_]+)(:\?[^}]*)?\}")


def instructions(path: Path) -> list[tuple[str, str]]:
    """The Containerfile's instructions, continuation lines joined: (INSTRUCTION, rest)."""
    joined = re.sub(r"\\\n", " ", path.read_text())
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def shell_commands(command: list[str] | str) -> list[list[str]]:
    """The simple commands a container command runs: `sh -c "a && exec b"` gives a and b."""
    argv = command if isinstance(command, list) else shlex.split(command)
    if argv[:2] == ["sh", "-c"]:
        script = argv[2]
        parts = re.split(r"&&|\|\||;", script)
        return [[word for word in shlex.split(part) if word != "exec"] for part in parts]
    return [argv]


def pulse_invocations(commands: list[list[str]]) -> list[list[str]]:
    return [argv[1:] for argv in commands if argv and argv[0] == "pulse"]


def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return document


def containerfile_command() -> list[str]:
    [command] = [rest for keyword, rest in instructions(CONTAINERFILE) if keyword == "CMD"]
    argv: list[str] = json.loads(command)  # the exec form: no shell of its own around it
    return argv


def services_running(name: str) -> dict[str, dict[str, Any]]:
    """The compose services whose processes run `pulse <name>`."""
    found = {}
    for service, spec in compose()["services"].items():
        command = spec.get("command", containerfile_command() if "build" in spec else [])
        if [name] in [argv[:1] for argv in pulse_invocations(shell_commands(command))]:
            found[service] = spec
    return found


def every_pulse_invocation() -> list[list[str]]:
    invocations = pulse_invocations(shell_commands(containerfile_command()))
    for spec in compose()["services"].values():
        if "command" in spec:
            invocations += pulse_invocations(shell_commands(spec["command"]))
    return invocations


@pytest.mark.parametrize("argv", every_pulse_invocation(), ids=" ".join)
def test_every_command_the_deployment_runs_exists_with_its_options(argv: list[str]) -> None:
    # Click reads the whole command line before `--help` answers: an unknown command or
    # option fails with exit code 2, while a known one prints the help and exits 0.
    result = CliRunner().invoke(app, [*argv, "--help"])
    assert result.exit_code == 0, result.output
    assert re.search(rf"Usage: \S+ {argv[0]} ", result.output), result.output


def test_the_deployment_runs_migrate_serve_and_worker() -> None:
    assert [argv[0] for argv in pulse_invocations(shell_commands(containerfile_command()))] == [
        "migrate",
        "serve",
    ]
    serve = next(a for a in every_pulse_invocation() if a[0] == "serve")
    # Reachable from outside the container (the default is loopback).
    assert serve[serve.index("--host") + 1] == "0.0.0.0"
    assert len(services_running("serve")) == 2
    assert len(services_running("worker")) == 2


def test_apis_and_workers_share_one_database_and_one_redis() -> None:
    services = compose()["services"]
    processes = {**services_running("serve"), **services_running("worker")}
    for variable, host in (("PULSE_DATABASE_URL", "postgres"), ("PULSE_REDIS_URL", "redis")):
        urls = {spec["environment"][variable] for spec in processes.values()}
        assert len(urls) == 1, (variable, urls)
        [url] = urls
        assert f"@{host}:" in url or f"//{host}:" in url, url
        assert host in services
    [database] = {spec["environment"]["PULSE_DATABASE_URL"] for spec in processes.values()}
    assert database.startswith("postgresql://")
    # Only the workers deliver webhooks.
    for spec in services_running("serve").values():
        assert spec["environment"]["PULSE_DELIVERY_IN_PROCESS"] == "false"


def test_secrets_come_from_outside_the_files() -> None:
    services = compose()["services"]
    secrets = [
        services["postgres"]["environment"]["POSTGRES_PASSWORD"],
        *(spec["environment"]["PULSE_SECRET_KEY"] for spec in services_running("serve").values()),
        *(spec["environment"]["PULSE_SECRET_KEY"] for spec in services_running("worker").values()),
    ]
    for value in secrets:
        assert INTERPOLATED.fullmatch(value), value
    database = services["api-1"]["environment"]["PULSE_DATABASE_URL"]
    password = database.split("//", 1)[1].split("@", 1)[0].split(":", 1)[1]
    assert INTERPOLATED.fullmatch(password), database
    # The file that fills them in is not tracked; its example holds no value.
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()
    example = (ROOT / "compose.env.example").read_text().splitlines()
    assigned = dict(line.split("=", 1) for line in example if line and not line.startswith("#"))
    assert assigned == {"PULSE_SECRET_KEY": "", "POSTGRES_PASSWORD": ""}


def test_services_that_others_wait_for_have_healthchecks() -> None:
    services = compose()["services"]
    for spec in services.values():
        for needed, condition in spec.get("depends_on", {}).items():
            assert condition == {"condition": "service_healthy"}
            assert "healthcheck" in services[needed], needed


def test_the_image_is_built_from_the_project_and_runs_as_a_user_other_than_root() -> None:
    steps = instructions(CONTAINERFILE)
    assert steps[0] == ("FROM", "python:3.11-slim")
    copied = " ".join(rest for keyword, rest in steps if keyword == "COPY")
    assert "pyproject.toml" in copied
    assert any(k == "RUN" and "pip install ." in rest for k, rest in steps)
    users = [rest for keyword, rest in steps if keyword == "USER"]
    assert users, "no USER: the image would run as root"
    assert users[-1] not in {"root", "0"} and not users[-1].startswith(("root:", "0:"))
    # The last USER comes before the command, so the command runs as that user.
    order = [keyword for keyword, _ in steps]
    assert len(order) - order[::-1].index("USER") < order.index("CMD")
