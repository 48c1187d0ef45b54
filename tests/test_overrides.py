"""Per-site overrides: drop and keep selectors, loaded from a TOML file."""

from __future__ import annotations

import pytest

from cleaners import ExtractionError, explain_article, extract_article
from cleaners.overrides import SiteRules, load_site_rules, rules_for

PARAS = [
    "The regional parliament passed the housing law late on Thursday after a debate that lasted eleven hours "
    "and saw three amendments from the opposition rejected by a narrow margin.",
    "Tenant groups welcomed the cap on rent increases but said the law did too little for people already "
    "paying more than half of their income on housing in the largest cities.",
    "Landlord associations said they would challenge the law in the constitutional court, arguing that it "
    "restricted property rights without offering any compensation in return.",
]
BOX = '<div class="tzi-box"><p>Unterstützen Sie unabhängigen Journalismus mit einem freiwilligen Beitrag.</p></div>'
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
    ('[sites.x]\ndomains = ["x.example"]\nclean_drop = ["div[["]\n', "bad CSS selector"),
    ('[sites.x]\nclean_drop = ["div.a"]\n', "no domains"),
    ("[sites.x\n", "sites.toml"),
])
def test_bad_rules_file_is_a_clear_error(tmp_path, text, reason):
    path = tmp_path / "sites.toml"
    path.write_text(text)
    with pytest.raises(ExtractionError, match=reason.replace("[", r"\[")):
        load_site_rules(path)
