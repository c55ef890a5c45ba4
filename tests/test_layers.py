"""Imports point down: no package of `pulse` imports one on its own level or above.

The levels are the README's (Development): the bottom (`core`, `settings`, the
version), `db`, the HTTP `kit`, then the domains in the order they build on each
other, and the entry points on top. A new package gets a level here, where the
README says.
"""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "pulse"

LEVELS: list[set[str]] = [
    {"__init__", "core", "settings"},
    {"db"},
    {"kit"},
    {"audit"},
    {"events", "workspaces", "health"},
    {"employees", "webhooks"},
    {"status_log", "kudos", "workload", "leave", "keys", "members", "incidents", "monitoring"},
    {"scores"},
    {"privacy"},
    {"console"},
    {"demo", "app"},
    {"cli"},
    {"__main__"},
]
LEVEL = {package: level for level, packages in enumerate(LEVELS) for package in packages}


def package_of(path: Path) -> str:
    return path.relative_to(SRC).parts[0].removesuffix(".py")


def imported_packages(path: Path) -> set[str]:
    """The `pulse` packages a file imports (`pulse` alone is the `__init__` face)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "pulse":
                found.add(parts[1] if len(parts) > 1 else "__init__")
    return found


def test_every_package_has_a_level() -> None:
    packages = {package_of(path) for path in SRC.rglob("*.py")}
    assert packages == set(LEVEL), "give each new package a level (README, Development)"


def test_no_import_runs_sideways_or_up() -> None:
    wrong = [
        f"{path.relative_to(SRC.parent)} imports pulse.{target}"
        for path in sorted(SRC.rglob("*.py"))
        for target in sorted(imported_packages(path))
        if target != package_of(path) and LEVEL[target] >= LEVEL[package_of(path)]
    ]
    assert wrong == []


def test_imports_are_absolute() -> None:
    """A relative import would slip past the check above."""
    relative = [
        str(path.relative_to(SRC.parent))
        for path in sorted(SRC.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and node.level > 0
    ]
    assert relative == []


def test_the_check_sees_a_wrong_import(tmp_path: Path) -> None:
    upward = tmp_path / "upward.py"
    upward.write_text("from pulse.kit.errors import error_response\nimport pulse.events\n")
    assert imported_packages(upward) == {"kit", "events"}
    relative = tmp_path / "relative.py"
    relative.write_text("from . import sibling\nfrom .errors import x\n")
    assert imported_packages(relative) == set()


def test_tests_take_their_helpers_from_support_not_from_a_conftest() -> None:
    tests = SRC.parent.parent / "tests"
    wrong = [
        str(path.relative_to(tests.parent))
        for path in sorted(tests.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "conftest"
    ]
    assert wrong == []
