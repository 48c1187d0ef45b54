"""Each internal of another library that newsmill uses (cleaners/, crawler/ and pipelines/compat.py) is still
there and still means what the helper assumes. A failure here names the internal that moved: fix the helper in
the compat module (and the versions it says it was checked with), not its callers."""

from __future__ import annotations

import gzip
import inspect
import re
import tomllib
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

import justext.core
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import trafilatura
import trafilatura.external
from lxml import etree
from packaging.specifiers import SpecifierSet
from scrapy.core.engine import ExecutionEngine
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request
from scrapy.settings import Settings
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler

from cleaners import compat as cleaners_compat
from crawler import compat

ROOT = Path(__file__).resolve().parent.parent


def _pin(name: str) -> SpecifierSet:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for dep in deps:
        match = re.match(r"([A-Za-z0-9_.-]+)\s*(.*)", dep)
        if match and match[1].lower() == name.lower():
            return SpecifierSet(match[2])
    raise AssertionError(f"{name} is not declared in pyproject.toml")


def test_trafilatura_pin_measured_and_installed_versions_agree():
    measured = ".".join(map(str, cleaners_compat.TRAFILATURA_MEASURED))
    pin = _pin("trafilatura")
    installed = version("trafilatura")
    assert installed in pin, f"installed trafilatura {installed} is outside the pin {pin}"
    # the pin admits the measured minor version and nothing past it
    assert f"{measured}.99" in pin, f"pyproject pins trafilatura {pin}, the extraction was measured with {measured}.x"
    major, minor = cleaners_compat.TRAFILATURA_MEASURED
    assert f"{major}.{minor + 1}.0" not in pin, f"pin {pin} admits trafilatura {major}.{minor + 1}, never measured"
    assert installed.startswith(f"{measured}."), f"installed {installed}, measured {measured}.x: re-measure (make eval)"


def test_trafilatura_renders_an_extracted_body_as_text():
    body = etree.fromstring("<body><p>First paragraph.</p><list><item>one</item></list><p>Last.</p></body>")
    lines = [line for line in cleaners_compat.render_text(body).split("\n") if line.strip()]
    assert lines[0] == "First paragraph." and lines[-1] == "Last."
    assert any("one" in line for line in lines)


def test_justext_still_looks_up_define_stoplist_as_a_module_global():
    assert callable(getattr(justext.core, "define_stoplist", None)), "justext.core.define_stoplist moved"
    assert "define_stoplist" in justext.core.classify_paragraphs.__code__.co_names, \
        "justext.core.classify_paragraphs no longer calls define_stoplist: the shared stop words do nothing"


def test_the_hashed_stop_words_answer_as_the_set_of_words_does():
    from justext import get_stoplist, get_stoplists

    import cleaners.body  # noqa: F401 (installs the patch)

    assert getattr(justext.core.define_stoplist, "takes_hashed", False)
    words = {word.lower() for language in get_stoplists() for word in get_stoplist(language)}
    hashed = trafilatura.external.jt_stoplist_init()
    assert isinstance(hashed, cleaners_compat.HashedStopWords)
    assert justext.core.define_stoplist(hashed) is hashed  # jusText takes it as it is: no copy into a set
    assert all(word in hashed for word in words)
    others = {w + suffix for w in list(words)[:20_000] for suffix in ("qz", "Q", "1")} - words
    assert not any(word in hashed for word in others)
    assert justext.core.define_stoplist(("Der", "DIE")) == {"der", "die"}  # a one-language list as before


def test_justext_classifies_the_same_with_hashed_stop_words(seed):
    from justext.core import ParagraphMaker, classify_paragraphs
    from justext import get_stoplist, get_stoplists
    from lxml import html as lxml_html

    words = frozenset(word.lower() for language in get_stoplists() for word in get_stoplist(language))
    hashed = cleaners_compat.HashedStopWords(words)

    def classes(stoplist):
        paragraphs = ParagraphMaker.make_paragraphs(lxml_html.fromstring(seed[0]))
        classify_paragraphs(paragraphs, stoplist, 50, 150, 0.1, 0.2, 0.25, True)
        return [(p.cf_class, round(p.stopwords_density(stoplist), 6)) for p in paragraphs]

    with_set = classes(words)
    assert len(with_set) > 20 and any(density > 0 for _, density in with_set)
    assert classes(hashed) == with_set


