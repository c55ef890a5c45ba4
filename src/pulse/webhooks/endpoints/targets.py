"""Where webhooks may go, and the one address each delivery dials.

URLs are read with httpx, the client that sends the deliveries: two URL parsers can
disagree about the host of a crafted URL (`https://10.0.0.1\\@example.com`), and the
host checked must be the host that will be dialled.

A host is judged by the addresses it stands for: an IP literal by itself, a name (and
the numeric spellings httpx leaves to the resolver, such as `127.1`, `2130706433` or
`0x7f000001`) by what the system resolver answers for it. The check runs when an
endpoint is saved and again before every delivery, because what a name resolves to
can change. The delivery then connects to the very address it checked (`Target`), so
a name that answers differently a moment later (DNS rebinding) changes nothing.
"""

import asyncio
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from pulse.core.tenancy import Environment
from pulse.settings import Settings

SCHEMES = ("http", "https")
MAX_PORT = 65535
# A slow resolver must not hold the request (and its transaction) for long; a name
# that does not answer in time counts as one that does not resolve yet.
RESOLVE_TIMEOUT_SECONDS = 2.0
# Host names as httpx hands them over (IDNA already applied): dot-separated labels.
HOST_NAME = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?")
LOOPBACK_NAME = "localhost"
# IPv6 forms that carry an IPv4 address and reach it: NAT64 (RFC 6052) and 6to4
# (RFC 3056). IPv4-mapped (::ffff:0:0/96) and IPv4-compatible (::/96) are read apart.
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# The addresses a host name stands for, as text; none when it does not resolve (yet).
Resolve = Callable[[str], Awaitable[list[str]]]


@dataclass(frozen=True)
class TargetPolicy:
    """What a deployment lets endpoints reach besides public addresses."""

    # Any non-public address, in both modes: receivers on the deployment's own network.
    allow_private: bool = False
    # This machine's loopback, in test mode only: receivers under development beside
    # the server. Off by default, so no key can read the server's own local services.
    allow_loopback: bool = False

    @classmethod
    def of(cls, settings: Settings) -> "TargetPolicy":
        return cls(
            allow_private=settings.webhook_allow_private_targets,
            allow_loopback=settings.webhook_allow_loopback_targets,
        )


class TargetRefused(Exception):
    """Webhooks may not be sent to this URL; the message says why."""


@dataclass(frozen=True)
class Target:
    """A checked URL, and the address its delivery connects to."""

    url: httpx.URL
    # The checked address to dial; None when the host name does not resolve (yet).
    address: str | None

    @property
    def host(self) -> str:
        return _host(self.url)

    def pinned_url(self) -> httpx.URL:
        """The URL with its host replaced by the checked address (to dial nothing else)."""
        if self.address is None:
            raise ValueError(f"{self.host} did not resolve")
        return self.url.copy_with(host=self.address)

    def request_extensions(self) -> dict[str, str]:
        """TLS for the name in the URL while the socket goes to its checked address:
        httpx sends it as SNI and verifies the certificate against it."""
        return {} if _ip_literal(self.host) is not None else {"sni_hostname": self.host}

    def host_header(self) -> str:
        # `netloc` is the host as written (IDNA-encoded) and any explicit port.
        return self.url.netloc.decode("ascii")


def parse_url(url: str) -> httpx.URL:
    """`url` as the sender reads it; ValueError unless it is an absolute http(s) URL."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise ValueError(f"not a valid URL ({exc})") from None
    if parsed.scheme not in SCHEMES:
        raise ValueError("the scheme must be http or https")
    host = _host(parsed)
    if not host:
        raise ValueError("the URL names no host")
    if _ip_literal(host) is None and not HOST_NAME.fullmatch(host):
        raise ValueError(f"{host!r} is not a valid host name")
    if parsed.port is not None and not 1 <= parsed.port <= MAX_PORT:
        raise ValueError(f"port {parsed.port} is out of range")
    return parsed


async def refuse_reason(
    url: str, environment: Environment, policy: TargetPolicy, resolve: Resolve | None = None
) -> str | None:
    """Why webhooks may not be sent to `url`, or None when they may (see `check_target`).

    A name that does not resolve is let through: its DNS may come later, and it is
    checked again before each delivery.
    """
    try:
        await check_target(url, environment, policy, resolve)
    except TargetRefused as refused:
        return str(refused)
    return None


async def check_target(
    url: str, environment: Environment, policy: TargetPolicy, resolve: Resolve | None = None
) -> Target:
    """`url` with the address to dial, resolved once; TargetRefused when it may not be used.

    Live mode needs https. Unless the policy allows private targets, every address
    the host stands for must be public: not private, link-local (cloud metadata),
    unspecified, shared, reserved... nor loopback, which test mode may reach only when
    the policy allows loopback. An IPv6 address that wraps an IPv4 one is judged as
    that IPv4 address. No mode reaches into the deployment's network by accident.
    """
    try:
        parsed = parse_url(url)
    except ValueError as exc:
        raise TargetRefused(str(exc)) from None
    live = environment is Environment.live
    if live and parsed.scheme != "https":
        raise TargetRefused("live-mode endpoints must use https")
    allow_loopback = policy.allow_loopback and not live
    host = _host(parsed)
    literal = _ip_literal(host)
    if literal is not None:
        if not policy.allow_private and not _allowed(literal, allow_loopback):
            raise TargetRefused(f"{host} is not a public address")
        return Target(parsed, host)
    name = host.rstrip(".").lower()
    is_loopback_name = name == LOOPBACK_NAME or name.endswith("." + LOOPBACK_NAME)
    if is_loopback_name and not (policy.allow_private or allow_loopback):
        raise TargetRefused(f"{host} is a loopback name")
    # The host exactly as the dialler would have looked it up.
    answers = await (resolve or resolve_name)(host)
    addresses = [address for text in answers if (address := _ip_literal(text)) is not None]
    if len(addresses) < len(answers):
        raise TargetRefused(f"{host} resolves to something that is not an IP address")
    if not policy.allow_private and any(not _allowed(a, allow_loopback) for a in addresses):
        raise TargetRefused(f"{host} resolves to a non-public address")
    return Target(parsed, str(addresses[0]) if addresses else None)


async def resolve_name(name: str) -> list[str]:
    """The addresses the system resolver answers for `name`; none when it does not resolve."""
    loop = asyncio.get_running_loop()
    try:
        found = await asyncio.wait_for(
            loop.getaddrinfo(name, None, type=socket.SOCK_STREAM), RESOLVE_TIMEOUT_SECONDS
        )
    except (OSError, UnicodeError, TimeoutError):
        return []
    return [str(sockaddr[0]) for *_, sockaddr in found]


def _allowed(address: IpAddress, allow_loopback: bool) -> bool:
    judged = wrapped_ipv4(address) or address
    return judged.is_global or (allow_loopback and judged.is_loopback)


def wrapped_ipv4(address: IpAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one reaches through, if any: mapped, NAT64, 6to4 or
    IPv4-compatible. Python versions disagree on how `is_global` treats these forms,
    and some count `64:ff9b::10.0.0.1` as global, so they are judged by what they wrap."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64 or (address in IPV4_COMPATIBLE and int(address) > 1):
        # `::` and `::1` are IPv6's own unspecified and loopback addresses.
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _ip_literal(host: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _host(parsed: httpx.URL) -> str:
    # `raw_host` is what is dialled: IDNA-encoded, IPv6 without brackets.
    return parsed.raw_host.decode("ascii", errors="replace")
