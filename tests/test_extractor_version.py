"""EXTRACTOR_VERSION is an explicit number, bumped when the extraction output changes (and only then)."""

from __future__ import annotations

from evals import digest
from cleaners.version import EXTRACTOR_VERSION


def test_extraction_output_over_the_corpus_matches_the_stored_digest():
    before = digest.stored()
    assert before.get("extractor_version") == EXTRACTOR_VERSION, (
        f"EXTRACTOR_VERSION is {EXTRACTOR_VERSION} but the stored digest is of version "
        f"{before.get('extractor_version')}: update the digest ({digest.COMMAND})")
    changed = digest.changed_pages(digest.current(), before["pages"])
    assert not changed, (
        f"extraction output changed on {len(changed)} pages ({', '.join(changed[:5])}"
        f"{', ...' if len(changed) > 5 else ''}): bump EXTRACTOR_VERSION and update the digest ({digest.COMMAND})")


def test_the_stored_version_is_the_constant_not_a_hash_of_the_source():
    from pipelines.store import EXTRACTOR_VERSION as stored_with_articles

    assert stored_with_articles == EXTRACTOR_VERSION and EXTRACTOR_VERSION.isdigit()


def test_bump_increments_the_version_in_its_file(tmp_path, monkeypatch):
    version_file = tmp_path / "version.py"
    version_file.write_text('"""doc"""\n\nEXTRACTOR_VERSION = "41"\n')
    monkeypatch.setattr(digest, "VERSION_FILE", version_file)
    assert digest.bump_version() == "42"
    assert version_file.read_text() == '"""doc"""\n\nEXTRACTOR_VERSION = "42"\n'


def test_a_page_s_output_leaves_out_removal_counts_and_empty_fields():
    html = "<html><head><title>A headline here</title></head><body><article><h1>A headline here</h1>" + \
        "<p>" + "Words of a real paragraph about the council budget. " * 8 + "</p></article></body></html>"
    out = digest.page_output(html, "https://example.test/news/1")
    assert '"removed"' not in out and '"faqs"' not in out and '"body": "Words of a real' in out
