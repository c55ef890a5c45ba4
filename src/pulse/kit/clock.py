"""The one place the service reads the time, so tests and rules agree on "now" and "today"."""

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    """Now, in whole seconds: what is stored is what the API shows, so filters on the
    times clients have seen (`created_to=…:03Z`) compare exactly."""
    return datetime.now(UTC).replace(microsecond=0)


def today() -> date:
    """Today in UTC: dates in the API (offboarding, status) are UTC calendar days."""
    return utcnow().date()


def rfc3339(moment: datetime) -> str:
    """`2026-04-20T10:12:03Z`: the API's timestamp format (whole seconds, UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
