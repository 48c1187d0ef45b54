"""Refuse requests to private, loopback, link-local and other non-public addresses.

Scrapy's domain filter looks at host names; a public page (or a redirect) can still point at
`http://10.0.0.5/admin` or at a name that resolves to 127.0.0.1. This middleware resolves the host
of every request, redirect hops included (a redirect is a new request through the middlewares), and
refuses it when any address it resolves to is not public. Nothing is sent to a refused address.

Trusted: the hosts of the start URLs (the user chose them, so `newsmill crawl http://127.0.0.1:8000/`
works) and ADDRESSGUARD_ALLOWED (host names, addresses or networks such as "10.0.0.0/8").
Resolution is cached per host; a name that does not resolve is left to the downloader, which
records its DNS error.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

logger = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedAddress(IgnoreRequest):
    """A request to a non-public address; recorded in `pages` with reason private_address."""

    skip_reason = "private_address"


def resolve_host(host: str) -> list[str]:
    """Every address a host name resolves to (blocking: run it in a thread)."""
    return sorted({info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)})


def is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


class AddressGuardMiddleware:
    def __init__(self, allowed: Iterable[str] = (), resolve: Callable[[str], list[str]] = resolve_host, stats=None):
        self.trusted_hosts: set[str] = set()
        self.allowed_networks = []
        for entry in allowed:
            try:
                self.allowed_networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                self.trusted_hosts.add(entry.strip().lower())
        self.resolve = resolve
        self.stats = stats
        self._cache: dict[str, list[Address] | None] = {}

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("ADDRESSGUARD_ENABLED"):
            raise NotConfigured
        mw = cls(crawler.settings.getlist("ADDRESSGUARD_ALLOWED"), stats=crawler.stats)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider):
        self.trust_urls(getattr(spider, "start_urls", ()))

    def trust_urls(self, urls: Iterable[str]) -> None:
        for url in urls:
            host = urlsplit(url).hostname
            if host:
                self.trusted_hosts.add(host.lower())

    async def process_request(self, request, spider=None):
        host = (urlsplit(request.url).hostname or "").lower()
        if not host or host in self.trusted_hosts:
            return None
        addresses = await self.addresses(host)
        if addresses is None:
            return None  # does not resolve: the download fails with its own DNS error
        refused = [a for a in addresses if not is_public(a) and not self._allowed(a)]
        if refused:
            if self.stats is not None:
                self.stats.inc_value("addressguard/refused")
            logger.info("refused %s: %s resolves to non-public address %s", request.url, host, refused[0])
            raise RefusedAddress(f"{host} resolves to non-public address {refused[0]}")
        return None

    async def addresses(self, host: str) -> list[Address] | None:
        if host not in self._cache:
            try:
                self._cache[host] = [ipaddress.ip_address(host)]
            except ValueError:
                try:
                    raw = await asyncio.get_running_loop().run_in_executor(None, self.resolve, host)
                    self._cache[host] = [ipaddress.ip_address(a.split("%", 1)[0]) for a in raw]
                except (OSError, UnicodeError, ValueError):
                    self._cache[host] = None
        return self._cache[host]

    def _allowed(self, address: Address) -> bool:
        return any(address in network for network in self.allowed_networks)
