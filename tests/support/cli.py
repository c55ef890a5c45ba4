"""The `pulse` command as the tests run it: a real subprocess on the run's database."""

import asyncio
import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tests.support.environment import PULSE_ENV, ROOT

ANSI = re.compile(r"\x1b\[[0-9;]*m")  # in case the environment forces colour on


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """The whole stdout is one JSON document (json.loads rejects anything after it)."""
        assert self.code == 0, self.stderr
        return json.loads(self.stdout)

    def failed(self, *mentions: str) -> None:
        """Exit 1, nothing on stdout, an error message on stderr naming `mentions`."""
        assert self.code == 1, (self.code, self.stdout, self.stderr)
        assert self.stdout == ""
        message = " ".join(ANSI.sub("", self.stderr).split())  # rich wraps long lines
        assert message.startswith("error:"), message
        assert "Traceback" not in message
        for mention in mentions:
            assert mention in message, (mention, message)


async def run_pulse(
    database_url: str, *args: str, env: Mapping[str, str] = PULSE_ENV, timeout: float = 60
) -> Run:
    """`python -m pulse ARGS` on `database_url`, with the run's settings (`env`, the run's
    secret key by default; a test of the key passes its own, or none)."""
    inherited = {name: value for name, value in os.environ.items() if name != "PULSE_SECRET_KEY"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "pulse",
        *args,
        cwd=ROOT,
        env={**inherited, **env, "PULSE_DATABASE_URL": database_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=timeout)
    assert process.returncode is not None
    return Run(process.returncode, stdout.decode(), stderr.decode())
