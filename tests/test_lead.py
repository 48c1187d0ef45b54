"""The standfirst trafilatura drops comes back, but only when the page shows it."""

from cleaners import extract_article

PARAS = [
    "The city council approved the new transit plan on Monday after months of debate over routes, fares and "
    "the cost of electric buses that residents in the outer districts had demanded for years.",
    "Supporters said the plan would cut commuting times by a third, while opponents warned that the budget "
    "assumed federal grants that had not yet been promised and might never arrive in full.",
    "The mayor said construction of the first two lines would begin next spring and that fares would stay "
    "frozen until at least the end of the following year, whatever the outcome of the grant talks.",
]
LEAD = "Council backs a transit overhaul that promises faster commutes but leans on grants nobody has promised yet."


def _page(show_lead: bool) -> str:
    standfirst = f'<p class="standfirst">{LEAD}</p>' if show_lead else ""
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    return (f'<html lang="en"><head><meta name="description" content="{LEAD}"></head><body>'
            f'<header><h1>Transit plan approved</h1>{standfirst}</header>'
            f'<div class="grid"><div class="ad">Advertisement</div></div>'
            f'<article><div class="article-body">{body}</div></article></body></html>')


def test_visible_standfirst_leads_the_body():
    article = extract_article(_page(show_lead=True), "https://city.example/news/transit-plan")
    assert article.body.startswith(LEAD)
    assert article.body.count(LEAD) == 1


def test_description_not_on_the_page_is_not_added():
    article = extract_article(_page(show_lead=False), "https://city.example/news/transit-plan")
    assert LEAD not in article.body
    assert PARAS[0] in article.body


# ---------------------------------------------------------------- standfirst named by its class
_STORY = "".join(f"<p>Paragraph {i}: the council met on Tuesday and voted on the new district map after a long "
                 "debate about population figures and neighbourhood boundaries.</p>" for i in range(4))
_DEK = "Commissioners voted four to three for a plan that evens out district populations."


def test_standfirst_between_headline_and_story_opens_the_body():
    html = (f"<html><body><article><h1>County approves district map</h1><p class='article__dek'>{_DEK}</p>"
            f"<div class='body'>{_STORY}</div></article></body></html>")
    body = extract_article(html, "https://news.example/a/").body
    assert body.startswith(_DEK)


def test_excerpt_outside_the_headline_and_story_is_no_standfirst():
    signup = "<div class='box'><p class='lead'>Sign in now to write articles yourself and to comment on all of them.</p></div>"
    teaser = f"<aside><div class='excerpt'>{_DEK}</div></aside>"
    html = (f"<html><body>{signup}<article><h1>County approves district map</h1><div class='body'>{_STORY}</div>"
            f"</article>{teaser}</body></html>")
    body = extract_article(html, "https://news.example/a/").body
    assert "Sign in now" not in body and _DEK not in body


def test_subtitle_under_the_headline_in_its_group_opens_the_body():
    html = (f"<html><body><article><header><hgroup><h1>County approves district map</h1><h2>{_DEK}</h2></hgroup>"
            f"</header><div class='body'>{_STORY}</div></article></body></html>")
    assert extract_article(html, "https://news.example/a/").body.startswith(_DEK)


def test_paragraph_right_under_the_article_headline_opens_the_body():
    """Whatever its class ("article-teaser"), a short linkless paragraph right under the <h1> that shows
    the article's own title is its standfirst; under a site name's <h1> it is not read as one."""
    def page(h1: str) -> str:
        return (f"<html><head><title>County approves district map</title></head><body><div class='c'><h1>{h1}</h1>"
                f"<p class='article-teaser'>{_DEK}</p><div class='menu'><ul><li><a href='#a'>Inhalt</a></li></ul>"
                f"</div><div class='article-body'>{_STORY}</div></div></body></html>")

    assert extract_article(page("County approves district map"), "https://news.example/a/").body.startswith(_DEK)
    assert not extract_article(page("News Example"), "https://news.example/a/").body.startswith(_DEK)


# ---------------------------------------------------------------- the headline kept as the first line
def test_headline_in_curly_quotes_leaves_the_body_when_the_title_has_straight_ones():
    """The metadata title says Mayor's, the headline on the page Mayor’s: the same line, not prose."""
    page = ('<html lang="en"><head><meta property="og:title" content="Mayor&#39;s plan for the bridge wins a '
            'council vote"><script type="application/ld+json">{"@context": "https://schema.org", "@type": '
            '"NewsArticle", "headline": "Mayor\'s plan for the bridge wins a council vote"}</script></head><body><main><div class="story"><div class="headline"><h1>Mayor’s plan for the '
            'bridge wins a council vote</h1></div><div class="body">' + "".join(f"<p>{p}</p>" for p in PARAS)
            + "</div></div></main></body></html>")
    article = extract_article(page, "https://city.example/news/bridge-vote")
    assert article.title == "Mayor's plan for the bridge wins a council vote"
    assert article.body.startswith(PARAS[0][:40]), article.body[:80]


