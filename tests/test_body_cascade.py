"""trafilatura runs in full mode (cleaners/body.py): its readability/jusText comparison runs on every
page, and on the pages that need it, fast mode alone would store a worse body."""

import pytest
import trafilatura.external

import cleaners.body as body
from cleaners import extract_article
from evals.corpus import load_pages

# trafilatura's own extractor finds (almost) nothing here: full mode's readability/justext
# comparison gives a better body than fast mode's rescue does.
NEEDS_COMPARISON = ("de-ZDF_2024_04_22",)


@pytest.fixture(scope="module")
def pages():
    return {p.id: p for p in load_pages(only_set="realworld")}


def test_the_comparison_runs_on_every_page(pages, monkeypatch):
    compared = []
    original = trafilatura.external.compare_extraction

    def spy(*args, **kwargs):
        compared.append(current[0])
        return original(*args, **kwargs)

    monkeypatch.setattr("trafilatura.core.compare_extraction", spy)
    current = [None]
    sample = sorted(pages)[::10]
    for pid in sample:
        current[0] = pid
        extract_article(pages[pid].html, pages[pid].url)
    assert set(sample) <= set(compared)


@pytest.mark.parametrize("pid", NEEDS_COMPARISON)
def test_fast_mode_alone_would_store_a_worse_body(pages, monkeypatch, pid):
    page = pages[pid]
    full = extract_article(page.html, page.url).body
    monkeypatch.setattr(body, "_extract", _always_fast(body._extract))
    fast_only = extract_article(page.html, page.url).body
    assert full != fast_only and len(full) > len(fast_only)


def _always_fast(extract):
    def fast(tree, url, favor_recall, fast=False):
        return extract(tree, url, favor_recall, fast=True)
    return fast
