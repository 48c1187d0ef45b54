"""Address guard, Retry-After parsing, page budgets and redirect loops, without a crawl."""

from __future__ import annotations

import asyncio
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from twisted.internet.error import DNSLookupError

from crawler.middlewares.addressguard import AddressGuardMiddleware, PinnedResolver, RefusedAddress
from crawler.middlewares.pagebudget import PageBudgetMiddleware
from crawler.middlewares.redirectloop import RedirectLoop, RedirectLoopMiddleware, UnreadableRedirect
from crawler.middlewares.retryafter import retry_after_seconds

FAKE_DNS = {
    "news.example": ["93.184.215.14"],
    "intranet.example": ["10.20.30.40"],
    "localhost.localdomain": ["127.0.0.1"],
    "sneaky.example": ["93.184.215.15", "169.254.169.254"],  # one public, one link-local (cloud metadata)
    "v6.example": ["::1"],
    "mapped.example": ["::ffff:192.168.1.1"],
}
looked_up: list[str] = []


def fake_resolve(host):
    looked_up.append(host)
    if host not in FAKE_DNS:
        raise OSError("Name or service not known")
    return FAKE_DNS[host]


def guard(**kwargs) -> AddressGuardMiddleware:
    mw = AddressGuardMiddleware(resolve=fake_resolve, **kwargs)
    mw.trust_urls(["http://127.0.0.1:8642/"])  # the start URL: trusted
    return mw


def check(mw, url):
    return asyncio.run(mw.process_request(Request(url)))


