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