class _Paragraph:
    """What justext.core.revise_paragraph_classification reads and writes of a paragraph."""

    def __init__(self, cf_class, heading, text, class_type):
        self.cf_class, self.heading, self.text, self.class_type = cf_class, heading, text, class_type


_CLASSES = ("good", "bad", "short", "neargood")
_PARAGRAPHS = st.lists(st.tuples(st.sampled_from(_CLASSES), st.booleans(), st.text("ab ", max_size=12),
                                 st.sampled_from(("", *_CLASSES))), max_size=40)


@settings(max_examples=400, deadline=None)
@given(_PARAGRAPHS, st.integers(0, 30))
def test_linear_justext_revision_classifies_as_justext_does(rows, distance):
    cleaners_compat.linear_justext_revision()
    ours = [_Paragraph(*row) for row in rows]
    theirs = [_Paragraph(*row) for row in rows]
    cleaners_compat._revise_paragraph_classification(ours, distance)
    cleaners_compat.JUSTEXT_REVISE(theirs, distance)
    assert [p.class_type for p in ours] == [p.class_type for p in theirs]


def test_linear_justext_revision_is_what_trafilatura_calls():
    cleaners_compat.linear_justext_revision()
    assert "revise_paragraph_classification" in trafilatura.external.try_justext.__code__.co_names, \
        "trafilatura.external no longer calls revise_paragraph_classification by its module global"
    assert trafilatura.external.revise_paragraph_classification is cleaners_compat._revise_paragraph_classification
    assert cleaners_compat.JUSTEXT_REVISE.__module__ == "justext.core"  # jusText's own, kept to compare with


def test_engine_idle_poll_is_a_class_attribute_read_when_the_slot_starts():
    assert isinstance(ExecutionEngine._SLOT_HEARTBEAT_INTERVAL, float)
    assert "_SLOT_HEARTBEAT_INTERVAL" in inspect.getsource(ExecutionEngine), "the heartbeat interval moved"

    class Engine:
        _SLOT_HEARTBEAT_INTERVAL = 5.0

    engine = Engine()
    compat.shorten_idle_poll(engine, 0.5)
    assert engine._SLOT_HEARTBEAT_INTERVAL == 0.5 and Engine._SLOT_HEARTBEAT_INTERVAL == 5.0


def test_crawler_engine_is_none_before_the_crawl_starts():
    crawler = Crawler(Spider, Settings())
    assert "_engine" in vars(crawler), "Crawler._engine moved"
    assert compat.engine_started(crawler) is False


def test_retry_middleware_retries_a_request_and_gives_up_after_max_retry_times():
    crawler = get_crawler(Spider, {"RETRY_TIMES": 1})
    crawler.spider = crawler._create_spider("t")
    mw = RetryMiddleware.from_crawler(crawler)
    assert list(inspect.signature(RetryMiddleware._retry).parameters)[:3] == ["self", "request", "reason"]
    first = compat.retry(mw, Request("http://127.0.0.1/a"), "503 response")
    assert isinstance(first, Request) and first.meta["retry_times"] == 1
    assert compat.retry(mw, first, "503 response") is None


def test_pool_processes_lists_the_live_workers():
    assert compat.pool_processes(None) == []
    with ProcessPoolExecutor(max_workers=1) as executor:
        assert executor.submit(abs, -1).result() == 1
        processes = compat.pool_processes(executor)
        assert len(processes) == 1 and processes[0].is_alive(), "ProcessPoolExecutor._processes moved"
    assert compat.pool_processes(executor) == []


def test_gunzip_bounded_tells_a_bomb_from_a_corrupt_stream():
    bomb = gzip.compress(b"\0" * 1_000_000)
    assert compat.gunzip_bounded(bomb, 0) == b"\0" * 1_000_000
    with pytest.raises(compat.DecompressedTooLarge):
        compat.gunzip_bounded(bomb, 10_000)
    with pytest.raises((OSError, EOFError)):
        compat.gunzip_bounded(b"not gzip at all", 10_000)