@pytest.mark.parametrize("url", [
    "http://127.0.0.2:8642/", "http://10.1.2.3/", "http://192.168.0.1/admin", "http://169.254.169.254/latest/",
    "http://[::1]:8642/", "http://0.0.0.0/", "http://intranet.example/", "http://localhost.localdomain:8642/",
    "http://sneaky.example/", "http://v6.example/", "http://mapped.example/", "http://100.64.0.1/",
])
def test_non_public_addresses_are_refused(url):
    with pytest.raises(RefusedAddress):
        check(guard(), url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8642/news/", "http://news.example/a", "http://93.184.215.14/"])
def test_start_hosts_and_public_addresses_pass(url):
    assert check(guard(), url) is None


@pytest.mark.parametrize("url", [
    "http://[64:ff9b::7f00:1]/", "http://[64:ff9b::a01:203]/",  # NAT64 of 127.0.0.1, 10.1.2.3
    "http://[2002:7f00:1::1]/", "http://[2002:c0a8:101::]/",  # 6to4 of 127.0.0.1, 192.168.1.1
    "http://[::7f00:1]/", "http://[::a9fe:a9fe]/",  # IPv4-compatible 127.0.0.1, 169.254.169.254
    "http://nat64.example/",
])
def test_ipv6_addresses_embedding_a_private_ipv4_address_are_refused(url):
    FAKE_DNS["nat64.example"] = ["64:ff9b::a9fe:a9fe"]
    with pytest.raises(RefusedAddress):
        check(guard(), url)


def test_ipv6_addresses_embedding_a_public_ipv4_address_pass():
    assert check(guard(), "http://[64:ff9b::5db8:d70e]/") is None  # NAT64 of 93.184.215.14
    assert check(guard(), "http://[2002:5db8:d70e::1]/") is None  # 6to4 of it


def test_start_hosts_are_trusted_on_their_own_port_only():
    mw = guard()
    assert check(mw, "http://127.0.0.1:8642/a/") is None
    for url in ("http://127.0.0.1:22/", "http://127.0.0.1/", "https://127.0.0.1/"):
        with pytest.raises(RefusedAddress):
            check(mw, url)


def test_a_failed_lookup_fails_closed_and_is_not_remembered():
    """The first answer fails, the next points to loopback: neither request may go out."""
    answers = [OSError("temporary failure in name resolution"), ["127.0.0.1"], ["127.0.0.1"]]

    def flaky(host):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    mw = AddressGuardMiddleware(resolve=flaky)
    with pytest.raises(DNSLookupError):  # retried as a DNS error, then recorded as error:DNSLookupError
        check(mw, "http://rebind.example/a")
    with pytest.raises(RefusedAddress):
        check(mw, "http://rebind.example/a")
    with pytest.raises(RefusedAddress):
        check(mw, "http://rebind.example/b")


def test_connections_use_the_addresses_the_guard_checked():
    """Rebinding: the guard saw a public address; the reactor's resolver answers with it, not with a new lookup."""
    from twisted.internet import reactor

    answers = {"rebind.example": [["93.184.215.14"], ["127.0.0.1"]]}
    mw = AddressGuardMiddleware(resolve=lambda host: answers[host].pop(0))
    mw.trust_urls(["http://127.0.0.1:8642/"])
    assert check(mw, "http://rebind.example/a") is None
    AddressGuardMiddleware.active = mw
    try:
        resolver = PinnedResolver(reactor, 100, 5.0)
        got = []
        resolver.getHostByName("rebind.example").addCallback(got.append)
        assert got == ["93.184.215.14"]
        assert answers["rebind.example"] == [["127.0.0.1"]]  # no second lookup
    finally:
        AddressGuardMiddleware.active = None


def test_seeds_given_as_sitemaps_and_feeds_are_trusted():
    mw = AddressGuardMiddleware(resolve=fake_resolve)

    class Spider:
        start_urls = []
        xml_seeds = ["http://127.0.0.1:8642/sitemap.xml"]

    mw.spider_opened(Spider())
    assert check(mw, "http://127.0.0.1:8642/news/1") is None


def test_allowed_networks_and_hosts():
    mw = guard(allowed=["10.0.0.0/8", "localhost.localdomain"])
    assert check(mw, "http://intranet.example/") is None and check(mw, "http://localhost.localdomain/") is None
    with pytest.raises(RefusedAddress):
        check(mw, "http://192.168.0.1/")


def test_resolution_is_cached():
    mw, before = guard(), len(looked_up)
    for _ in range(3):
        check(mw, "http://news.example/x")
    assert looked_up[before:] == ["news.example"]


def test_refusal_is_an_ignore_request_with_a_reason():
    assert issubclass(RefusedAddress, IgnoreRequest) and RefusedAddress.skip_reason == "private_address"


def test_retry_after_values():
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds("  7 ") == 7
    later = datetime.now(timezone.utc) + timedelta(seconds=90)
    assert 85 <= retry_after_seconds(format_datetime(later, usegmt=True)) <= 91
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past: no wait
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None and retry_after_seconds("-5") is None
    # a digit to str.isdigit that float() refuses, and a date whose zone is past a C int: unreadable, not errors
    assert retry_after_seconds(b"\xb2") is None
    assert retry_after_seconds("Mon, 01 Jan 2024 00:00:00 +999999999999999999999") is None


def test_per_site_budget_leaves_other_sites_alone():
    mw = PageBudgetMiddleware(0, max_pages_per_site=2)
    for url in ("http://a.example/1", "http://www.a.example/2", "http://b.example/1"):
        assert mw.process_request(Request(url)) is None
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request("http://a.example/3"))
    assert mw.process_request(Request("http://b.example/2")) is None
    assert mw.process_request(Request("http://a.example/robots.txt")) is None


def test_redirect_loops_end_with_a_reason():
    mw = RedirectLoopMiddleware()
    request = Request("http://a.example/b/", meta={"redirect_urls": ["http://a.example/a/"]})
    back = Response("http://a.example/b/", status=302, headers={"Location": "/a/"})
    with pytest.raises(RedirectLoop):
        mw.process_response(request, back)
    onward = Response("http://a.example/b/", status=302, headers={"Location": "/c/"})
    assert mw.process_response(request, onward) is onward
    for location in ("http://a.example:99999/c/", "http://[::1/c/"):  # was error:ValueError
        with pytest.raises(UnreadableRedirect) as refused:
            mw.process_response(request, Response("http://a.example/b/", status=302, headers={"Location": location}))
        assert refused.value.skip_reason == "error:unreadable_redirect"


