"""What is kept of a failure: its kind (exception type and where in the project it
happened) and its traceback as frames.

No exception message is kept: a message can carry what failed (a row's values, a
statement's parameters, a key). The log line of the same failure, found by its request
id, has the message.
"""

import hashlib
import traceback
from dataclasses import dataclass
from pathlib import Path

import pulse

# Frames under this directory are the project's own; the location names the innermost.
PROJECT_ROOT = Path(pulse.__file__).resolve().parent.parent


@dataclass(frozen=True)
class Failure:
    exception_type: str
    location: str
    traceback: str

    @property
    def kind_id(self) -> str:
        """The same failure in the same place is the same kind, in every process."""
        digest = hashlib.sha256(f"{self.exception_type}@{self.location}".encode()).hexdigest()
        return "inck_" + digest[:32]


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )


def _project_path(filename: str) -> str | None:
    try:
        return str(Path(filename).resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return None


def _location(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    for frame in reversed(frames):
        path = _project_path(frame.filename)
        if path is not None:
            return f"{path}:{frame.lineno}"
    if frames:
        return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}"
    return "unknown"


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and the ones it was raised from or during, outermost first."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return list(reversed(chain))


def describe(exc: BaseException) -> Failure:
    parts = []
    for link in _chain(exc):
        frames = "".join(traceback.format_list(traceback.extract_tb(link.__traceback__)))
        parts.append(f"Traceback (most recent call last):\n{frames}{_type_name(link)}\n")
    return Failure(_type_name(exc), _location(exc), "\n".join(parts))