def test_engine_scheduler_and_crawl_signature():
    assert isinstance(inspect.getattr_static(ExecutionEngine, "scheduler", None), property) or \
        "_slot" in inspect.getsource(ExecutionEngine.__init__), "neither ExecutionEngine.scheduler nor _slot"
    assert list(inspect.signature(ExecutionEngine.crawl).parameters)[:2] == ["self", "request"]
    assert compat.frontier_size(object()) == 0


def test_downloader_slots_take_a_delay_now_and_for_later():
    from scrapy.core.downloader import Downloader, Slot

    crawler = get_crawler(Spider, {"DOWNLOAD_DELAY": 0})
    downloader = Downloader(crawler)
    assert isinstance(downloader.per_slot_settings, dict), "Downloader.per_slot_settings moved"
    request = Request("http://127.0.0.1/a")
    key = downloader.get_slot_key(request)
    downloader.slots[key] = Slot(concurrency=1, delay=0.0, jitter=0.5)

    class Engine:
        pass

    engine = Engine()
    engine.downloader = downloader
    crawler.engine = engine
    compat.set_slot_delay(crawler, request, 2.0)
    slot = downloader.slots[key]
    assert (slot.delay, slot.jitter) == (2.0, 0)
    assert downloader.per_slot_settings[key] == {"delay": 2.0, "jitter": 0}


def test_scrapy_redis_scheduler_still_has_what_the_adapter_overrides():
    """crawler/distributed.py's RedisScheduler overrides enqueue_request/next_request/close using the
    attributes scrapy-redis 0.9's Scheduler sets in open()."""
    from scrapy_redis.scheduler import Scheduler

    opened = inspect.getsource(Scheduler.open)
    for attribute in ("self.queue", "self.df", "self.spider"):
        assert attribute in opened, f"scrapy_redis Scheduler.open no longer sets {attribute}"
    assert "idle_before_close" in inspect.getsource(Scheduler.__init__)
    assert "stats" in inspect.getsource(Scheduler)


def test_robots_middleware_keeps_a_deferred_per_host_while_robots_txt_is_fetched():
    """compat.RobotsTxtMiddleware reads `_parsers` (netloc -> Deferred while fetching, then the parser)."""
    from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware

    crawler = get_crawler(Spider, {"ROBOTSTXT_OBEY": True})
    mw = compat.RobotsTxtMiddleware.from_crawler(crawler)
    assert isinstance(mw, RobotsTxtMiddleware) and mw._parsers == {}
    source = inspect.getsource(RobotsTxtMiddleware.robot_parser)
    assert "self._parsers[netloc] = Deferred()" in source and "isinstance(parser, Deferred)" in source


def test_htmldate_still_reads_text_dates_through_the_two_swapped_internals():
    from htmldate import extractors

    assert callable(extractors.get_external_parser) and callable(extractors.month_words)
    assert extractors.MONTH_KEYS[0] == "january" and extractors.WORD.fullmatch("März")
    from lxml import html

    tree = html.fromstring("<html><body><div><p>Ein Text ohne Markup.</p><p>Erschienen am 3. März 2021 "
                           "in der Zeitung</p></div></body></html>")
    found = cleaners_compat.htmldate_find_date(tree, ("de", "en"), extensive_search=True, original_date=True)
    assert found == "2021-03-03"
    assert cleaners_compat._HTMLDATE_LANGUAGES.get() == ()  # outside a call: htmldate's own parser again
    assert "märz" in cleaners_compat._month_words(("de",)) and "march" not in cleaners_compat._month_words(("de",))


def test_dates_of_a_page_in_one_language_load_only_that_language_of_dateparser():
    # A real page whose dates went through dateparser (and htmldate) with no language: all 200 locales
    # loaded, 30 MB a worker. In a fresh process: which locales dateparser holds is process-wide.
    script = (
        "import gzip, dateparser.languages.loader as L\n"
        "from cleaners import extract_article\n"
        "raw = gzip.decompress(open('tests/fixtures/corpus/trafilatura-eval/html/100noticias.com-millones.html.gz',"
        " 'rb').read())\n"
        "print(extract_article(raw, 'https://example.test/a').published[:10])\n"
        "print(len(L.LocaleDataLoader._loaded_locales))\n")
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    day, locales = out.stdout.split()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", day)
    assert int(locales) < 10


