"""Per-site rules reach the crawl, `extract` and error handling as a user meets them."""

from __future__ import annotations

import json

from sqlite_utils import Database

from conftest import CORPUS, crawl, run_newsmill

RULES = '[sites.demo]\ndomains = ["127.0.0.1"]\nclean_drop = ["div.callout"]\n'
CALLOUT = "Did you know?"


def test_crawl_applies_drop_rules(demo_site, tmp_path):
    rules = tmp_path / "sites.toml"
    rules.write_text(RULES)
    db = tmp_path / "news.db"
    crawl(demo_site.url("/"), db, "-s", f"CLEAN_SITE_RULES={rules}")
    body = next(Database(db).query("SELECT body FROM articles WHERE url LIKE '%venezuela-us-military-action/'"))["body"]
    assert CALLOUT not in body and "Fentanyl Connection" in body


def test_extract_applies_rules(tmp_path):
    rules = tmp_path / "sites.toml"
    rules.write_text(RULES.replace("127.0.0.1", "news.example"))
    seed = CORPUS / "seed" / "wordpress.html"
    plain = json.loads(run_newsmill("extract", str(seed), "--url", "https://news.example/a/").stdout)
    ruled = json.loads(run_newsmill("extract", str(seed), "--url", "https://news.example/a/", "--rules", str(rules)).stdout)
    assert CALLOUT in plain["body"] and CALLOUT not in ruled["body"]


def test_bad_rules_file_stops_the_crawl_with_a_clear_error(tmp_path):
    rules = tmp_path / "sites.toml"
    rules.write_text('[sites.x]\ndomains = ["x.example"]\nclean_drop = ["div[["]\n')
    result = run_newsmill("crawl", "http://127.0.0.1:9/", "--db", str(tmp_path / "n.db"), "-s", f"CLEAN_SITE_RULES={rules}")
    assert result.returncode == 1
    assert "is not a CSS selector" in result.stderr and "Traceback" not in result.stderr
