"""The process's Prometheus metrics (README, Operations).

Defined once here, counted where things happen: requests by the `Observe` middleware,
rate-limited requests by the limiter, webhook attempts by the delivery engine,
incidents by their reporter. Values that are read rather than counted (the pool, the
delivery queue) are taken when `/metrics` is scraped.

With `PROMETHEUS_MULTIPROC_DIR` set (`pulse serve --workers N` sets it), each process
writes its values to files there and a scrape of any worker sums them all.
"""

from prometheus_client import Counter, Gauge, Histogram

REQUESTS = Counter(
    "pulse_http_requests",
    "Requests answered, by route template, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "pulse_http_request_duration_seconds",
    "Time to answer a request, by route template and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
RATE_LIMITED = Counter("pulse_rate_limited_requests", "Requests refused with 429 rate_limited.")
POOL_SIZE = Gauge(
    "pulse_db_pool_size",
    "Database connections the processes keep (PULSE_DATABASE_POOL_SIZE each).",
    multiprocess_mode="livesum",
)
POOL_IN_USE = Gauge(
    "pulse_db_pool_in_use",
    "Database connections checked out of the pools, as of each process's latest request.",
    multiprocess_mode="livesum",
)
POOL_WAITING = Gauge(
    "pulse_db_pool_waiting",
    "Sessions waiting for a database connection, as of each process's latest request.",
    multiprocess_mode="livesum",
)
WEBHOOK_ATTEMPTS = Counter(
    "pulse_webhook_attempts",
    "Webhook delivery attempts, by outcome: succeeded, retrying (another attempt is "
    "scheduled) or failed (no more attempts).",
    ["outcome"],
)
INCIDENTS = Counter(
    "pulse_incidents", "Incidents recorded (README, Operations), by source.", ["source"]
)