def test_a_pool_wakeup_racing_its_close_waits_for_it():
    """At exit concurrent.futures wakes every executor while its manager thread may be closing the pipe
    (CPython gh-125451): the write must finish before the close, not hit a closed descriptor."""
    import threading
    import time
    from concurrent.futures import process

    from crawler.compat import guard_pool_wakeup

    guard_pool_wakeup()
    wakeup = process._ThreadWakeup()
    send = wakeup._writer.send_bytes
    started, errors = threading.Event(), []

    def slow_send(data):
        started.set()
        time.sleep(0.2)  # the close comes while the write is under way
        send(data)

    wakeup._writer.send_bytes = slow_send

    def wake():
        try:
            wakeup.wakeup()
        except OSError as exc:
            errors.append(exc)

    thread = threading.Thread(target=wake)
    thread.start()
    started.wait(5)
    wakeup.close()
    thread.join(5)
    assert errors == [] and wakeup._closed


def _readability_wins(body_html: str, raw_html: str) -> bool:
    """What trafilatura itself decides for (its body, the raw page): readability's result kept or not."""
    from lxml import html as lxml_html
    from trafilatura.settings import Extractor

    body = etree.fromstring(body_html)
    text = " ".join(etree.tostring(body, method="text", encoding="unicode").split())
    algo = trafilatura.external.try_readability(lxml_html.fromstring(raw_html))
    algo_text = " ".join(etree.tostring(algo, method="text", encoding="unicode").split())
    return trafilatura.external._prefer_readability(body, algo, algo_text, len(text), len(algo_text), Extractor())


def test_readability_is_skipped_only_where_trafilatura_could_not_keep_it():
    from lxml import html as lxml_html

    story = "<p>" + "A sentence of the story, long enough to count. " * 8 + "</p>"
    cases = [  # (trafilatura's body, the page): readability's text can reach twice the body's or not
        (f"<body>{story}</body>", f"<html><body><div>{story}</div><script>{'x' * 9000}</script></body></html>"),
        (f"<body>{story}</body>", f"<html><body><div>{story}</div><div>{story * 2}</div></body></html>"),
        ("<body><table><row><cell>1</cell></row></table><p>x</p><table/></body>",
         f"<html><body>{story}</body></html>"),
        (f"<body>{story}</body>", f"<html><body>{story}<iframe></iframe></body></html>"),
    ]
    decisions = []
    for body_html, raw_html in cases:
        raw = lxml_html.fromstring(raw_html)
        for frame in raw.iter("iframe"):  # a parsed iframe holds text; one built by a script may hold markup
            etree.SubElement(frame, "p").text = "y" * 40
        skip = cleaners_compat._readability_cannot_win(raw, etree.fromstring(body_html),
                                                       len(" ".join(etree.tostring(etree.fromstring(body_html),
                                                           method="text", encoding="unicode").split())))
        if skip:
            assert not _readability_wins(body_html, raw_html), "skipped a readability trafilatura would keep"
        decisions.append(skip)
    # scripts do not count; a page with three times the body's text, a table-heavy body, and markup an
    # HTML parser would read back as text all run readability
    assert decisions == [True, False, False, False]


