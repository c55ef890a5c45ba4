"""The long-lived parts of one API process, built once by `create_app`."""

import gc
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import HTTPConnection

from pulse.core.secrets import SecretBox
from pulse.kit.principals import Principals
from pulse.kit.ratelimit import RateLimiter
from pulse.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    limiter: RateLimiter
    principals: Principals  # who a request's credentials stand for
    secrets: SecretBox  # encrypts and decrypts the secrets kept in the database


def runtime(connection: HTTPConnection) -> Runtime:
    value: Runtime = connection.app.state.runtime
    return value


def freeze_startup_objects() -> None:
    """Leave what a long-running process has built by now out of the collector's full passes.

    Modules, the app, its routes and schemas (some 150k objects in an API process) live
    as long as the process; under load the collector's full passes walked all of them
    every few seconds and held every request in flight for up to 80 ms each time.
    """
    gc.freeze()
