"""trafilatura runs in fast mode unless its result looks short (cleaners/body.py).

The fast path is only worth having if it changes nothing: these tests hold it to full mode's
output on every corpus page, and show that the pages which need the comparison get it.
"""

from dataclasses import asdict

import pytest
import trafilatura.external

import cleaners.body as body
from cleaners import extract_article
from evals.corpus import load_pages

# trafilatura's own extractor finds (almost) nothing on these: a rescue stage runs, and full mode's
# readability/justext comparison gives a better body than fast mode's rescue does.
NEEDS_COMPARISON = ("de-ZDF_2024_04_22", "ind-TimesOfIndia_2024_09_02", "ind-TimesOfIndia_2026_04_16")


@pytest.fixture(scope="module")
def pages():
    return {p.id: p for p in load_pages()}


def _extract_all(pages, monkeypatch, rescues):
    monkeypatch.setattr(body, "_RESCUES", rescues)
    return {pid: asdict(extract_article(p.html, p.url)) for pid, p in pages.items()}


def test_the_rescue_stages_are_found_in_the_installed_trafilatura():
    # Without them every page silently runs in full mode: correct, but a fifth slower.
    assert body._RESCUES is not None


def test_every_corpus_page_gets_what_full_mode_gives(pages, monkeypatch):
    gated = _extract_all(pages, monkeypatch, body._RESCUES)
    full = _extract_all(pages, monkeypatch, None)
    assert len(pages) >= 60
    assert [pid for pid in pages if gated[pid] != full[pid]] == []


def test_most_pages_skip_the_comparison_and_those_that_need_it_get_it(pages, monkeypatch):
    compared = []
    original = trafilatura.external.compare_extraction

    def spy(*args, **kwargs):
        compared.append(current[0])
        return original(*args, **kwargs)

    monkeypatch.setattr("trafilatura.core.compare_extraction", spy)
    current = [None]
    for pid, page in pages.items():
        current[0] = pid
        extract_article(page.html, page.url)
    assert set(NEEDS_COMPARISON) <= set(compared)
    # Any page beyond those runs trafilatura twice for nothing: past a few, the fast path would not pay.
    assert len(set(compared)) <= 0.12 * len(pages)


@pytest.mark.parametrize("pid", NEEDS_COMPARISON)
def test_fast_mode_alone_would_store_a_worse_body(pages, monkeypatch, pid):
    page = pages[pid]
    gated = extract_article(page.html, page.url).body
    monkeypatch.setattr(body, "_extract", _always_fast(body._extract))
    fast_only = extract_article(page.html, page.url).body
    assert gated != fast_only


def _always_fast(extract):
    def fast(tree, url, favor_recall, fast):
        return extract(tree, url, favor_recall, fast=True)
    return fast
