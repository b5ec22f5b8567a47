"""Where webhooks may be sent: not to the store's own network.

A subscription's URL is refused when it carries credentials, is not http(s), or when its
host resolves to a loopback, private, link-local (cloud metadata at 169.254.169.254),
multicast, reserved or unspecified address (numeric spellings such as `2130706433` or
`0x7f.1` included: they are resolved like names), unless `ORDERMIND_WEBHOOK_ALLOW` names
the host or a network holding the address (comma-separated: `hooks.internal,10.1.0.0/16`).
The check runs again before every delivery, against the address the name resolves to then
(a name that moved to a private address is not followed), and redirects are never
followed."""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import urlsplit

from ordermind.domain.errors import ValidationFailed

ALLOW_ENV = "ORDERMIND_WEBHOOK_ALLOW"
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class TargetRefused(ValidationFailed):
    pass


def _allowed() -> tuple[set[str], list[ipaddress.IPv4Network | ipaddress.IPv6Network]]:
    hosts: set[str] = set()
    nets = []
    for item in (os.environ.get(ALLOW_ENV) or "").split(","):
        item = item.strip().lower()
        if not item:
            continue
        try:
            nets.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            hosts.add(item)
    return hosts, nets


def _internal(addr: Address) -> bool:
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return (
        addr.is_loopback
        or addr.is_private
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
        or not addr.is_global
    )


def _resolve(host: str, port: int) -> list[Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise TargetRefused(f"webhook host {host!r} does not resolve") from None
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def check(url: str) -> None:
    """Refuse `url` (TargetRefused, a 422) unless webhooks may go there."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket: `http://[::1/`
        raise TargetRefused(f"{url!r} is not a URL that can be read") from None
    if parts.scheme not in ("http", "https", "nats"):
        raise TargetRefused("a webhook URL must be http:// or https:// (or nats:// for JetStream)")
    if parts.username is not None or parts.password is not None:
        raise TargetRefused("a webhook URL may not carry credentials; use the signing secret")
    host = (parts.hostname or "").lower()
    if not host:
        raise TargetRefused("a webhook URL needs a host")
    try:
        port = parts.port or {"https": 443, "nats": 4222}.get(parts.scheme, 80)
    except ValueError:
        raise TargetRefused("the webhook URL's port is not a number from 0 to 65535") from None
    hosts, nets = _allowed()
    if host in hosts:
        return
    for addr in _resolve(host, port):
        if _internal(addr) and not any(addr in net for net in nets):
            raise TargetRefused(
                f"webhook URL {host!r} resolves to internal address {addr}; an operator may "
                f"allow it with {ALLOW_ENV}"
            )
