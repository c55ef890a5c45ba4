"""The package builds as a wheel, and the wheel installs into a clean virtualenv and works.

The wheel is built offline with the hatchling of this environment (sdk/python/test installs
it). The new virtualenv gets the wheel alone (`--no-deps`); its two dependencies, httpx and
pydantic, come from this environment's site-packages through a .pth file, so no index is
needed and the test stays fast. The import must come from the clean virtualenv, not from the
editable install of this environment.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

SDK = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
            "--no-build-isolation", "--wheel-dir", str(out), str(SDK),
        ],
        check=True,
    )  # fmt: skip
    (built,) = out.glob("pulsehr-*.whl")
    return built


def test_the_wheel_holds_the_package_and_nothing_else(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert top == {"pulsehr", wheel.name.split("-py3")[0] + ".dist-info"}
    assert "pulsehr/py.typed" in names
    assert "pulsehr/resources/employees.py" in names
    assert "pulsehr/types/employee.py" in names
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA")))
    requires = [
        line.split(":", 1)[1].strip()
        for line in metadata.decode().splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]
    assert sorted(r.split(">")[0].split("<")[0] for r in requires) == ["httpx", "pydantic"]


def test_the_wheel_installs_into_a_clean_venv_and_works(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
            "--no-deps", "--no-index", str(wheel),
        ],
        check=True,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # httpx and pydantic from this environment (appended after the venv's own site-packages).
    (Path(site) / "parent-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    script = textwrap.dedent(
        f"""
        import importlib.metadata, pathlib
        import pulsehr
        from pulsehr import Pulse, AsyncPulse, webhooks, NotFoundError
        from pulsehr.types import Employee

        where = pathlib.Path(pulsehr.__file__).resolve()
        assert str(where).startswith({str(venv.resolve())!r}), where
        assert importlib.metadata.version("pulsehr") == pulsehr.__version__
        assert (where.parent / "py.typed").exists()
        pulse = Pulse(api_key="pk_test_x", base_url="http://127.0.0.1:9/v1")
        assert pulse.employees.list and pulse.leave.balance and AsyncPulse
        body = '{{"id": "evt_1", "type": "t", "created_at": "2026-04-20T10:12:03Z", "data": {{}}}}'
        header = webhooks.sign(body, "whsec_a", timestamp=1)
        assert webhooks.verify(body, header, "whsec_a", now=1).id == "evt_1"
        print("ok", pulsehr.__version__)
        """
    )
    answer = subprocess.run(
        [str(python), "-I", "-c", script], capture_output=True, text=True, cwd=tmp_path
    )
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.startswith("ok ")