def test_articles_are_the_same_with_and_without_the_readability_shortcut():
    import trafilatura.core

    from cleaners import extract_article

    patched = trafilatura.core.compare_extraction
    assert getattr(patched, "skips_readability", False), "cleaners.body no longer installs the shortcut"
    original = patched.__wrapped__
    pages = sorted((ROOT / "tests/fixtures/corpus/trafilatura-eval/html").glob("*.html.gz"))[::23]
    skipped = []
    spy = cleaners_compat._readability_cannot_win

    def counting(*args):
        result = spy(*args)
        skipped.append(result)
        return result

    try:
        cleaners_compat._readability_cannot_win = counting
        for path in pages:
            raw = gzip.decompress(path.read_bytes())
            trafilatura.core.compare_extraction = patched
            fast = extract_article(raw, "https://example.org/a/story")
            trafilatura.core.compare_extraction = original
            full = extract_article(raw, "https://example.org/a/story")
            assert (fast.body, fast.body_markdown, fast.extraction_path) == \
                (full.body, full.body_markdown, full.extraction_path), path.name
    finally:
        trafilatura.core.compare_extraction = patched
        cleaners_compat._readability_cannot_win = spy
    assert len(pages) >= 40 and sum(skipped) >= 10  # the shortcut was taken, and changed nothing



def test_the_readability_shortcut_never_skips_a_readability_trafilatura_keeps():
    """Any page, and an extraction of some of its paragraphs: where the shortcut skips readability,
    trafilatura's own rule, given readability's real result on that page, rejects it."""
    from hypothesis import given, settings, strategies as st
    from lxml import html as lxml_html

    sentence = st.lists(st.sampled_from(["The council", "voted", "on the harbour", "budget,", "and", "über",
                                         "Straße", "&amp;", "said", "residents."]), min_size=4, max_size=30).map(" ".join)
    noise = st.one_of(
        sentence.map(lambda w: f"<script>var s = '{w}';</script>"),
        sentence.map(lambda w: f"<style>.a{{content:'{w}'}}</style>"),
        sentence.map(lambda w: f"<table><tr><td>{w}</td><td>{w}</td></tr></table>"),
        sentence.map(lambda w: f'<iframe src="https://www.youtube.com/embed/x">{w}</iframe>'),
        sentence.map(lambda w: f'<ul><li><a href="/a">{w}</a></li></ul>'),
        sentence.map(lambda w: f"<div>{w}</div>"),
    )

    @settings(max_examples=300, deadline=None)
    @given(st.lists(sentence, min_size=1, max_size=10), st.integers(min_value=1, max_value=10),
           st.lists(noise, max_size=6), st.randoms(use_true_random=False))
    def check(paragraphs, kept, extra, rnd):
        blocks = [f"<p>{p}</p>" for p in paragraphs] + extra
        rnd.shuffle(blocks)
        raw_html = "<html><body><div>" + "".join(blocks) + "</div></body></html>"
        body_html = "<body>" + "".join(f"<p>{p}</p>" for p in paragraphs[:kept]) + "</body>"
        body = etree.fromstring(body_html.replace("&amp;", "&#38;"))
        own = len(" ".join(etree.tostring(body, method="text", encoding="unicode").split()))
        if cleaners_compat._readability_cannot_win(lxml_html.fromstring(raw_html), body, own):
            assert not _readability_wins(body_html.replace("&amp;", "&#38;"), raw_html)

    check()


