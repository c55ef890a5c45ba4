"""Deployment settings, read from `PULSE_*` environment variables."""

from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PULSE_", extra="ignore")

    database_url: str = Field(
        "sqlite:///./pulse.db",
        description="`sqlite:///path` (default, embedded) or `postgresql://user@host:port/db`.",
    )
    database_pool_size: int = Field(
        10,
        ge=1,
        description="Connections each process keeps open to PostgreSQL; requests beyond "
        "them wait for one to come free.",
    )
    secret_key: SecretStr | None = Field(
        None,
        description="Encrypts webhook signing secrets in the database (Fernet). Required by "
        "`pulse serve` and `pulse worker`: make one with `pulse secret-key generate` and keep "
        "a copy with the backups. Several keys, comma-separated, while rotating: the first "
        "encrypts, any decrypts.",
    )
    redis_url: str | None = Field(
        None,
        description="`redis://host:port/db`: shares rate limits across API processes.",
    )
    rate_limit_per_minute: int = Field(
        1000, ge=0, description="Requests per API key per rolling minute; 0 turns limits off."
    )
    webhook_allow_private_targets: bool = Field(
        False,
        description="Let webhook endpoints target private, loopback or link-local addresses "
        "(live mode still needs https).",
    )
    webhook_allow_loopback_targets: bool = Field(
        False,
        description="Let test-mode webhook endpoints target this machine's loopback "
        "(localhost, 127.0.0.0/8, ::1), for receivers under development beside the server. "
        "Off by default: a test key could otherwise read the server's local services.",
    )
    delivery_in_process: bool = Field(
        True,
        description="`pulse serve` delivers webhooks itself; turn off when `pulse worker`s do.",
    )
    delivery_concurrency: int = Field(
        32, ge=1, description="Webhook deliveries one delivery loop sends at once."
    )
    delivery_timeout_seconds: float = Field(
        15.0, gt=0, description="How long a receiver has to answer a delivery."
    )
    delivery_lease_seconds: float = Field(
        60.0,
        gt=0,
        description="How long a worker holds a delivery it is sending; after that (say the "
        "worker died) another worker takes it over. Keep it above the timeout.",
    )
    delivery_poll_seconds: float = Field(
        1.0, gt=0, description="How often an idle delivery loop looks for work."
    )
    log_level: str = Field("info", description="Log level of the server: debug, info, warning.")
    # Operations (README, Operations).
    log_format: Literal["text", "json"] = Field(
        "text", description="`json`: one JSON object a line, for log collectors."
    )
    metrics: bool = Field(True, description="Serve Prometheus metrics at `GET /metrics`.")
    metrics_token: SecretStr | None = Field(
        None, description="When set, `GET /metrics` needs `Authorization: Bearer <token>`."
    )
    incident_webhook_url: str | None = Field(
        None,
        description="Receives a signed JSON alert for each new kind of incident, at most one "
        "per kind per hour.",
    )
    incident_webhook_secret: SecretStr | None = Field(
        None,
        description="Signs the incident alerts (`X-Pulse-Signature`, as webhook deliveries); "
        "required with `PULSE_INCIDENT_WEBHOOK_URL`.",
    )
    sentry_dsn: SecretStr | None = Field(
        None, description="Also report incidents to Sentry (or a compatible service)."
    )

    @model_validator(mode="after")
    def _alerts_are_signed(self) -> "Settings":
        if self.incident_webhook_url and self.incident_webhook_secret is None:
            raise ValueError(
                "PULSE_INCIDENT_WEBHOOK_URL needs PULSE_INCIDENT_WEBHOOK_SECRET to sign its alerts"
            )
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
