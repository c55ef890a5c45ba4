"""Log lines: text (the default) or, with `PULSE_LOG_FORMAT=json`, one JSON object a line.

Every line written while a request runs carries its `request_id`. The access line of
each request adds its route template, method, status, latency and workspace id. What a
line never holds: a key, a secret, a password, a cookie, a header, a body, a query
string or a personal field. The access line names the route's template, not the path.
"""

import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import orjson

# The request the running code serves, for every line it logs (set by `Observe`).
REQUEST_ID: ContextVar[str | None] = ContextVar("pulse_request_id", default=None)
# The fields a line may carry besides its message (`extra=` of the logging call).
FIELDS = ("route", "method", "status", "latency_ms", "workspace_id")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id is not None:
            document["request_id"] = request_id
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                document[name] = value
        if record.exc_info:
            document["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(document, default=str).decode()


class PulseHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler `configure_logging` installs on the root logger, on stderr."""


def configure_logging(level: str, log_format: str) -> None:
    """Our handler on the root logger (in place of one installed before, leaving other
    handlers be); uvicorn's loggers and ours go through it."""
    handler = PulseHandler()
    handler.addFilter(RequestIdFilter())
    formatter = JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for installed in [h for h in root.handlers if isinstance(h, PulseHandler)]:
        root.removeHandler(installed)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Uvicorn's own access lines are off (`Observe` writes one per request); its other
    # loggers reach the root's handler.
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