def test_cookie_domains_are_judged_without_fetching_the_public_suffix_list(monkeypatch):
    """Scrapy's cookie middleware (its module global _split_domain) used tldextract's default, which fetched
    the Public Suffix List from publicsuffix.org at a crawl's first Set-Cookie (found by fuzzing)."""
    import socket

    import scrapy.downloadermiddlewares.cookies as cookies

    def no_network(*args, **kwargs):
        raise AssertionError("a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    compat.offline_public_suffixes()
    assert getattr(cookies._split_domain, "offline", False)
    assert cookies._is_public_domain("co.uk") and cookies._is_public_domain("github.io")
    assert not cookies._is_public_domain("news.example.co.uk")


def test_twisted_reads_header_lines_up_to_64_kib():
    from twisted.web._newclient import HTTPClientParser, HTTPParser

    compat.longer_header_lines()
    assert HTTPParser.MAX_LENGTH == compat.HEADER_LINE_BYTES
    assert HTTPClientParser.MAX_LENGTH == compat.HEADER_LINE_BYTES, "Twisted's client parser sets its own limit now"


def test_the_cookies_a_request_sent_are_found_in_its_jar():
    """compat.sent_cookies reads the standard library CookieJar's `_cookies` (domain -> path -> name -> Cookie)
    for the hosts Scrapy's add_cookie_header looks up."""
    from http.cookiejar import CookieJar

    from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
    from scrapy.http import Response

    assert isinstance(getattr(CookieJar(), "_cookies", None), dict), "http.cookiejar.CookieJar._cookies moved"
    mw = CookiesMiddleware.from_crawler(get_crawler())
    for url, cookie in [("http://www.news.example/a/", "site=1; Domain=news.example; Path=/"),
                        ("http://www.news.example/a/", "here=2; Path=/a/"),
                        ("http://www.news.example/b/", "there=3; Path=/b/"),
                        ("http://127.0.0.1/", "local=4; Path=/")]:
        request = Request(url)
        mw.process_response(request, Response(url, headers={"Set-Cookie": cookie}))
    for url, sent in [("http://www.news.example/a/x", {"site", "here"}), ("http://127.0.0.1/y", {"local"}),
                      ("http://elsewhere.example/", set())]:
        request = Request(url)
        mw.process_request(request)
        assert {c.name for c in compat.sent_cookies(mw, request)} == sent, url


def test_datasette_still_reads_rich_from_its_exception_hooks_module():
    """pipelines.compat.quiet_datasette_exceptions sets datasette.handle_exception.rich, a module global that
    Datasette's own handle_exception hook reads on each exception (checked with DATASETTE_CHECKED)."""
    hook = pytest.importorskip("datasette.handle_exception")
    from pipelines import compat as pipelines_compat

    pin = _pin_extra("datasette", "datasette")
    assert version("datasette") in pin and pipelines_compat.DATASETTE_CHECKED in pin, (version("datasette"), pin)
    assert "rich" in vars(hook), "datasette.handle_exception.rich moved: quiet_datasette_exceptions does nothing"
    inner = [c for c in hook.handle_exception.__code__.co_consts if inspect.iscode(c)]
    assert any("rich" in c.co_names for c in [hook.handle_exception.__code__, *inner]), \
        "Datasette's handle_exception no longer reads the module's rich: quiet_datasette_exceptions does nothing"
    pipelines_compat.quiet_datasette_exceptions()
    assert hook.rich is None
    pipelines_compat.quiet_datasette_exceptions()  # idempotent


def _pin_extra(extra: str, name: str) -> SpecifierSet:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"][extra]
    for dep in deps:
        match = re.match(r"([A-Za-z0-9_.-]+)\s*(.*)", dep)
        if match and match[1].lower() == name.lower():
            return SpecifierSet(match[2])
    raise AssertionError(f"{name} is not declared in pyproject.toml's {extra} extra")


def test_the_escalation_trace_gives_back_what_trafilaturas_retry_replaced():
    from cleaners.compat import escalation_trace, replaced_by_escalation

    story = "".join(f"<p>{t}</p>" for t in (
        "The harbour authority said on Friday that the new container terminal would open two months late because "
        "cranes ordered from abroad had been held up by a strike at the supplier's factory.",
        "Shipping companies had already moved some of their autumn schedules to the new quay and will now have to "
        "change them again, a spokesperson for the largest operator said in a written statement.",
        "The delay is expected to cost the port about four million euros in lost fees, money the authority had "
        "planned to spend on dredging the approach channel next year."))
    lines = "".join(f"<p>Entry {k} of the weekly archive, filed under the regional roundup.</p>" for k in range(300))
    html = f"<html><body><article><h1>Harbour</h1>{story}</article><div class='menu'>{lines}</div></body></html>"
    with escalation_trace() as trace:
        doc = trafilatura.bare_extraction(html, include_comments=False, with_metadata=False)
    assert "weekly archive" in doc.text  # the retry's longer result, as trafilatura returns it
    main = replaced_by_escalation(trace, doc.body)
    assert main is not None and "container terminal" in "".join(main.itertext())
    assert "weekly" not in "".join(main.itertext())
    with escalation_trace() as trace:  # a page that needs no retry: nothing replaced
        doc = trafilatura.bare_extraction(f"<html><body><article>{story * 6}</article></body></html>",
                                          include_comments=False, with_metadata=False)
    assert replaced_by_escalation(trace, doc.body) is None
