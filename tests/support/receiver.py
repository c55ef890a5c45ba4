"""A real HTTP receiver for webhook deliveries, on loopback, scripted by the test."""

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn
from starlette.requests import Request
from starlette.responses import Response

from tests.support.servers import free_port


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"ok"
    delay: float = 0.0
    # When set, the reply waits until the test sets it (a receiver that hangs).
    hold: threading.Event | None = None


@dataclass
class Receiver:
    port: int
    path: str = "/hook"
    received: list[Received] = field(default_factory=list)
    # Replies for the next requests, in order; afterwards `default`.
    script: list[Reply] = field(default_factory=list)
    default: Reply = field(default_factory=Reply)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    async def __call__(self, scope: dict, receive: object, send: object) -> None:  # type: ignore[type-arg]
        if scope["type"] != "http":
            return
        request = Request(scope, receive)  # type: ignore[arg-type]
        body = await request.body()
        self.received.append(Received(dict(request.headers), body, time.monotonic()))
        reply = self.script.pop(0) if self.script else self.default
        if reply.hold is not None:
            await asyncio.to_thread(reply.hold.wait, 30)
        if reply.delay:
            await asyncio.sleep(reply.delay)
        await Response(reply.body, status_code=reply.status)(scope, receive, send)  # type: ignore[arg-type]


# A certificate for `hooks.example` alone, and its key (see tls/README.md).
TLS_CERTIFICATE = Path(__file__).parent / "tls" / "hooks.example.pem"
TLS_KEY = Path(__file__).parent / "tls" / "hooks.example.key"


@contextmanager
def running_receiver(*, tls: bool = False) -> Iterator[Receiver]:
    """A receiver served by uvicorn on its own thread for the duration of the block;
    with `tls`, over https with the certificate of `hooks.example`."""
    receiver = Receiver(free_port())
    config = uvicorn.Config(
        receiver,
        host="127.0.0.1",
        port=receiver.port,
        log_level="warning",
        lifespan="off",
        ssl_certfile=TLS_CERTIFICATE if tls else None,
        ssl_keyfile=TLS_KEY if tls else None,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("receiver did not start")
        time.sleep(0.01)
    try:
        yield receiver
    finally:
        for reply in [*receiver.script, receiver.default]:
            if reply.hold is not None:
                reply.hold.set()
        server.should_exit = True
        thread.join(timeout=10)
