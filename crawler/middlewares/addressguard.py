"""Refuse requests to private, loopback, link-local and other non-public addresses.

Scrapy's domain filter looks at host names; a public page (or a redirect) can still point at
`http://10.0.0.5/admin` or at a name that resolves to 127.0.0.1. This middleware resolves the host
of every request, redirect hops included (a redirect is a new request through the middlewares), and
refuses it when any address it resolves to is not public. Nothing is sent to a refused address.
Addresses that embed an IPv4 address (IPv4-mapped and IPv4-compatible IPv6, NAT64 64:ff9b::/96,
6to4 2002::/16) are judged by that IPv4 address.

Trusted: the start URLs' hosts, each on its own port (the user chose them, so `newsmill crawl
http://127.0.0.1:8000/` works, but a redirect to 127.0.0.1:22 is refused), the hosts of --sitemap and
--feed seeds, and ADDRESSGUARD_ALLOWED (host names, addresses or networks such as "10.0.0.0/8").

A name is resolved once per crawl: the addresses checked are the ones connected to (PinnedResolver,
the reactor's DNS resolver, answers from the same record), so a DNS server that answers with a public
address for the check and a private one a moment later (rebinding) is not followed. A lookup that
fails is not remembered: the request fails with a DNS error (retried as such) and the next request
for that name looks it up, and checks it, again.
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
from scrapy.utils.misc import load_object
from twisted.internet import defer, threads
from twisted.internet.error import DNSLookupError

from newsmill.reasons import Skip

from ..compat import CachingThreadedResolver

logger = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_DEFAULT_PORTS = {"http": 80, "https": 443}


class RefusedAddress(IgnoreRequest):
    """A request to a non-public address; recorded in `pages` with reason private_address."""

    skip_reason = Skip.PRIVATE_ADDRESS


class RefusedAddressError(DNSLookupError):
    """The reactor's resolver refused to hand out a non-public address (a request the guard never saw)."""

    skip_reason = Skip.PRIVATE_ADDRESS


def resolve_host(host: str) -> list[str]:
    """Every address a host name resolves to (blocking: run it in a thread)."""
    return sorted({info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)})


def embedded_ipv4(address: Address) -> Address:
    """The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4); else the address."""
    if not isinstance(address, ipaddress.IPv6Address):
        return address
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address in _NAT64 or (address in _IPV4_COMPATIBLE and int(address) > 1):  # not :: and ::1
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def is_public(address: Address) -> bool:
    address = embedded_ipv4(address)
    return address.is_global and not address.is_multicast


