"""Where webhooks may go: well-formed http(s) URLs, and in live mode only https to public hosts.

URLs are read with httpx, the client that sends the deliveries: two URL parsers can
disagree about the host of a crafted URL (`https://10.0.0.1\\@example.com`), and the
host checked must be the host that will be dialled.

The check runs when an endpoint is saved and again before every delivery (the
delivery engine calls `refuse_reason`), because what a name resolves to can change
after it was saved.
"""

import asyncio
import ipaddress
import re
import socket

import httpx

from pulse.core.tenancy import Environment

SCHEMES = ("http", "https")
MAX_PORT = 65535
# A slow resolver must not hold the request (and its transaction) for long; a name
# that does not answer in time counts as one that does not resolve yet.
RESOLVE_TIMEOUT_SECONDS = 2.0
# Host names as httpx hands them over (IDNA already applied): dot-separated labels.
HOST_NAME = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?")
LOOPBACK_NAME = "localhost"

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


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


async def refuse_reason(url: str, environment: Environment, allow_private: bool) -> str | None:
    """Why webhooks may not be sent to `url`, or None when they may.

    Live mode needs https. Unless the deployment allows private targets, the host must
    be public: neither an address nor a name resolving to any address that is not
    globally routable (private, link-local such as cloud metadata, unspecified,
    shared, reserved...). Test mode may also use plain http and loopback, where
    integrators run receivers on their own machine; other private addresses stay
    refused there too, so no mode reaches into the deployment's network by accident.
    A name that does not resolve is let through: its DNS may come later, and it is
    checked again before each delivery.
    """
    try:
        parsed = parse_url(url)
    except ValueError as exc:
        return str(exc)
    live = environment is Environment.live
    if live and parsed.scheme != "https":
        return "live-mode endpoints must use https"
    if allow_private:
        return None
    return await _non_public_host_reason(_host(parsed), allow_loopback=not live)


async def _non_public_host_reason(host: str, *, allow_loopback: bool) -> str | None:
    literal = _ip_literal(host)
    if literal is not None:
        return None if _allowed(literal, allow_loopback) else f"{host} is not a public address"
    name = host.rstrip(".").lower()
    if name == LOOPBACK_NAME or name.endswith("." + LOOPBACK_NAME):
        return None if allow_loopback else f"{host} is a loopback name"
    for text in await _resolve(name):
        address = _ip_literal(text)
        if address is None or not _allowed(address, allow_loopback):
            return f"{host} resolves to a non-public address"
    return None


async def _resolve(name: str) -> list[str]:
    """The addresses `name` resolves to; none when it does not resolve (yet)."""
    loop = asyncio.get_running_loop()
    try:
        found = await asyncio.wait_for(
            loop.getaddrinfo(name, None, type=socket.SOCK_STREAM), RESOLVE_TIMEOUT_SECONDS
        )
    except (OSError, UnicodeError, TimeoutError):
        return []
    return [str(sockaddr[0]) for *_, sockaddr in found]


def _allowed(address: IpAddress, allow_loopback: bool) -> bool:
    # An IPv4-mapped IPv6 address reaches the IPv4 host; judge that one (Python
    # versions disagree on how `is_global` treats the mapped form).
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global or (allow_loopback and address.is_loopback)


def _ip_literal(host: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _host(parsed: httpx.URL) -> str:
    # `raw_host` is what is dialled: IDNA-encoded, IPv6 without brackets.
    return parsed.raw_host.decode("ascii", errors="replace")
