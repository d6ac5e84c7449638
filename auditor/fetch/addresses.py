"""Refusing link targets that point into private networks.

A page can link anywhere, including the office's own intranet (`http://10.0.0.1/`,
`http://localhost:8080/admin`). Checking such a link would make the auditor a probe
inside the network it runs in, so a target found in a page (`PageRequest.trusted` is
False) is resolved first and refused when any of its addresses is private, loopback,
link-local, unspecified, reserved or multicast, unless `allow_private_addresses`.
The configured sites are trusted and always allowed.

Every address the name resolves to is checked, since the connection may use any of
them. The HTTP client resolves the name again when it connects: a DNS server that
answers differently the second time (DNS rebinding) is not defended against here.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

from ..models import FailureReason

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# a name that resolves to many addresses is checked on the first ones only
MAX_ADDRESSES = 32


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_unspecified
        or address.is_reserved
        or address.is_multicast
    )


async def resolve(host: str, port: int) -> list[IPAddress]:
    """The addresses of `host`; socket.gaierror when it does not resolve."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos[:MAX_ADDRESSES]:
        text = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone id
        addresses.append(ipaddress.ip_address(text))
    return addresses


class AddressGuard:
    """Remembers each host's verdict for the life of one Fetcher (one run)."""

    def __init__(self, *, allow_private: bool, timeout: float) -> None:
        self._allow_private = allow_private
        self._timeout = timeout
        self._verdicts: dict[str, FailureReason | None] = {}

    async def refusal(self, host: str, port: int) -> FailureReason | None:
        """None when the host may be fetched, else PRIVATE_ADDRESS, DNS or TIMEOUT."""
        if self._allow_private:
            return None
        if host in self._verdicts:
            return self._verdicts[host]
        try:
            async with asyncio.timeout(self._timeout):
                addresses = await resolve(host, port)
        except TimeoutError:
            return FailureReason.TIMEOUT  # not remembered: the next try may be luckier
        except (OSError, UnicodeError, ValueError):
            return FailureReason.DNS  # not remembered either: resolvers fail transiently
        if not addresses:
            return FailureReason.DNS
        verdict = None if all(map(is_public, addresses)) else FailureReason.PRIVATE_ADDRESS
        self._verdicts[host] = verdict
        return verdict
