"""The sync client is generated from the async one by scripts/unasync.py; its --check, which
sdk/python/test runs first, fails when src/pulsehr/_sync/ is not what src/pulsehr/_async/
generates. Each test works on a copy of the generator and of both trees."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SDK = Path(__file__).resolve().parent.parent
REGENERATE = ".venv/bin/python sdk/python/scripts/unasync.py"


@pytest.fixture
def sdk(tmp_path: Path) -> Path:
    """A scratch sdk/python with the generator, its settings, and _async/ and _sync/."""
    copy = tmp_path / "sdk" / "python"
    (copy / "scripts").mkdir(parents=True)
    shutil.copy(SDK / "scripts" / "unasync.py", copy / "scripts")
    shutil.copy(SDK / "pyproject.toml", copy)
    for tree in ("_async", "_sync"):
        shutil.copytree(
            SDK / "src" / "pulsehr" / tree,
            copy / "src" / "pulsehr" / tree,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    return copy


def unasync(sdk: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(sdk / "scripts" / "unasync.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_committed_sync_client_is_what_the_async_source_generates(sdk: Path) -> None:
    done = unasync(sdk, "--check")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_hand_edited_generated_file_fails_the_check(sdk: Path) -> None:
    target = sdk / "src/pulsehr/_sync/resources/status_log.py"
    generated = target.read_text()
    edited = generated.replace('"/status-log"', '"/status-logs"', 1)
    assert edited != generated
    target.write_text(edited)

    done = unasync(sdk, "--check")
    assert done.returncode == 1
    assert "sdk/python/src/pulsehr/_sync/resources/status_log.py is stale" in done.stdout
    assert '+                "/status-log",' in done.stdout  # the diff shows what differs
    assert f"Regenerate it (from the repository root) with: {REGENERATE}" in done.stdout
    assert target.read_text() == edited, "--check changes nothing"

    assert unasync(sdk).returncode == 0
    assert target.read_text() == generated
    assert unasync(sdk, "--check").returncode == 0


def test_a_source_change_not_regenerated_fails_the_check(sdk: Path) -> None:
    source = sdk / "src/pulsehr/_async/resources/kudos.py"
    source.write_text(source.read_text().replace('"/kudos"', '"/kudoses"'))
    done = unasync(sdk, "--check")
    assert done.returncode == 1
    assert "sdk/python/src/pulsehr/_sync/resources/kudos.py is stale" in done.stdout

    assert unasync(sdk).returncode == 0
    assert '"/kudoses"' in (sdk / "src/pulsehr/_sync/resources/kudos.py").read_text()


def test_a_missing_or_orphaned_generated_file_fails_the_check(sdk: Path) -> None:
    (sdk / "src/pulsehr/_sync/resources/leave.py").unlink()
    orphan = sdk / "src/pulsehr/_sync/resources/payroll.py"
    shutil.copy(sdk / "src/pulsehr/_sync/resources/events.py", orphan)
    done = unasync(sdk, "--check")
    assert done.returncode == 1
    assert "sdk/python/src/pulsehr/_sync/resources/leave.py is missing" in done.stdout
    assert "sdk/python/src/pulsehr/_sync/resources/payroll.py has no source" in done.stdout

    assert unasync(sdk).returncode == 0
    assert (sdk / "src/pulsehr/_sync/resources/leave.py").exists()
    assert not orphan.exists()