def test_redirects_to_other_schemes_and_to_credentials_are_not_lost():
    """A 3xx to javascript: or mailto: was recorded as error:ValueError, and one to http://user:pw@host/
    lost both pages without a record (found by fuzzing)."""
    from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
    from scrapy.utils.misc import build_from_crawler
    from scrapy.utils.test import get_crawler

    mw, scrapy_mw = RedirectLoopMiddleware(), build_from_crawler(RedirectMiddleware, get_crawler())
    request = Request("http://a.example/b/")
    for location in ("javascript:alert(1)", "mailto:x@a.example", "data:text/html,x"):
        seen = mw.process_response(request, Response(request.url, status=302, headers={"Location": location}))
        assert seen.status == 302 and b"Location" not in seen.headers
        assert scrapy_mw.process_response(request, seen) is seen  # recorded as http_302 by the errback
    credited = mw.process_response(request, Response(request.url, status=301,
                                                     headers={"Location": "http://u:p@a.example/c/?q=1"}))
    followed = scrapy_mw.process_response(request, credited)
    assert isinstance(followed, Request) and followed.url == "http://a.example/c/?q=1"


def test_meta_refresh_is_followed_from_the_head_of_a_long_page():
    from scrapy.http import HtmlResponse
    from scrapy.utils.misc import build_from_crawler
    from scrapy.utils.test import get_crawler

    from crawler.middlewares.metarefresh import MetaRefreshMiddleware

    mw = build_from_crawler(MetaRefreshMiddleware, get_crawler(settings_dict={"METAREFRESH_MAXDELAY": 100}))
    filler = "<p>" + "x" * 300_000 + "</p>"
    moved = (b'<html><head><meta http-equiv="refresh" content="0; url=/new/"></head><body>'
             + filler.encode() + b"</body></html>")
    request = Request("http://news.example/old/")
    redirected = mw.process_response(request, HtmlResponse(request.url, body=moved, encoding="utf-8"))
    assert isinstance(redirected, Request) and redirected.url == "http://news.example/new/"
    plain = HtmlResponse(request.url, body=b"<html><head></head><body>" + filler.encode() + b"</body></html>",
                         encoding="utf-8")
    assert mw.process_response(request, plain) is plain  # the page itself, whole, not its head
    late = plain.replace(body=plain.body + b'<meta http-equiv="refresh" content="0; url=/x/">')
    assert mw.process_response(request, late) is late  # past the head: Scrapy would not follow it either
    # UTF-16: the bytes do not spell "refresh", the decoded head does.
    wide = HtmlResponse(request.url, body=moved.decode().encode("utf-16"), encoding="utf-16")
    redirected = mw.process_response(request, wide)  # (Scrapy escapes its URL in UTF-16, BOM and all)
    assert isinstance(redirected, Request) and redirected.url.startswith("http://news.example/new/")
    upper = HtmlResponse(request.url, body=moved.replace(b"refresh", b"REFRESH")[:2000], encoding="utf-8")
    assert isinstance(mw.process_response(request, upper), Request)  # any case, and a short page


@pytest.mark.parametrize("target", ["javascript:void(0)", "mailto:x@y.z", "http://news.example:99999/x", "http://[::1/x"])
@pytest.mark.parametrize("delay", [0, 600])
def test_a_meta_refresh_to_a_url_no_request_can_have_keeps_the_page(target, delay):
    """Scrapy builds the refresh's request before it checks the scheme or the delay: the page was lost as
    error:ValueError (found by fuzzing)."""
    from scrapy.http import HtmlResponse
    from scrapy.utils.misc import build_from_crawler
    from scrapy.utils.test import get_crawler

    from crawler.middlewares.metarefresh import MetaRefreshMiddleware

    mw = build_from_crawler(MetaRefreshMiddleware, get_crawler(settings_dict={"METAREFRESH_MAXDELAY": 100}))
    request = Request("http://news.example/story/")
    page = HtmlResponse(request.url, encoding="utf-8", body=(
        f'<html><head><meta http-equiv="refresh" content="{delay}; url={target}"></head>'
        "<body><p>The story.</p></body></html>").encode())
    assert mw.process_response(request, page) is page
