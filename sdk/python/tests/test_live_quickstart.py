"""The README's quick start runs as written (ids filled in) with a personal key, and every
Python block of the README at least compiles."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from _support import LiveEnv
from pulsehr import Pulse
from pulsehr.types import StatusLogEntry

README = Path(__file__).resolve().parent.parent / "README.md"


def python_blocks() -> list[tuple[str, str]]:
    """(section title, code) of every ```python block."""
    blocks: list[tuple[str, str]] = []
    section = ""
    for part in re.split(r"^(#{2,3} .*)$", README.read_text(encoding="utf-8"), flags=re.M):
        if part.startswith("#"):
            section = part.lstrip("# ").strip()
            continue
        blocks += [(section, code) for code in re.findall(r"```python\n(.*?)```", part, re.S)]
    return blocks


def test_every_python_block_of_the_readme_compiles() -> None:
    blocks = python_blocks()
    assert len(blocks) >= 8
    for section, code in blocks:
        compile(code, f"README.md ({section})", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)


@pytest.mark.live
def test_the_quick_start_runs_with_a_personal_key(
    live: LiveEnv, pulse: Pulse, monkeypatch: pytest.MonkeyPatch
) -> None:
    (code,) = [code for section, code in python_blocks() if section == "Quick start"]
    code = code.replace("emp_01HR3…", live.employee_id).replace("emp_01HR4…", live.colleague_id)
    monkeypatch.setenv("PULSE_API_KEY", live.personal_key)  # PULSE_API_BASE is the test server's
    namespace: dict[str, Any] = {}
    exec(compile(code, "README.md (Quick start)", "exec"), namespace)

    entry = namespace["entry"]
    assert isinstance(entry, StatusLogEntry)
    assert entry.employee_id == live.employee_id
    assert len(entry.lines) == 3
    kudos = pulse.kudos.list(from_employee_id=live.employee_id, to_employee_id=live.colleague_id)
    assert [k.note for k in kudos][-1] == "Picked up the failing migration without anyone asking."
    namespace["pulse"].close()
