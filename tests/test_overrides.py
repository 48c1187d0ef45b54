"""Per-site overrides: drop and keep selectors and rule functions, loaded from the sites file (crawler/sites.py)."""

from __future__ import annotations

import pytest

from cleaners import ExtractionError, explain_article, extract_article
from cleaners.overrides import SiteRules, rules_for
from crawler.nightly import crawl_command
from crawler.sites import SitesError, load_site_rules, load_sites

PARAS = [
    "The regional parliament passed the housing law late on Thursday after a debate that lasted eleven hours "
    "and saw three amendments from the opposition rejected by a narrow margin.",
    "Tenant groups welcomed the cap on rent increases but said the law did too little for people already "
    "paying more than half of their income on housing in the largest cities.",
    "Landlord associations said they would challenge the law in the constitutional court, arguing that it "
    "restricted property rights without offering any compensation in return.",
]
BOX = '<div class="tzi-box"><p>Die Genossenschaft hinter dieser Zeitung zählt 23.000 Mitglieder, die ihren freiwilligen Beitrag leisten.</p></div>'
FACTS = '<div class="related-facts"><p>Fact: 1.2 million households rent in the region, 40 percent of them alone.</p></div>'
URL = "https://www.taz.example/politik/housing-law/"


def _page() -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAS[:2]) + BOX + FACTS + f"<p>{PARAS[2]}</p>"
    return f"<html><body><article><h1>Housing law passes</h1><div class='body'>{body}</div></article></body></html>"


def test_drop_selector_removes_what_generic_cleaners_miss():
    assert "freiwilligen Beitrag" in extract_article(_page(), URL).body
    article, removals = explain_article(_page(), URL, rules=SiteRules.from_css(drop=["div.tzi-box"]))
    assert "freiwilligen Beitrag" not in article.body
    assert any(r.cleaner == "site" for r in removals)


def test_keep_selector_protects_from_generic_cleaners():
    assert "1.2 million households" not in extract_article(_page(), URL).body  # `related` takes it
    article = extract_article(_page(), URL, rules=SiteRules.from_css(keep=[".related-facts"]))
    body = article.body
    assert body.index(PARAS[1][:40]) < body.index("1.2 million households") < body.index(PARAS[2][:40])