# ---------------------------------------------------------------- a lead set as several paragraphs
def test_a_lead_shown_as_three_paragraphs_comes_back_whole():
    parts = ["Council backs a transit overhaul after a long night of debate.",
             "The plan promises faster commutes for the outer districts.",
             "It leans on grants nobody has promised yet, critics say."]
    leads = "".join(f'<p class="intro-lead">{p}</p>' for p in parts)
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    page = (f'<html lang="en"><head><meta name="description" content="{" ".join(parts)}"></head><body>'
            f'<article><header><h1>Transit plan approved</h1>{leads}</header>'
            f'<div class="article-body">{body}</div></article></body></html>')
    article = extract_article(page, "https://city.example/news/transit-plan")
    assert article.body.startswith(" ".join(parts)), article.body[:200]
    assert article.body.count(parts[0]) == 1


def test_the_part_of_a_lead_opening_the_body_gives_way_to_the_whole_lead():
    from cleaners.lead import with_lead

    lead = ("Council backs a transit overhaul after a long night of debate. The plan promises faster commutes "
            "for the outer districts, but it leans on grants nobody has promised yet, critics say.")
    out = with_lead(["Council backs a transit overhaul after a long night of debate.", PARAS[0]], lead)
    assert out == [lead, PARAS[0]]


# ---------------------------------------------------------------- the subtitle <h2> under the headline
def _titled(h1: str, h2: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    return (f'<html lang="en"><head><title>{h1}</title></head><body><div class="head"><h1>{h1}</h1><h2>{h2}</h2>'
            f'</div><div class="text">{body}</div></body></html>')


def test_the_h2_under_the_headline_is_the_lead():
    sub = "Supporters expect faster commutes, critics warn the budget leans on grants nobody has promised"
    article = extract_article(_titled("Council approves the transit plan after months of debate", sub),
                              "https://city.example/news/transit-plan")
    assert article.body.startswith(sub), article.body[:120]


def test_a_site_name_and_its_tagline_are_no_headline_and_lead():
    tagline = "The blog of the small and big failures of everyday computing"
    page = _titled("Failures Blog", tagline).replace("<title>Failures Blog</title>",
                                                      "<title>Streaming podcasts with a small script</title>")
    article = extract_article(page, "https://blog.example/podcasts")
    assert tagline not in article.body


# ---------------------------------------------------------------- the byline's bare name as a first line
def test_the_authors_bare_name_opening_the_body_leaves_it():
    ld = ('{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Transit plan approved", '
          '"author": {"@type": "Person", "name": "Jane Q. Doe"}}')
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    page = (f'<html lang="en"><head><script type="application/ld+json">{ld}</script></head><body><article>'
            f'<h1>Transit plan approved</h1><div class="text"><p>Jane Q. Doe</p>{body}</div></article></body></html>')
    article = extract_article(page, "https://city.example/news/transit-plan")
    assert [a.name for a in article.authors] == ["Jane Q. Doe"]
    assert article.body.startswith(PARAS[0][:40]), article.body[:80]


def test_a_description_that_is_a_promo_line_is_no_standfirst():
    # a site whose description is its sign-up pitch, shown in a call-to-action box under the headline
    pitch = "Melde dich jetzt an, um selbst Artikel zu verfassen, zu kommentieren und mitzubestimmen."
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    html = (f'<html lang="de"><head><meta name="description" content="{pitch}"></head><body>'
            f'<header><h1>Transit plan approved</h1><p class="standfirst">{pitch}</p></header>'
            f'<article><div class="article-body">{body}</div></article></body></html>')
    article = extract_article(html, "https://city.example/news/transit-plan")
    assert "Melde dich" not in article.body
    assert article.body.startswith(PARAS[0])


def test_the_lead_keeps_the_dateline_its_paragraph_opens_with():
    shown = f'<p class="intro">Berlin. <span class="intro-text">{LEAD}</span></p>'
    page = _page(show_lead=False).replace("</h1>", f"</h1>{shown}")
    article = extract_article(page, "https://city.example/news/transit-plan")
    assert article.body.startswith(f"Berlin. {LEAD}")
    phrase = page.replace("Berlin. ", "Read this first because the council voted. ")  # a sentence, no dateline
    assert extract_article(phrase, "https://city.example/news/transit-plan").body.startswith(LEAD)


def test_a_lead_in_an_element_left_open_is_its_own_text():
    # no </h2>: the parser puts the whole story inside the standfirst's element
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    page = (f'<html lang="en"><head><meta name="description" content="{LEAD}"></head><body><main>'
            f'<h1>Transit plan approved</h1><h2 class="excerpt">{LEAD}<div class="ad">Advertisement</div>'
            f'<div class="article-body">{body}</div></main></body></html>')
    article = extract_article(page, "https://city.example/news/transit-plan")
    assert article.body.startswith(LEAD) and article.body.count(LEAD) == 1
    assert PARAS[2] in article.body
