"""Optional reporting to Sentry, with `PULSE_SENTRY_DSN` (README, Operations).

Started only when the DSN is set, with no integrations of its own: incidents are
reported explicitly, where they are caught, and nothing else is patched or sent. No
request data goes with them (no integration reads a request: no headers, bodies or cookies),
only the exception and the incident id to find it by. The SDK is imported only then: it
takes a quarter of a second to import, paid by every process start otherwise.
"""

from pulse import __version__
from pulse.settings import Settings


def start_sentry(settings: Settings) -> bool:
    """Start the client when the DSN is set; whether it was started."""
    if settings.sentry_dsn is None:
        return False
    import sentry_sdk

    sentry_sdk.init(
        dsn=settings.sentry_dsn.get_secret_value(),
        release=f"pulse-hr@{__version__}",
        default_integrations=False,
        auto_enabling_integrations=False,
        include_local_variables=False,
        max_request_body_size="never",
    )
    return True


def report_to_sentry(exc: BaseException, incident_id: str) -> None:
    import sentry_sdk

    with sentry_sdk.new_scope() as scope:
        scope.set_tag("incident_id", incident_id)
        sentry_sdk.capture_exception(exc)