class AddressGuardMiddleware:
    active: AddressGuardMiddleware | None = None  # the crawl's guard, for PinnedResolver (one crawl a process)

    def __init__(self, allowed: Iterable[str] = (), resolve: Callable[[str], list[str]] = resolve_host, stats=None):
        self.trusted_hosts: set[str] = set()  # any port
        self.trusted_origins: set[tuple[str, int]] = set()  # (host, port) of the start URLs
        self.allowed_networks = []
        for entry in allowed:
            try:
                self.allowed_networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                self.trusted_hosts.add(entry.strip().lower())
        self.resolve = resolve
        self.stats = stats
        self._cache: dict[str, list[Address]] = {}  # checked and allowed: the addresses connections use

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("ADDRESSGUARD_ENABLED"):
            raise NotConfigured
        resolve = load_object(crawler.settings.get("ADDRESSGUARD_RESOLVE") or resolve_host)
        mw = cls(crawler.settings.getlist("ADDRESSGUARD_ALLOWED"), resolve=resolve, stats=crawler.stats)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        AddressGuardMiddleware.active = mw
        return mw

    def spider_opened(self, spider):
        # --sitemap and --feed seeds were named by the user as much as the start URLs.
        self.trust_urls([*getattr(spider, "start_urls", ()), *getattr(spider, "xml_seeds", ())])

    def spider_closed(self, spider):
        if AddressGuardMiddleware.active is self:
            AddressGuardMiddleware.active = None

    def trust_urls(self, urls: Iterable[str]) -> None:
        for url in urls:
            origin = _origin(url)
            if origin:
                self.trusted_origins.add(origin)

    def trusts(self, url: str) -> bool:
        origin = _origin(url)
        return origin is None or origin in self.trusted_origins or origin[0] in self.trusted_hosts

    def trusts_name(self, host: str) -> bool:
        """Whether a name is trusted on some port (all the reactor's resolver knows is the name)."""
        host = host.lower()
        return host in self.trusted_hosts or any(h == host for h, _ in self.trusted_origins)

    async def process_request(self, request, spider=None):
        if self.trusts(request.url):
            return None
        host = (urlsplit(request.url).hostname or "").lower()
        addresses = await self.addresses(host)
        if addresses is None:
            # Fail closed: the download would look the name up again, and could get another answer.
            # A DNSLookupError, as the downloader would raise: retried, then recorded as error:DNSLookupError.
            if self.stats is not None:
                self.stats.inc_value("addressguard/unresolved")
            raise DNSLookupError(f"{host} does not resolve")
        self.check(host, addresses, request.url)
        return None

    def check(self, host: str, addresses: list[Address], url: str = "") -> None:
        refused = [a for a in addresses if not is_public(a) and not self._allowed(a)]
        if refused:
            self._cache.pop(host, None)
            if self.stats is not None:
                self.stats.inc_value("addressguard/refused")
            logger.info("refused %s: %s resolves to non-public address %s", url or host, host, refused[0])
            raise RefusedAddress(f"{host} resolves to non-public address {refused[0]}")
        self._cache[host] = addresses

    async def addresses(self, host: str) -> list[Address] | None:
        """The host's addresses: the crawl's first successful answer; None (not remembered) if it fails."""
        if host in self._cache:
            return self._cache[host]
        try:
            return [ipaddress.ip_address(host)]
        except ValueError:
            pass
        try:
            raw = await asyncio.get_running_loop().run_in_executor(None, self.resolve, host)
            return [ipaddress.ip_address(a.split("%", 1)[0]) for a in raw] or None
        except (OSError, UnicodeError, ValueError):
            return None

    def pinned(self, host: str) -> list[Address] | None:
        """The addresses checked for `host`, if a request for it passed the guard."""
        return self._cache.get(host.lower())

    def _allowed(self, address: Address) -> bool:
        return any(address in network or embedded_ipv4(address) in network for network in self.allowed_networks)


def _origin(url: str) -> tuple[str, int] | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        return None
    try:
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 0)
    except ValueError:
        port = -1
    return host, port


class PinnedResolver(CachingThreadedResolver):
    """The reactor's DNS resolver (TWISTED_DNS_RESOLVER): connects to the addresses the guard checked.

    For a name the guard let through it answers from the guard's record, without a second lookup. A
    name the guard did not see (a trusted start host) is looked up as Scrapy would; an untrusted one is
    then checked here too. Without a guard (ADDRESSGUARD_ENABLED False) it is Scrapy's resolver.
    """

    def getHostByName(self, name: str, timeout=()):  # noqa: N802 (Twisted's name)
        guard = AddressGuardMiddleware.active
        if guard is None or guard.trusts_name(name):
            return super().getHostByName(name, timeout)
        pinned = guard.pinned(name)
        if pinned is not None:
            return _first_ipv4(name, pinned)
        lookup = threads.deferToThreadPool(self.reactor, self.reactor.getThreadPool(), guard.resolve, name)
        lookup.addTimeout(self.timeout, self.reactor)

        def checked(raw):
            addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in raw]
            try:
                guard.check(name.lower(), addresses)
            except RefusedAddress as exc:
                raise RefusedAddressError(str(exc)) from None
            return _first_ipv4(name, addresses)

        def failed(failure):
            if failure.check(RefusedAddressError, DNSLookupError):
                return failure
            raise DNSLookupError(f"{name}: {failure.getErrorMessage()}")

        return lookup.addCallback(checked).addErrback(failed)


def _first_ipv4(name: str, addresses: list[Address]):
    """Scrapy's default resolver is IPv4-only (IResolverSimple): the first IPv4 address checked."""
    for address in addresses:
        v4 = embedded_ipv4(address) if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped else address
        if isinstance(v4, ipaddress.IPv4Address):
            return defer.succeed(str(v4))
    return defer.fail(DNSLookupError(f"{name} has no IPv4 address"))