def test_rules_file_maps_domains(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text('[sites.taz]\ndomains = ["taz.example"]\nclean_drop = ["div.tzi-box"]\n')
    table = load_site_rules(path)
    assert rules_for("https://www.taz.example/a", table) == rules_for("https://blog.taz.example/b", table)
    assert rules_for("https://other.example/", table) is None


@pytest.mark.parametrize("text,reason", [
    ('[sites.x]\ndomains = ["x.example"]\nclean_drop = ["div[["]\n', "is not a CSS selector"),
    ('[sites.x]\nclean_drop = ["div.a"]\n', "sites.x.domains: give the domains"),
    ("[sites.x\n", "sites.toml"),
    ('[sites.x]\ndomains = ["x.example"]\nclean_function = "rules.py:nothing"\n', "no file"),
    ('[sites.x]\ndomains = ["x.example"]\nclean_function = "no_colon"\n', "module:function"),
    ('[sites.x]\ndomains = ["x.example"]\nclean_drop = "div.a"\n', "must be a list"),
])
def test_bad_rules_file_is_a_clear_error(tmp_path, text, reason):
    path = tmp_path / "sites.toml"
    path.write_text(text)
    with pytest.raises(SitesError, match=reason.replace("[", r"\[")):
        load_site_rules(path)


def test_one_loader_for_sites_check_nightly_and_rules(tmp_path):
    """A site with seeds and clean_drop but no domains: `sites check` (load_sites) accepts it, and the
    crawl nightly starts reads the rules from the same file with the same loader (load_site_rules)."""
    path = tmp_path / "sites.toml"
    path.write_text('[sites.taz]\nstart_urls = ["https://www.taz.example/"]\nclean_drop = ["div.tzi-box"]\n'
                    '[sites.plain]\nstart_urls = ["https://plain.example/"]\n')
    taz, plain = load_sites(path)
    assert f"CLEAN_SITE_RULES={path.resolve()}" in crawl_command(taz, "n.db", tmp_path / "log", ())
    assert not any(a.startswith("CLEAN_SITE_RULES=") for a in crawl_command(plain, "n.db", tmp_path / "log", ()))
    assert rules_for(URL, load_site_rules(path)) == SiteRules.from_css(drop=["div.tzi-box"])


RULES_PY = """
def drop_box(tree):
    return tree.xpath('//div[@class="tzi-box"]')


def drop_box_soup(soup):
    return soup.select("div.tzi-box")


def not_a_tag(soup):
    return ["div.tzi-box"]
"""


@pytest.mark.parametrize("key,function", [("clean_function", "drop_box"), ("clean_soup_function", "drop_box_soup")])
def test_a_rule_function_drops_what_it_returns(tmp_path, key, function):
    (tmp_path / "siterules.py").write_text(RULES_PY)
    path = tmp_path / "sites.toml"
    path.write_text(f'[sites.taz]\ndomains = ["taz.example"]\n{key} = "siterules.py:{function}"\n')
    rules = rules_for(URL, load_site_rules(path))
    article, removals = explain_article(_page(), URL, rules=rules)
    assert "freiwilligen Beitrag" not in article.body
    assert [r.target for r in removals if r.cleaner == "site"] == ["div.tzi-box"]
    assert all(p[:40] in article.body for p in PARAS)


def test_a_soup_rule_that_returns_no_tag_is_a_clear_error(tmp_path):
    (tmp_path / "siterules.py").write_text(RULES_PY)
    rules = SiteRules(soup_function=f"{tmp_path / 'siterules.py'}:not_a_tag")
    with pytest.raises(ExtractionError, match="returned str, not a tag of the page"):
        extract_article(_page(), URL, rules=rules)


def test_beautifulsoup_loads_only_for_a_soup_rule():
    import subprocess
    import sys

    code = ("import sys; from cleaners import extract_article; from cleaners.overrides import SiteRules; "
            "extract_article('<html><body><p>' + 'Words here. ' * 40 + '</p></body></html>', 'https://a.example/x', "
            "rules=SiteRules.from_css(drop=['div.x'])); print('bs4' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


ODD_RULES_PY = '''
def exits(tree):
    raise SystemExit(3)


def texts(tree):
    return tree.xpath("//p/text()")


def comments(tree):
    from lxml import etree
    return [etree.Comment("x")]
'''


@pytest.mark.parametrize("function, reason", [
    ("exits", "failed: SystemExit"),  # in a crawl's worker it hung the whole crawl
    ("texts", "returned _ElementUnicodeResult, not an element"),  # raised AttributeError out of extraction
    ("comments", "returned _Comment, not an element"),
])
def test_a_rule_function_that_misbehaves_is_an_extraction_error(tmp_path, function, reason):
    (tmp_path / "oddrules.py").write_text(ODD_RULES_PY)
    rules = SiteRules(function=f"{tmp_path / 'oddrules.py'}:{function}")
    with pytest.raises(ExtractionError, match=reason):
        extract_article(_page(), URL, rules=rules)


@pytest.mark.parametrize("selector", [", ".join(f"div.x{i}" for i in range(5000)), " ".join(["div"] * 500)])
def test_a_selector_too_complex_to_run_is_named_by_sites_check(tmp_path, selector):
    """Valid CSS that lxml (5,000 alternatives) or cssselect (500 nested descendants) cannot run: it passed
    sites check and failed every page, or stopped the check with a bare RecursionError (found by fuzzing)."""
    path = tmp_path / "sites.toml"
    path.write_text(f'[sites.taz]\ndomains = ["taz.example"]\nclean_drop = ["{selector}"]\n')
    with pytest.raises(SitesError, match="is not a CSS selector to use: too complex"):
        load_sites(path, require_seeds=False)


def test_a_rules_module_that_exits_as_it_loads_is_a_clear_error(tmp_path):
    """sys.exit() at import ended `sites check` and `extract` with its status and no message (fuzzing)."""
    (tmp_path / "exiting.py").write_text("raise SystemExit(4)\n")
    with pytest.raises(ExtractionError, match="cannot load .*SystemExit"):
        extract_article(_page(), URL, rules=SiteRules(function=f"{tmp_path / 'exiting.py'}:f"))
