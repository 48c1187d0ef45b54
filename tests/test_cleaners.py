"""Every boilerplate cleaner: it removes its family's markup and keeps article text that merely
mentions the family's words. Driven through extract_article / explain_article and directly
through CleanContext."""

import sys
from collections import Counter

import pytest
from hypothesis import given, settings, strategies as st

from cleaners import explain_article, extract_article
from cleaners.context import CleanContext
from cleaners.parse import parse_html, text_of
from cleaners import adblock
from cleaners.registry import ALL, TEXT_CLEANERS, TREE_CLEANERS

URL = "https://news.example.com/world/2025/10/14/minister-budget-vote/"

PARAS = [
    "The finance minister survived a tense parliamentary vote on Tuesday evening after a marathon debate that "
    "stretched late into the night, with opposition parties accusing the government of hiding the true cost of "
    "its spending plans and of relying on optimistic growth forecasts that independent economists have questioned.",
    "Officials said the budget would raise spending on hospitals and schools while trimming subsidies for fuel, "
    "a change that the treasury argues will save billions over the next five years. Critics said the savings "
    "would fall hardest on rural households that depend on cars to reach work, shops and medical appointments.",
    "Analysts at several banks said the outcome removed a source of uncertainty for markets, although they "
    "warned that the coalition remains fragile and that a second vote on the tax measures, scheduled for next "
    "month, could still expose the divisions between the governing parties on pensions and regional transfers.",
    "In the capital, small business owners gave the plan a cautious welcome. Several said they hoped the promised "
    "cut in payroll charges would arrive quickly, because rising energy prices and higher borrowing costs had "
    "already forced many of them to postpone hiring and delay investments they had planned before the winter.",
    "The government now has until the end of the year to pass the detailed legislation. The minister told "
    "reporters that she was confident of winning the remaining votes and that talks with the smaller parties "
    "would continue this week, adding that the country could not afford another year without an approved budget.",
]


def page(inside: str = "", after: str = "", before: str = "", paras=PARAS, head: str = "") -> str:
    """A realistic article page; `inside` goes into the article body after the paragraphs."""
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Minister survives budget vote - Daily Planet</title>{head}</head>
<body>
<header class="site-header"><a href="/">Daily Planet</a></header>
<main>
{before}
<article class="post">
<h1>Minister survives budget vote</h1>
<div class="entry-content">
{body}
{inside}
</div>
</article>
{after}
</main>
</body></html>"""


# ---------------------------------------------------------------- removes: one family per case
# (cleaner, where the block goes, markup, a phrase from the block that must leave the body)
REMOVES = [
    # the markup the widespread plugins and services write, by their own names
    ("comments", "after", '<div id="wpdcom" class="wpdiscuz_unauth"><div id="wpd-threads" class="wpd-thread-wrapper">'
     "<div class='wpd-comment-text'><p>Great article, I fully agree with the author on the fuel tax.</p></div></div>"
     "</div>", "fully agree with the author"),
    ("comments", "after", '<ol class="commentlist"><li><div><p>Thanks for writing this, the part on rural buses '
     "was new to me.</p></div></li></ol>", "part on rural buses"),
    ("share", "inside", '<div class="swp_social_panel swp_horizontal_panel"><div class="nc_tweetContainer">'
     "<span class='swp_share'>Tweet this article to your followers</span></div></div>", "Tweet this article"),
    ("authorbio", "after", '<div class="saboxplugin-wrap"><div class="saboxplugin-desc"><p>Jane writes about '
     "transport and the regions and has covered three budget rounds.</p></div></div>", "covered three budget rounds"),
    ("ads", "inside", '<div class="google-auto-placed"><p>Sponsored offer of the week for our readers only</p>'
     "</div>", "Sponsored offer of the week"),
    # Ad Inserter's numbered block; an unnumbered "code-block" is a programmer's snippet and stays (below)
    ("ads", "inside", "<div class='code-block code-block-3' style='margin: 8px 0; clear: both;'>Heute schon an "
     "morgen gedacht? Der Tarif der Woche für unsere Leser, drei Monate ohne Grundgebühr</div>", "Der Tarif der Woche"),
    ("related", "inside", '<ul class="wp-block-latest-posts__list wp-block-latest-posts"><li><a href="/x/">Mayor '
     'opens the new tram line after years of delay</a></li><li><a href="/y/">Council votes on the parking fee '
     "rise next month</a></li></ul>", "Mayor opens the new tram line"),
    ("adblock", "inside", '<div id="adblock-modal" class="adblock-overlay"><h3>Adblock Detected</h3>'
     "<p>Please support us by disabling your AdBlocker extension from your browsers for our website.</p></div>",
     "disabling your AdBlocker"),
    ("adblock", "inside", '<div class="paywall"><p>Subscribe today to keep reading this story and many more '
     "from our award winning newsroom.</p></div>", "award winning newsroom"),
    ("adblock", "inside", "<div><h3>Adblocker erkannt</h3><p>Bitte deaktivieren Sie Ihren Werbeblocker, um "
     "unsere Seite weiter zu nutzen und unabhängigen Journalismus zu unterstützen.</p></div>",
     "Werbeblocker, um unsere"),
    ("cookies", "before", '<div id="onetrust-banner-sdk"><p>We use cookies and similar technologies to improve '
     "your experience and to show you personalised advertising. Accept all cookies?</p>"
     "<button>Accept all</button></div>", "similar technologies"),
    ("cookies", "after", '<div class="cookie-banner"><p>This website stores cookies on your computer to '
     "remember your preferences and measure audience numbers.</p></div>", "stores cookies on your computer"),
    ("cookies", "after", '<div id="didomi-host"><p>With your agreement, we and our partners use cookies or '
     "similar technologies to store and access personal information.</p></div>", "With your agreement"),
    ("breadcrumbs", "inside", '<nav class="breadcrumb"><a href="/">Home</a> &raquo; <a href="/world/">Worldwide '
     "Affairs Desk</a></nav>", "Worldwide Affairs Desk"),
    ("breadcrumbs", "inside", '<div class="crumbs"><a href="/">Home</a> / <a href="/politics/">Politics and '
     "Parliament</a></div>", "Politics and Parliament"),
    ("comments", "inside", '<div id="disqus_thread"><p>Reader Bob wrote: this is the worst budget in a '
     "generation and the minister should resign at once.</p></div>", "worst budget in a generation"),
    ("comments", "inside", '<div id="comments" class="comments-area"><h3 class="comment-reply-title">Leave a '
     'Reply</h3><form action="/wp-comments-post.php"><textarea name="comment"></textarea></form>'
     '<p class="akismet_comment_form_privacy_notice">This site uses Akismet to reduce spam. Learn how your '
     "comment data is processed.</p></div>", "Akismet to reduce spam"),
    ("comments", "inside", "<section><h3>Reader comments</h3><p>Alice said she disagreed with every single "
     "measure announced in the budget, especially the fuel change.</p></section>", "disagreed with every single"),
    ("related", "inside", '<aside class="related-posts"><h3>Related posts</h3><ul><li><a href="/a/">Opposition '
     'leader calls for snap election after defeat</a></li><li><a href="/b/">Fuel subsidies explained in five '
     "charts</a></li></ul></aside>", "Opposition leader calls for snap election"),
    ("related", "inside", '<section><h3>Lesen Sie auch</h3><ul><li><a href="/c/">Regierung plant neue '
     'Steuerreform f\u00fcr das kommende Jahr</a></li><li><a href="/d/">Was die Haushaltsdebatte f\u00fcr '
     "Pendler bedeutet</a></li></ul></section>", "Regierung plant neue Steuerreform"),
    ("related", "inside", '<div class="jp-relatedposts"><p><a href="/e/">Markets rally as coalition holds '
     "together through the crucial budget vote</a></p></div>", "Markets rally as coalition holds"),
    # cards whose links wrap only the picture, the headline and excerpt outside them: little link text
    ("related", "inside", '<ul class="timeline similar"><li><div class="image"><a href="/story/0/long-story-slug-here"></a><img src="/0.jpg"></div><div class="text"><div class="title">Coalition partners meet again over fuel tax</div><p>The partners will return to the table on Monday after a week in which the dispute over the fuel tax threatened to split the government, aides said.</p></div></li><li><div class="image"><a href="/story/1/long-story-slug-here"></a><img src="/1.jpg"></div><div class="text"><div class="title">What the budget means for commuters</div><p>Season tickets will rise by four per cent next year, while the subsidy for rural bus lines is doubled, according to the draft the ministry published.</p></div></li><li><div class="image"><a href="/story/2/long-story-slug-here"></a><img src="/2.jpg"></div><div class="text"><div class="title">Opposition names its candidate for the snap vote</div><p>The opposition has chosen its deputy leader to head the list should the coalition collapse and new elections be called before the summer recess.</p></div></li></ul>', "What the budget means for commuters"),
    # the same headings in the languages the vocabulary had none for, on unnamed boxes
    ("related", "inside", '<div class="q7"><p class="q8">Czytaj wi\u0119cej</p><p><a href="/f/">Rz\u0105d '
     "przedstawia plan reformy podatkowej na przysz\u0142y rok</a></p></div>", "plan reformy podatkowej"),
    ("related", "inside", '<section><h3>Lees ook</h3><ul><li><a href="/g/">Kabinet presenteert nieuwe plannen '
     'voor de begroting</a></li><li><a href="/h/">Wat de begroting betekent voor forenzen</a></li></ul></section>',
     "Kabinet presenteert nieuwe plannen"),
    ("related", "inside", '<section><h3>\u0427\u0438\u0442\u0430\u0439\u0442\u0435 \u0442\u0430\u043a\u0436\u0435</h3><ul><li><a href="/i/">'
     '\u041f\u0440\u0430\u0432\u0438\u0442\u0435\u043b\u044c\u0441\u0442\u0432\u043e \u043e\u0434\u043e\u0431\u0440\u0438\u043b\u043e \u043d\u043e\u0432\u044b\u0439 \u0431\u044e\u0434\u0436\u0435\u0442</a></li></ul></section>',
     "\u041f\u0440\u0430\u0432\u0438\u0442\u0435\u043b\u044c\u0441\u0442\u0432\u043e \u043e\u0434\u043e\u0431\u0440\u0438\u043b\u043e"),
    ("related", "inside", '<div><h3>\u95a2\u9023\u8a18\u4e8b</h3><ul><li><a href="/j/">\u4e88\u7b97\u6848\u304c\u885a\u8b70\u9662\u3092\u901a\u904e'
     '\u3057\u305f\u80cc\u666f\u3068\u4eca\u5f8c\u306e\u8ab2\u984c</a></li></ul></div>', "\u4e88\u7b97\u6848\u304c\u885a\u8b70\u9662"),
    ("comments", "inside", "<section><h3>\u7f51\u53cb\u8bc4\u8bba</h3><p>\u6211\u4e0d\u540c\u610f\u8fd9\u4e2a\u9884\u7b97\u7684\u6bcf\u4e00\u9879"
     "\u63aa\u65bd\uff0c\u5c24\u5176\u662f\u71c3\u6cb9\u8865\u8d34\u3002</p></section>", "\u6211\u4e0d\u540c\u610f\u8fd9\u4e2a\u9884\u7b97"),
    ("comments", "inside", "<section><h3>L\u00e4mna en kommentar</h3><p>Anna skrev att hon inte h\u00f6ll med om "
     "en enda \u00e5tg\u00e4rd i budgeten.</p></section>", "inte h\u00f6ll med om"),
    ("newsletter", "inside", "<div class=\"z1\"><h4>Tilaa uutiskirje</h4><p>P\u00e4iv\u00e4n t\u00e4rkeimm\u00e4t "
     "uutiset s\u00e4hk\u00f6postiisi joka aamu.</p></div>", "uutiset s\u00e4hk\u00f6postiisi"),
    ("newsletter", "inside", '<div class="newsletter-signup"><h4>Get the morning briefing</h4><p>The day\'s '
     "most important stories, delivered to your inbox every weekday morning.</p>"
     '<form><input type="email"><button>Sign up</button></form></div>', "delivered to your inbox"),
    ("newsletter", "inside", '<form class="mc4wp-form"><p>Join thousands of readers who get our weekly '
     'politics digest straight to their inbox.</p><input type="email"></form>', "weekly politics digest"),
    ("share", "inside", '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>'
     '<ul><li><a href="https://twitter.com/share">Share on Twitter</a></li><li><a href="https://facebook.com/'
     'sharer">Share on Facebook</a></li></ul></div>', "Share on Facebook"),
    ("share", "inside", '<div class="addtoany_share_save_container"><a href="https://www.addtoany.com/share">'
     "Spread the word with AddToAny buttons</a></div>", "Spread the word with AddToAny"),
    ("share", "inside", '<ul class="social-share"><li><a href="/wa">Send this story via WhatsApp to your '
     "family</a></li></ul>", "via WhatsApp to your family"),
    ("ads", "inside", '<div class="ad-slot"><span>Advertisement</span><p>Buy the new Phone X today at the '
     "best price in town, offer valid while stocks last.</p></div>", "offer valid while stocks last"),
    ("ads", "inside", '<div class="x91"><div class="q1">Anzeige</div><p class="q2">Jetzt den neuen Tarif '
     "sichern und drei Monate gratis surfen im besten Netz.</p></div>", "drei Monate gratis surfen"),
    ("ads", "inside", '<div class="k2"><div class="k3">Reklama</div><p class="k4">Nowa taryfa z trzema miesi\u0105cami '
     "internetu gratis w najlepszej sieci w kraju.</p></div>", "trzema miesi\u0105cami"),
    ("adblock", "inside", "<div><h3>Adblocker gedetecteerd</h3><p>Schakel je adblocker uit om dit artikel verder te "
     "lezen en steun onze journalistiek.</p></div>", "steun onze journalistiek"),
    ("authorbio", "after", '<div class="author-bio"><img src="/jd.jpg"><p>Jane Doe has covered parliament for '
     "twelve years and previously reported from Brussels.</p></div>", "covered parliament for twelve years"),
    ("authorbio", "after", "<section><h3>Über die Autorin</h3><p>Erika Muster schreibt seit 2015 über Haushalts- "
     "und Finanzpolitik.</p></section>", "schreibt seit 2015"),
    # underscore-joined class names (BEM-style "Block_Element") name the same box
    ("authorbio", "inside", '<div class="xq-Author_InfoContainer"><p class="xq-Author_Name">Max Beispiel</p>'
     '<p class="xq-Author_Role">Korrespondent im Ressort Verkehr und Infrastruktur.</p></div>',
     "Korrespondent im Ressort Verkehr"),
    ("comments", "inside", '<div class="c0d9"><div class="c0d9-t">Leave a comment</div><p class="c0d9-n">Your '
     'email address will not be published. Required fields are marked *</p><form action="/c"><textarea></textarea>'
     "</form></div>", "will not be published"),
    ("tags", "inside", '<ul class="label-items"><li>Etiketler :</li><li><a href="/t/1">Galatasaray Kulübü</a></li>'
     '<li><a href="/t/2">Süper Lig Haberleri</a></li></ul>', "Süper Lig Haberleri"),
    ("tags", "inside", '<div class="post-tags"><a href="/tag/budget">Budget negotiations 2025</a> '
     '<a href="/tag/fuel">Fuel subsidy reform</a></div>', "Fuel subsidy reform"),
    ("sidebars", "inside", '<div class="metro-factbox"><h2>What else is in the plan?</h2><p>Other measures include '
     "a new regulator for water companies and a national wealth fund for clean energy projects.</p></div>",
     "national wealth fund for clean energy"),
    ("teasers", "inside", '<p>Lea m\u00e1s: <a href="/politica/otra-noticia">Gobierno anuncia un nuevo plan de '
     "vivienda para j\u00f3venes</a></p>", "nuevo plan de vivienda"),
    ("teasers", "inside", '<h4>&gt;&gt; <a href="/2024/05/andere-geschichte">Wegen Hitze: Freibad bleibt den '
     "ganzen Sommer geschlossen</a> &lt;&lt;</h4>", "Freibad bleibt den ganzen Sommer"),
    # a pointer sign leads the line; its link is too short a share of it to count as a headline
    ("teasers", "inside", '<p>&gt;&gt; Sie suchen einen Kredit? Unser gro\u00dfer <a href="/finanzen/vergleich">'
     "Kreditvergleich</a> zeigt aktuelle Konditionen.</p>", "Unser gro\u00dfer Kreditvergleich"),
    ("toc", "inside", '<div class="x1"><ul><li><a href="#a">Why the vote was close</a></li><li><a href="#b">What '
     'the opposition wants</a></li><li><a href="#c">What happens next</a></li></ul></div>', "What the opposition wants"),
    ("sidebars", "after", "<aside><h3>Most watched</h3><p>Video: the finance minister leaves parliament after "
     "the late-night vote on the budget.</p></aside>", "leaves parliament after the late-night vote"),
    ("server_errors", "inside", "<br />\n<b>Deprecated</b>:  Assigning the return value of new by reference is "
     "deprecated in <b>/www/htdocs/wp-settings.php</b> on line <b>520</b><br />", "Assigning the return value"),
    # no class names: what the markup says the element is
    ("dialogs", "after", "<div role='dialog' aria-modal='true'><div><span role='heading'>Datenschutzeinstellungen"
     "</span><p>Diese Seite nutzt kleine Dateien auf Ihrem Ger\u00e4t, um Besuche zu z\u00e4hlen.</p></div><a "
     "role='button' href='#'>Alle akzeptieren</a></div>", "um Besuche zu z\u00e4hlen"),
    ("dialogs", "after", "<div aria-label='We value your privacy' role='region'><p>This site keeps small files on "
     "your device to count visits and remember your choices.</p><button>Accept All</button></div>",
     "count visits and remember your choices"),
    ("sidebars", "inside", "<div role='toolbar'><a href='?share=mail'>Mail</a> <a href='?print'>Print</a> "
     "<span>Saved to your reading list for later</span></div>", "Saved to your reading list"),
    ("sidebars", "after", "<ul role='menubar'><li role='menuitem'><a href='/harbour/'>Harbour and ferries</a></li>"
     "<li role='menuitem'><a href='/coast/'>The coast this week</a></li></ul>", "The coast this week"),
    ("sidebars", "before", "<div role='banner'><p>The Island Times, news from the harbour since 1901</p></div>",
     "news from the harbour since 1901"),
    ("comments", "after", "<div itemscope itemtype='https://schema.org/Comment'><span itemprop='author'>Kim</span> "
     "<p itemprop='text'>Great piece, I took that ferry every morning for years and never minded the wait.</p></div>",
     "took that ferry every morning"),
    ("dialogs", "after", "<div hidden><p>Menu</p><ul><li>The harbour</li><li>Ferries and the coast in winter</li>"
     "</ul></div>", "Ferries and the coast in winter"),
    # no class name to go by: longer than the story, outside its headline's container, naming none of its words
    ("offstory", "after", "<div class='r8x'>" + "".join(f"<p>Entry {k} of the weekly archive, filed under the "
                                                        f"regional roundup.</p>" for k in range(45)) + "</div>",
     "weekly archive"),
    ("dialogs", "after", "<dialog open><h2>Get the harbour letter</h2><p>The week's stories from the coast, every "
     "Friday morning in your inbox.</p><form><input type='email'><button>Sign up</button></form></dialog>",
     "every Friday morning"),
]


def _build(where: str, markup: str) -> str:
    return page(**{where: markup})


@pytest.mark.parametrize("name,where,markup,phrase", REMOVES, ids=[f"{r[0]}-{i}" for i, r in enumerate(REMOVES)])
def test_tree_cleaner_removes_its_family(name, where, markup, phrase):
    article = extract_article(_build(where, markup), URL)
    assert phrase not in article.body
    assert article.removed.get(name, 0) >= 1
    assert PARAS[0] in article.body and PARAS[-1] in article.body


@pytest.mark.parametrize("name,where,markup,phrase", REMOVES, ids=[f"{r[0]}-{i}" for i, r in enumerate(REMOVES)])
def test_tree_cleaner_direct_detaches_block(name, where, markup, phrase):
    ctx = CleanContext(parse_html(_build(where, markup)))
    assert phrase in text_of(ctx.tree)
    removed = TREE_CLEANERS[name](ctx)
    assert removed >= 1
    assert phrase not in text_of(ctx.tree)
    assert all(r.cleaner == name for r in ctx.removals) and len(ctx.removals) == removed
    # the article body is untouched
    assert all(p in text_of(ctx.tree) for p in PARAS)


def test_every_tree_cleaner_has_a_removes_case():
    assert {r[0] for r in REMOVES} == set(TREE_CLEANERS)


@pytest.mark.parametrize("name", list(TREE_CLEANERS))
def test_disabled_tree_cleaner_does_not_run(name):
    markup = next(r for r in REMOVES if r[0] == name)
    article = extract_article(_build(markup[1], markup[2]), URL, disabled=(name,))
    assert name not in article.removed


# ---------------------------------------------------------------- promo (text cleaner)
PROMO_LINES = [
    "Follow us on Twitter and Facebook for the latest updates.",
    "Explore more insights on European politics in our dedicated section.",
    "Lesen Sie auch: Die Regierung plant eine neue Steuerreform.",
    "Read also: Five things to know about the new budget.",
    "Sign up for our newsletter to get the news first.",
    "S\u00edguenos en Instagram para m\u00e1s noticias.",
    "\u0410dv\u0435rt\u0456\u0455\u0435 w\u0456th th\u0435 most visited news site ~ Y\u043eur \u0441\u043entent "
    "\u0456\u0455 d\u0435l\u0456v\u0435r\u0435d \u0456nst\u0430ntl\u0443",  # Cyrillic look-alikes among Latin letters
    "This post contains affiliate links, which means we may earn a commission.",
    "As an Amazon Associate I earn from qualifying purchases.",
    "Anzeige, enth\u00e4lt Affiliate-Links",
    "Bei den Verlinkungen handelt es sich um Affiliate-Links: f\u00fcr K\u00e4ufe erhalten wir eine Provision.",
    # the markers an ad slot leaves between two paragraphs of the story
    "Story continues below advertisement",
    "Advertisement \u00b7 Scroll to continue",
    "Der Artikel geht unter der Anzeige weiter",
    "La suite apr\u00e8s cette publicit\u00e9",
    "Contin\u00faa debajo de la publicidad",
    "Artikel gaat verder onder de advertentie",
    # a paywall's or registration wall's own lines
    "Create an account or sign in to continue with your reading experience.",
    "THIS CONTENT IS RESERVED FOR SUBSCRIBERS ONLY",
    "Already a subscriber? Sign in",
    "Bereits Abonnent? Hier anmelden",
    "\u00bfYa eres suscriptor? Inicia sesi\u00f3n",
    # the follow / read-also / newsletter calls in the languages added later
    "Volg ons op Facebook en Instagram",
    "L\u00e4s ocks\u00e5: S\u00e5 blev valet",
    "Tilmeld dig vores nyhedsbrev",
    "Seuraa meit\u00e4 Twitteriss\u00e4",
    "Czytaj te\u017c: Rz\u0105d przyj\u0105\u0142 projekt",
    "\u041f\u043e\u0434\u043f\u0438\u0448\u0438\u0442\u0435\u0441\u044c \u043d\u0430 \u043d\u0430\u0448\u0443 \u0440\u0430\u0441\u0441\u044b\u043b\u043a\u0443",
    # a link's label alone on its line, once, twice (a desktop and a mobile copy), with dots or an arrow
    "Read more",
    "Weiterlesen \u00bb",
    "Mehr lesen...",
    "Lire la suiteLire la suite",
    "Leer m\u00e1s",
    "Czytaj wi\u0119cej",
    "\u7d9a\u304d\u3092\u8aad\u3080",
    "\u00d7Schlie\u00dfen",  # a dialog's close button
    "Zum Angebot",  # a shop button
    "Zum Inhalt springen",  # a skip link
    "Article content",  # a screen reader's heading
    "Back to top", "Nach oben \u2191", "Printer-friendly version", "E-mail this article",  # an older page's tools
    "Flecha",  # an icon's alternative text
    "KommentareDruckenTeilen",  # an action bar's labels run together
    "Up Next", "Most read", "Meistgelesen", "Najczęściej czytane",  # a teaser block's heading left alone
    "Ähnliche Beiträge", "Related posts", "Entradas relacionadas",
    "Esta funcionalidad es sólo para registrados", "Iniciar sesión",  # a save button's notice and login label
    "This feature is only available to subscribers.", "Log in",
    "Jetzt testen", "Subscribe now", "Abonnez-vous",  # a subscription button's label
    "Advertising disclosure: We may receive compensation for some of the links in our stories.",
    "Never miss the latest news by signing up to our newsletter.",
    # a newsletter box's pitch and the states of its form, and an account prompt
    "Catch up on the day's most important headlines, delivered to your inbox daily.",
    "A welcome email is on its way. If you don't see it, please check your junk folder.",
    "The next issue of Morning Brief will soon be in your inbox.",
    "We encountered an issue signing you up. Please try again",
    "Bitte prüfen Sie auch Ihren Spam-Ordner.", "Merci pour votre inscription !",
    "Sign In or Create an Account",
    "Masz aktywną subskrypcję?", "Zaloguj się lub wypróbuj za darmo", "Nie masz konta w serwisie? Dołącz do nas",
    "Já é assinante? Faça login", "Sei già abbonato? Accedi", "Al abonnee? Log in",
    "Pour accéder en illimité", "Get unlimited digital access",  # a paywall's button
    "Weitere Artikel zum Thema",
    # an account prompt to take part ("sign up to comment"), 4 languages
    "Melde dich jetzt an, um selbst Artikel zu verfassen, zu kommentieren und mitzubestimmen",
    "Sign up to join the conversation.", "Connectez-vous pour réagir", "Inicia sesión para comentar",
    "Noticia relacionada",
    "Passer la publicit\u00e9",  # an ad slot's skip button
    "We independently select everything we recommend. Buying through us may earn us a commission.",
    "If you buy something through our links, we may earn a commission.",
    "12.11.2021 red Artikel: Download PDF Drucken Feedback",  # an action bar
    "Teilen | Drucken | Merken",
    "Share this:",  # a sharing bar's title left once its buttons are gone
    "Teilen mit:",
    "Compartilhe isso:",
    "Partager :",
    "Gefällt mir:",  # a like button's title, its button gone
    "Leave a Reply Cancel reply",  # what a comment form's widgets leave as lines
    "Load comments",
    "Link copied!",
    "Share on Facebook",
    "Was this article helpful?",
    "Hinterlasse einen Kommentar",
    "Jetzt kommentieren",
    "Lesen Sie auch",
    "Sie haben bereits ein Abo? Hier anmelden",
    "¿Te ha resultado útil este artículo?",
    "Ya soy suscriptor",
    "À lire aussi",
    "Cet article est réservé aux abonnés.",
    "Like this:",
    # the disclaimer an Amazon affiliate plugin prints under its product boxes
    "Letzte Aktualisierung am 2.02.2022 / Bei den Verlinkungen handelt es sich um Affiliate Links / Bilder von der "
    "Amazon Product Advertising API",
]


@pytest.mark.parametrize("line", PROMO_LINES)
def test_promo_removes_cta_line(line):
    html = page(inside=f"<p>{line}</p>")
    article, removals = explain_article(html, URL)
    assert line not in article.body
    assert article.removed.get("promo", 0) >= 1
    assert any(r.cleaner == "promo" and r.target == "line" and line.startswith(r.text) for r in removals)
    assert PARAS[-1] in article.body


@pytest.mark.parametrize("line", PROMO_LINES)
def test_promo_clean_paragraphs_direct(line):
    kept, removed = TEXT_CLEANERS["promo"](["First real paragraph of the story.", line, "Second one."])
    assert removed == [line]
    assert kept == ["First real paragraph of the story.", "Second one."]


@pytest.mark.parametrize("para", [
    # long paragraphs that open like a promo line are article text
    "Follow us on this journey, the minister told the assembled delegates on Tuesday, because the reform of the "
    "pension system will take years, will cost money that the country does not yet have, and will need the support "
    "of regions, unions and employers alike if it is to survive the next election and the one after that as well.",
    "Related to the budget vote, the central bank said it would keep interest rates unchanged for now.",
    "More than half of the members voted in favour of the package, a larger margin than expected.",
    "Share prices of the largest lenders rose by three per cent after the result was announced.",
    "The story continues below the surface, the inspectors said, where the pipes had rusted for years.",
    "Sign in to continue reading the report, the minister told reporters who had gathered outside.",
    "This content is available to subscribers of the regional paper, the court heard on Tuesday.",
    "Read more about the minister's plan in the report the council published on Monday.",  # a label, then more
    "Weiterlesen konnte er nicht: Das Licht ging aus.",
    "Closed for the winter, the pass reopens in May.",
    "Back to top of the league, the team celebrated until dawn.",
    "The company may earn a commission on every sale, the regulator found.",  # not the site's own disclosure
    "Follow, share, comment: the three rules of social media",  # action words in a sentence
    "Share this with the minister, the letter said.",
    "This feature is used by millions of readers every day, the company said.",
    "Log in times doubled after the update, engineers found.",
    "Subscribers to the paper received the report first, the editor said.",
    "The company may receive compensation, the court said.",
    "Never miss the chance to see them, she said.",
    "The ballots were sent to your inbox by mistake, the council admitted, and then the hackers struck.",
    "Register now to vote in the election, officials urged on Monday.",
    # sentences opening with the words of an interface label
    "Recommended by doctors for years, the treatment is now free on the island.",
    "Trending topics on the island include the new ferry and the harbour wall.",
    "Save for the ferry, the island has no link to the mainland in winter.",
    "Follow the coast path for two miles and the harbour comes into view.",
    "Comments from the minister drew criticism from the islanders.",
    "Home to 300 people, the island depends on the ferry for everything.",
    "Lesen Sie auch, was der Kapitän dazu sagt, bevor Sie buchen.",
])
def test_promo_keeps_article_text(para):
    article = extract_article(page(inside=f"<p>{para}</p>"), URL)
    assert para in article.body
    assert "promo" not in article.removed


# ---------------------------------------------------------------- keeps: words in text are not markup
KEEPS_TEXT = [
    "The reshuffle is closely related to the budget fight, according to two officials close to the talks.",
    "The comments from the minister angered the opposition, who demanded an apology in parliament.",
    "Her bakery, famous for its cookie recipes, has raised prices twice this year as flour costs rose.",
    "Share prices in Frankfurt and Paris rose after the vote, with bank stocks leading the gains.",
    "Opposition lawmakers said they would subscribe to the plan only if the fuel measure was dropped.",
    "Readers who use an ad blocker were not affected, the agency said, because the tool ran on servers.",
    "Investigators followed a trail of breadcrumbs through shell companies registered in three countries.",
]


def test_body_words_of_every_family_stay():
    paras = PARAS[:2] + KEEPS_TEXT + PARAS[2:]
    article = extract_article(page(paras=paras), URL)
    for text in KEEPS_TEXT:
        assert text in article.body
    assert article.removed == {}


@pytest.mark.parametrize("text", KEEPS_TEXT)
@pytest.mark.parametrize("name", list(TREE_CLEANERS))
def test_tree_cleaner_direct_keeps_plain_paragraph(name, text):
    ctx = CleanContext(parse_html(page(paras=PARAS[:2] + [text] + PARAS[2:])))
    assert TREE_CLEANERS[name](ctx) == 0
    assert text in text_of(ctx.tree)


@pytest.mark.parametrize("heading", ["Related risks of the new fuel tax", "Comments on the budget law",
                                     "Discussion of the tax measures"])
def test_one_word_heading_phrase_does_not_catch_real_subheading(heading):
    sub = f"<section><h3>{heading}</h3><p>{PARAS[1]}</p></section>"
    article = extract_article(page(inside=sub), URL)
    assert article.removed == {}
    assert PARAS[1] in article.body


# ---------------------------------------------------------------- anchor guard
WRAPPER_CLASSES = {
    "adblock": "paywall",
    "cookies": "consent",
    "breadcrumbs": "breadcrumb",
    "comments": "post comments-open",  # (a bare class="comments" wrapper is dropped by trafilatura itself)
    "related": "related",
    "newsletter": "newsletter",
    "share": "share",
    "tags": "tags",
    "sidebars": "sidebar",
    "ads": "ad-wrapper",
    "authorbio": "author-box",
}


def test_story_inside_an_aside_is_kept():
    """Some themes put the whole story in <aside>: with no other paragraphs, it is the anchor."""
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    article = extract_article(f"<html><body><h1>Minister survives budget vote</h1><aside>{body}</aside></body></html>", URL)
    assert PARAS[0] in article.body and "sidebars" not in article.removed


def test_every_tree_cleaner_has_an_anchor_case():
    """Every cleaner that matches class/id names (teasers judge shape only) is tried on the story's wrapper."""
    assert set(WRAPPER_CLASSES) == {n for n, clean in TREE_CLEANERS.items() if hasattr(_module_of(clean), "_ATTR")}


def _wrapped(cls: str, nested: bool) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in PARAS)
    inner = f'<article><div class="entry-content">{body}</div></article>' if nested else body
    return (f"<html><head><title>Minister survives budget vote</title></head><body>"
            f'<h1>Minister survives budget vote</h1><div class="{cls}">{inner}</div></body></html>')


@pytest.mark.parametrize("nested", [False, True], ids=["direct", "nested"])
@pytest.mark.parametrize("name,cls", list(WRAPPER_CLASSES.items()))
def test_wrapper_holding_the_article_is_not_removed(name, cls, nested):
    article = extract_article(_wrapped(cls, nested), URL)
    assert name not in article.removed
    for p in PARAS:
        assert p in article.body


@pytest.mark.parametrize("name,cls", list(WRAPPER_CLASSES.items()))
def test_wrapper_holding_the_article_direct(name, cls):
    ctx = CleanContext(parse_html(_wrapped(cls, nested=False)))
    wrapper = ctx.tree.xpath(f'//div[@class="{cls}"]')[0]
    assert wrapper in ctx.by_attr(_module_of(TREE_CLEANERS[name])._ATTR)  # a candidate: only the guard saves it
    assert TREE_CLEANERS[name](ctx) == 0
    assert ctx.removals == []
    assert all(p in text_of(ctx.tree) for p in PARAS)


def test_context_remove_refuses_anchor_and_root():
    ctx = CleanContext(parse_html(page()))
    anchor = ctx.anchor()
    assert anchor.get("class") == "entry-content"
    assert ctx.remove(anchor, "test") is False
    assert ctx.remove(anchor.getparent(), "test") is False  # <article> holds the anchor
    assert ctx.remove(ctx.tree.find("body"), "test") is False
    assert ctx.removals == []


def test_context_remove_records_removal_and_keeps_tail():
    html = page(inside='<span class="x">DROPPED</span> tail text stays')
    ctx = CleanContext(parse_html(html))
    span = ctx.tree.xpath('//span[@class="x"]')[0]
    assert ctx.remove(span, "share") is True
    assert ctx.remove(span, "share") is False  # already detached
    assert "DROPPED" not in text_of(ctx.tree)
    assert "tail text stays" in text_of(ctx.tree)
    assert [(r.cleaner, r.target, r.text) for r in ctx.removals] == [("share", "span.x", "DROPPED")]


# ---------------------------------------------------------------- registry
def _module_of(func):
    return sys.modules[func.__module__]


@pytest.mark.parametrize("name", ALL)
def test_registered_cleaner_module_has_docstring_and_name(name):
    func = TREE_CLEANERS.get(name) or TEXT_CLEANERS[name]
    module = _module_of(func)
    assert module.__doc__ and module.__doc__.strip()
    assert module.NAME == name
    assert module.__name__ == f"cleaners.{name}"


def test_registry_order_is_stable():
    assert tuple(TREE_CLEANERS) == ("adblock", "cookies", "ads", "breadcrumbs", "comments", "toc", "related",
                                  "teasers", "newsletter", "share", "authorbio", "tags", "sidebars", "server_errors",
                                  "dialogs", "offstory")
    assert tuple(TEXT_CLEANERS) == ("promo", "bylines", "endmatter", "consent", "namelists", "embeds",
                                    "notices")  # a new one goes last
    assert ALL == tuple(TREE_CLEANERS) + tuple(TEXT_CLEANERS)
    assert len(set(ALL)) == len(ALL)


# ---------------------------------------------------------------- explain_article
@pytest.mark.parametrize("name,where,markup,phrase", REMOVES, ids=[f"{r[0]}-{i}" for i, r in enumerate(REMOVES)])
def test_explain_names_the_cleaner(name, where, markup, phrase):
    article, removals = explain_article(_build(where, markup), URL)
    assert removals
    assert all(r.cleaner in ALL or r.cleaner == "faq" for r in removals)
    assert any(r.cleaner == name for r in removals)
    assert Counter(r.cleaner for r in removals) == Counter(article.removed)


def test_explain_on_mixed_page_lists_every_family():
    blocks = {name: next(r for r in REMOVES if r[0] == name) for name in TREE_CLEANERS}
    inside = ("".join(m for _, w, m, _ in blocks.values() if w == "inside") + "<p>View this post on Instagram</p>"
              + "<p>Please enable JavaScript to view this page.</p>"
              + "<p>Follow us on Twitter.</p>"
              + "<p>Quelle: AFP</p><p>Crédits photos : Agence Exemple</p>"
              + "<p>This website uses cookies to give you the best experience on it.</p>"
              + "<p>" + ", ".join(f"reader_{k}" for k in range(120)) + "</p>")
    after = "".join(m for _, w, m, _ in blocks.values() if w != "inside")
    article, removals = explain_article(page(inside=inside, after=after), URL)
    assert {r.cleaner for r in removals} == set(ALL)
    for _, _, _, phrase in blocks.values():
        assert phrase not in article.body
    for r in removals:
        assert r.target and isinstance(r.text, str) and len(r.text) <= 80


# ---------------------------------------------------------------- false positives found while testing
def test_lead_block_is_not_an_adblock_nag():
    lead = f'<div class="lead-block"><p>{PARAS[0]}</p></div>'
    body = "".join(f"<p>{p}</p>" for p in PARAS[1:])
    html = (f"<html><body><article><h1>Minister survives budget vote</h1>{lead}"
            f'<div class="entry-content">{body}</div></article></body></html>')
    ctx = CleanContext(parse_html(html))
    adblock.clean(ctx)
    assert ctx.removals == []
    assert PARAS[0] in " ".join(ctx.tree.text_content().split())


@pytest.mark.parametrize("heading", ["Most popular measures among voters", "Latest news from the count",
                                     "Don't miss the deadline for tax refunds"])
def test_article_section_with_subheading_like_a_related_heading_stays(heading):
    headings = ["The vote", heading, "What happens next", "Reaction", "Outlook"]
    sections = "".join(f"<section><h2>{h}</h2><p>{p}</p></section>" for h, p in zip(headings, PARAS))
    html = f"<html><body><article><h1>Minister survives budget vote</h1>{sections}</article></body></html>"
    article = extract_article(html, URL)
    assert PARAS[1] in article.body


def test_long_fact_box_does_not_become_the_anchor():
    """A fact box with more paragraph text than the story (a full speech transcript) still goes."""
    transcript = "".join(f"<p>Transcript line {i}: {PARAS[i % len(PARAS)]}</p>" for i in range(12))
    story = "".join(f"<p>{p}</p>" for p in PARAS)
    html = (f"<html><body><article><h1>Minister survives budget vote</h1><div class='article-body'>{story}"
            f"<div class='metro-factbox'><h2>Full transcript</h2><div class='metro-factbox-content'>{transcript}"
            "</div></div></div></article></body></html>")
    article = extract_article(html, URL)
    assert "Transcript line" not in article.body
    assert PARAS[0] in article.body and article.removed.get("sidebars") == 1


def test_teaser_list_after_a_short_post_is_removed():
    teasers = "".join(f"<li><a href='/p/{i}'>Another post about the city budget, part {i}</a></li>" for i in range(5))
    html = page(inside=f"<ul>{teasers}</ul>")
    article = extract_article(html, URL)
    assert "Another post about the city budget" not in article.body
    assert article.removed.get("related") == 1


def test_list_of_links_inside_the_story_stays():
    sources = "".join(f"<li><a href='/s/{i}'>Budget document number {i} published by the ministry</a></li>"
                      for i in range(3))
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    html = (f"<html><body><article><h1>Minister survives budget vote</h1><div class='entry-content'>"
            f"<p>{PARAS[0]}</p><ul>{sources}</ul>{paras}</div></article></body></html>")
    assert "Budget document number 1" in extract_article(html, URL).body


def test_story_split_by_ad_rows_is_kept_whole():
    """trafilatura may keep only the first of sibling containers separated by ad rows."""
    part = lambda ps: '<div class="article-body">' + "".join(f"<p>{p}</p>" for p in ps) + "</div>"
    ad = '<div class="ad-row"><span>Advertisement</span><iframe src="https://ads.example/x"></iframe></div>'
    html = (f"<html><body><article><h1>Minister survives budget vote</h1>{part(PARAS[:2])}{ad}"
            f"{part(PARAS[2:4])}{ad}{part(PARAS[4:])}</article></body></html>")
    body = extract_article(html, URL).body
    assert all(p in body for p in PARAS) and "Advertisement" not in body


@pytest.mark.parametrize("line", [
    "von Katja Belousova", "By Jane Doe and John Roe", "Uppdaterad 15.59 | Publicerad 14.14",
    "Updated 3 hours ago, 14:02 GMT", "Quelle: AFP", "Foto: Felix Zahn/imago", "21.04.2024 | 3:18 min",
    "Lesezeit: 3 Minuten", "5 min read", "11 minut czytania", "Temps de lecture : 4 min",
    "- Lesedauer etwa 2 Min", "- 3 Minuten Lesezeit", "Ten tekst przeczytasz w mniej niż minutę",
    "Less than a minute read", "Reading time: under a minute",
    "\u00a9 Shutterstock", "(c) Wiley-VCH", "\u00a9 dpa / Max Muster",  # a picture's credit, wherever it lands
    "- -Aktualisiert am", "Updated on",  # a date's label whose date went elsewhere
    "Aktualizacja: 02.02.2025 23:49 Publikacja: 02.02.2025 21:52", "Źródło: rp.pl", "Güncelleme: 05.04.2025",
    "iStock/cjp", "Getty Images", "AFP/Getty Images", "picture alliance / dpa",  # a picture agency alone
    "Los geht\u2019s: Von Montag an f\u00fcr 49 Euro im Nahverkehr. Bild: Maximilian Muster",  # a caption and credit
])
def test_byline_and_dateline_lines_leave_the_body(line):
    kept, removed = TEXT_CLEANERS["bylines"]([PARAS[0], line, PARAS[1]])
    assert removed == [line] and kept == [PARAS[0], PARAS[1]]


@pytest.mark.parametrize("line", [
    "By the end of the week the coalition had agreed on a new fuel subsidy.",  # "By" opens a sentence
    "Reuters reported that the talks had failed.",  # an agency opening a sentence
    "Updated figures will be published next month, the statistics office said.",
    "Von der Leyen said the commission would respond within days.",
    "5 minutes read like an hour when the train stops in the tunnel.",
    "\u00a9 marks were missing from every one of the images, the council's lawyer told the court.",
    "Stand der Dinge ist unklar.",
])
def test_sentences_that_start_like_bylines_stay(line):
    kept, removed = TEXT_CLEANERS["bylines"]([line])
    assert removed == [] and kept == [line]


@pytest.mark.parametrize("line", ["23.10.2018", "mercredi 11 septembre 2019", "Erstellt am: 01.11.2023",
                                  "12. November 2015 / 13:48", "April 21, 2022"])
def test_a_date_alone_at_either_end_of_the_text_leaves_it(line):
    kept, removed = TEXT_CLEANERS["bylines"]([line, PARAS[0], PARAS[1], line])
    assert kept == [PARAS[0], PARAS[1]] and removed == [line, line]


def test_a_date_line_inside_the_story_stays():
    """Inside the story a date line is a heading (a diary, a timeline)."""
    assert TEXT_CLEANERS["bylines"]([PARAS[0], "23.10.2018", PARAS[1]])[0] == [PARAS[0], "23.10.2018", PARAS[1]]


@pytest.mark.parametrize("line", ["January 13, 2020 at 08:45 AM | categories: Python, Mercurial | View Comments",
                                  "24. März 2004, 19:49 | Genesis", "12.03.2021 · Politik · 3 Kommentare"])
def test_a_post_meta_line_led_by_its_date_leaves_the_edge(line):
    """The post's date, then its author, categories or comment link: meta, at either end of the text,
    or just after the headline that opens it."""
    kept, removed = TEXT_CLEANERS["bylines"]([line, PARAS[0], PARAS[1], line])
    assert kept == [PARAS[0], PARAS[1]] and removed == [line, line]
    headline = "Reflections on a long migration"
    assert TEXT_CLEANERS["bylines"]([headline, line, PARAS[0], PARAS[1]])[0] == [headline, PARAS[0], PARAS[1]]


@pytest.mark.parametrize("line", ["2020 | The year in review", "Berlin | Der Senat hat am Dienstag beschlossen, "
                                  "die Mieten in landeseigenen Wohnungen bis 2025 nicht zu erhöhen.",
                                  "Teil 2 | Die Reise geht weiter"])
def test_lines_led_by_a_number_that_is_no_date_stay(line):
    assert TEXT_CLEANERS["bylines"]([line, PARAS[0]])[0] == [line, PARAS[0]]


@pytest.mark.parametrize("line", ["Mai 2020", "Teil 2", "2:1 (1:0)", "Update 14:30 Uhr:", "Top 10"])
def test_lines_of_numbers_that_are_no_whole_date_stay_at_the_end(line):
    """A month without its day, a part number, a score: not a date the page was published on."""
    assert TEXT_CLEANERS["bylines"]([PARAS[0], line])[0] == [PARAS[0], line]


def test_prefilter_keeps_every_candidate_of_every_cleaner():
    """run_tree_cleaners narrows the elements to those one family pattern matches: none may be lost."""
    import gzip

    from cleaners.registry import _union_of_patterns
    from conftest import CORPUS

    for page in sorted((CORPUS / "realworld").glob("*.html.gz"))[:10]:
        ctx = CleanContext(parse_html(gzip.decompress(page.read_bytes()).decode("utf-8", "replace")))
        named = [(name, _module_of(clean)._ATTR) for name, clean in TREE_CLEANERS.items()
                 if hasattr(_module_of(clean), "_ATTR")]
        before = {name: ctx.by_attr(pattern) for name, pattern in named}
        ctx.narrow(_union_of_patterns())
        assert {name: ctx.by_attr(pattern) for name, pattern in named} == before


def test_promo_match_split_agrees_with_one_search():
    """is_promo matches anchored phrases and searches the rest: the same answer as searching them all."""
    import gzip
    import re

    from cleaners.context import all_languages, phrases
    from cleaners.promo import _MAX_LEN, is_promo
    from conftest import CORPUS

    every = re.compile("|".join(f"(?:{p})" for p in all_languages(phrases("promo")["lines"])), re.I)
    lines = ["Follow us on Instagram", "Lesen Sie auch: Der Streit", "We follow us on the road",
             "Mehr zum Thema: Wahlen", "Sie lesen in unserem Liveblog alles", "Explore more stories on AI in our hub"]
    for page in sorted((CORPUS / "realworld").glob("*.html.gz"))[:12]:
        lines += extract_article(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"),
                                 "https://x.example/a/").body.split("\n\n")
    for line in lines:
        assert is_promo(line) == (len(line) < _MAX_LEN and bool(every.search(line.strip()))), line


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["ad", "ads", "block", "comment", "comments", "related", "share", "sidebar", "rail",
                                 "tag", "tags", "bio", "read", "more", "cookie", "banner", "consent", "x", "", "-", "_",
                                 "social", "links", "fact", "box", "crumbs", "respond", "post"]), max_size=8)
       .flatmap(lambda parts: st.lists(st.sampled_from(["", "-", "_", " ", "\t"]), min_size=len(parts), max_size=len(parts))
                .map(lambda seps: "".join(p + s for p, s in zip(parts, seps)))))
def test_attribute_patterns_match_token_by_token_as_on_the_whole_string(attrs):
    """narrow() and by_attr() try the patterns on each whitespace-separated token (cached per token):
    that must answer exactly what a search of the whole attribute string does."""
    for clean in TREE_CLEANERS.values():
        pattern = getattr(_module_of(clean), "_ATTR", None)
        if pattern is not None:
            assert bool(pattern.search(attrs)) == any(pattern.search(t) for t in attrs.split()), (pattern.pattern, attrs)


# ---------------------------------------------------------------- a name is evidence, not a verdict
def _story_page(wrapper_open: str, wrapper_close: str, paragraph: str = "<p>{}</p>", extra: str = "") -> str:
    body = "".join(paragraph.format(p) for p in PARAS)
    return (f"<html><body><h1>Minister survives budget vote</h1>{wrapper_open}{body}{wrapper_close}{extra}"
            "</body></html>")


def test_post_wrapper_taxonomy_classes_do_not_name_the_wrapper():
    # WordPress post_class(): the post is tagged "comments" and filed under "sidebar".
    cls = "post-27529 post type-post status-publish format-standard hentry category-sidebar tag-comments tag-ads"
    ctx = CleanContext(parse_html(_story_page(f'<div class="{cls}"><div>', "</div></div>")))
    from cleaners import comments, sidebars, tags

    for module in (comments, sidebars, tags):
        assert ctx.by_attr(module._ATTR) == []


def test_bem_modifier_does_not_name_the_block():
    ctx = CleanContext(parse_html(_story_page('<section class="Report__Section Report__Section--Ads">', "</section>")))
    from cleaners import ads

    assert ctx.by_attr(ads._ATTR) == []


def test_story_paragraphs_under_a_paywall_class_stay():
    """Registration-walled sites mark each story paragraph: a run of them is the story, not a nag."""
    html = _story_page("<article>", "</article>", paragraph='<p class="text regwalled">{}</p>')
    article = extract_article(html, URL)
    for p in PARAS:
        assert p in article.body
    assert "adblock" not in article.removed


def test_a_single_paywall_paragraph_still_goes():
    html = page(inside='<p class="paywall-note">Subscribe today to keep reading this story and many more '
                       "from our award winning newsroom, from one euro a month.</p>")
    article = extract_article(html, URL)
    assert "award winning newsroom" not in article.body


def test_live_ticker_named_comments_is_kept_when_it_dwarfs_the_rest():
    entries = "".join(f"<div class='entry'><span>{m}'</span> {PARAS[m % len(PARAS)]}</div>" for m in range(40))
    html = ("<html><body><h1>Lorient hold Lyon</h1><p>Follow the match live with us.</p>"
            f"<div class='live-match-comments'>{entries}</div></body></html>")
    article = extract_article(html, URL)
    assert PARAS[1] in article.body and "comments" not in article.removed


def test_a_reply_thread_goes_even_when_it_dwarfs_a_short_story():
    # a live ticker's entries carry no reply links; readers' comments do, however many there are
    reply = ("I have been reading this blog for years and this post is one of the best so far, thank you for "
             "writing it all down so carefully and for sharing the pictures from the trip.")
    replies = "".join(f"<div class='r'><span>Reader {k}</span><p>{reply} ({k})</p><a href='#r{k}'>Reply</a>"
                      "</div>" for k in range(8))
    html = ("<html><body><h1>Lorient hold Lyon</h1><div class='story'><p>Lorient held Lyon to a goalless draw on "
            "Sunday in a match of few chances, in front of a crowd of eighteen thousand at the Stade du Moustoir."
            "</p><p>It was the fourth match in a row in which the league leaders failed to score away from home, "
            "and their coach said after the final whistle that the run worried him more than the table did.</p>"
            f"</div><div class='x'><h3>8 Responses</h3>{replies}</div></body></html>")  # named for nothing
    article = extract_article(html, URL)
    assert "goalless draw" in article.body and "reading this blog" not in article.body


_ARCHIVE = "".join(f"<p>Entry {k} of the weekly archive, filed under the regional roundup.</p>" for k in range(300))
_THREAD = "".join(f"<p>I have been reading this blog for years, and this post is one of the best so far; thank you "
                  f"for writing it all down so carefully ({k}).</p>" for k in range(120))


@pytest.mark.parametrize("appended,phrase", [
    (f"<div class='menu'>{_ARCHIVE}</div>", None),  # bare trafilatura keeps this list here too
    (f"<div class='comments'><h3>120 Comments</h3>{_THREAD}</div>", "reading this blog"),
])
def test_the_story_under_its_headline_outranks_a_longer_block_appended_to_the_page(appended, phrase):
    """The block of most paragraph text guards the story from the cleaners' name matches; a 300-line archive
    list or a 120-comment thread appended to the page is longer, and took that guard from the story: its
    wrapper, named for the layout ("sidebar-included right-sidebar"), went as a sidebar with the story, and
    the thread became the body."""
    html = (f"<html><body><div class='content-wrapper sidebar-included right-sidebar'><h1>Heat pumps outsell "
            f"boilers</h1>{''.join(f'<p>{p}</p>' for p in PARAS)}</div>{appended}</body></html>")
    article = extract_article(html, URL)
    assert PARAS[0] in article.body and PARAS[-1] in article.body
    assert "sidebars" not in article.removed
    assert phrase is None or phrase not in article.body


@pytest.mark.parametrize("appended,phrase", [
    (f"<div>{_ARCHIVE}</div>", "weekly archive"),
    (f"<div><h3>120 Comments</h3>{_THREAD}</div>", "reading this blog"),
])
def test_an_unnamed_longer_block_appended_to_the_page_does_not_replace_the_story(appended, phrase):
    """Named for nothing, a 300-line list or a 120-comment thread after the story is what trafilatura keeps,
    with none of the story under the headline: the story block is the body then (bare trafilatura keeps
    the list or the thread alone)."""
    html = (f"<html><head><title>Heat pumps outsell boilers</title></head><body><article><h1>Heat pumps "
            f"outsell boilers</h1>{''.join(f'<p>{p}</p>' for p in PARAS)}</article>{appended}</body></html>")
    article = extract_article(html, URL)
    assert PARAS[0] in article.body and PARAS[-1] in article.body and phrase not in article.body


def test_a_keyword_link_inside_a_sentence_keeps_its_words():
    """Auto-tagging plugins link keywords with tag classes; the tag cleaner took the words out of the
    sentence ("auf dem  oder im ."). The link stays; a line of tag links and a meta line still go."""
    html = _story_page("<article>", "</article>")
    html = html.replace("</article>", (
        '<p>Put the worm box on the <a class="alinks-tags-link" href="/t/balcony">balcony</a> or in the '
        '<span><a class="tag_link" href="/t/cellar">cellar</a></span>, where it stays between fifteen and '
        'twenty-five degrees all year, and feed it kitchen scraps twice a week.</p>'
        '<p>Tags: <a class="tag" href="/t/garden">Garden</a>, <a class="tag" href="/t/compost">Compost</a>, '
        '<a class="tag" href="/t/worms">Worms</a></p>'
        '<p class="meta">Posted in <a href="/c/diy">DIY</a> | <span class="tag-links">Tagged '
        '<a href="/t/soil">Soil</a>, <a href="/t/balcony">Balcony</a></span> | <a href="#c">3 comments</a> about this story so far</p>'
        "</article>"))
    article, removals = explain_article(html, URL)
    assert "on the balcony or in the cellar, where it stays" in article.body
    assert any(r.kept == "words of a sentence" for r in removals)
    assert "Compost" not in article.body and "Tagged" not in article.body


def test_a_paragraph_of_hundreds_of_tag_links_is_judged_once_and_as_a_whole():
    """The guard judges a block once, as the page has it: removing its first links does not turn the
    rest into a sentence. (Judged again for each link, a page of 3,000 keyword links took 24 s.)"""
    links = " ".join(f'item {i} <a class="tag-link" href="/t/{i}">topic number {i}</a> and' for i in range(300))
    html = _story_page("<article>", "</article>").replace("</article>", f"<p>{links}</p></article>")
    article, removals = explain_article(html, URL)
    assert not any(r.kept == "words of a sentence" for r in removals)
    assert "topic number 150" not in article.body


def test_an_ad_slot_inside_a_sentence_still_goes():
    html = _story_page("<article>", "</article>")
    html = html.replace("</article>", (
        '<p>The committee extended the research centre<span id="content_ad_1" class="ad-slot"><div>'
        '<small>Advertisement</small></div></span> by a new group funded for five years by the ministry.</p>'
        "</article>"))
    article = extract_article(html, URL)
    assert "Advertisement" not in article.body
    assert "research centre by a new group" in " ".join(article.body.split())


def test_adobe_text_components_are_not_consent_banners():
    html = _story_page("<main>", "</main>", paragraph='<div class="text"><div class="cmp-text"><p>{}</p></div></div>')
    article = extract_article(html, URL)
    for p in PARAS:
        assert p in article.body
    assert "cookies" not in article.removed


def test_place_list_paragraph_is_not_a_teaser():
    """Many short links (places, names) are content; a teaser is one headline-length link."""
    places = ", ".join(f'<a href="/place/{n}">{n}</a>' for n in ("Takanabe", "Shintomi", "Kijo", "Kawaminami"))
    html = page(inside=f"<p>Miyazaki: {places}</p>")
    from cleaners.parse import parse_html as parse
    from cleaners.teasers import teaser_lines

    assert teaser_lines(parse(html)) == []


def test_a_list_of_this_sites_other_stories_is_a_teaser_list_and_shop_links_are_content():
    """Each item one headline-long link to another story of the site, with at most a label: other stories.
    The same shape linking to other sites (a deals post's shop links), or to pages that are no story (a
    list of documents, test_list_of_links_inside_the_story_stays), is the post's content."""
    from cleaners.parse import parse_html as parse
    from cleaners.teasers import teaser_lists

    def listing(href: str) -> str:
        return "<ul>" + "".join(f"<li><strong>Thema {i}:</strong> <a href='{href}{i}/experten-warnen-vor-folgen.html'>Experten warnen vor den "
                                f"Folgen der neuen Regel {i}</a></li>" for i in range(4)) + "</ul>"

    head = '<link rel="canonical" href="https://news.example.com/world/minister-budget-vote/">'
    for internal in ("/politik/article", "https://news.example.com/politik/article", "https://www.news.example.com/p/"):
        html = page(inside=listing(internal), head=head)
        assert len(teaser_lists(parse(html))) == 1, internal
        body = extract_article(html, URL).body
        assert "Folgen der neuen Regel 2" not in body and PARAS[1] in body
    shop = page(inside=listing("https://shop.example.org/dp/"), head=head)
    assert teaser_lists(parse(shop)) == []
    places = ", ".join(f"<li><a href='/place/{n}'>{n}</a></li>" for n in ("Takanabe", "Shintomi", "Kijo", "Kawaminami"))
    assert teaser_lists(parse(page(inside=f"<ul>{places}</ul>", head=head))) == []


def test_arrow_led_line_without_a_link_is_not_a_teaser():
    """A pointer sign is evidence only with a link away: "-> see below" or a quoted arrow stays."""
    from cleaners.parse import parse_html as parse
    from cleaners.teasers import teaser_lines

    html = page(inside='<p>&gt;&gt; Der Rat stimmte am Dienstag mit knapper Mehrheit zu.</p>'
                       '<p>&gt;&gt; Mehr dazu <a href="#unten">weiter unten</a></p>')
    assert teaser_lines(parse(html)) == []


def test_the_title_of_a_removed_block_in_a_box_of_its_own_goes_with_it_and_a_subheading_stays():
    """A page builder's section: the block's title in one box, the list of other stories in the next. The
    title goes with the list; a line before a removed block that the story goes on after is its subheading."""
    story = "".join(f"<p>{p}</p>" for p in PARAS)
    items = "".join(f'<li><a href="/world/2024/05/other-story-about-the-budget-{n}">Other story about the '
                    f"budget number {n}</a></li>" for n in range(4))
    title = "<div class='s1'><div class='c'><p class='subline'>More stories from the world of work</p></div></div>"
    block = f"<div class='s2'><div class='c'><ul>{items}</ul></div></div>"
    html = f"<html><body><h1>Minister survives budget vote</h1><main><article>{story}</article>{title}{block}</main></body></html>"
    article = extract_article(html, URL)
    assert "More stories from the world" not in article.body and PARAS[-1] in article.body
    for goes_on, kept in (("", False), (f"<div class='s3'><span>{PARAS[0]}</span></div>", True)):
        sub = "<div class='s1'><div class='c'><h3><strong>FROM JETSETTER TO CONVICT</strong></h3></div></div>"
        ctx = CleanContext(parse_html(f"<html><body><h1>Budget vote</h1><main><article>{story}{sub}{block}"
                                      f"{goes_on}</article></main></body></html>"))
        assert ctx.remove(ctx.tree.find(".//ul"), "related")
        assert ("JETSETTER" in text_of(ctx.tree)) is kept


def test_links_to_other_posts_after_a_short_post_go_and_a_list_of_shop_links_stays():
    """A list of links after the story's last paragraph is the site's other posts when they lead to this
    site; a list of recommended books or products in shops is the post's own (a deals post)."""
    from cleaners.related import _trailing_teaser_lists

    head = '<link rel="canonical" href="https://news.example.com/world/minister-budget-vote/">'
    def listing(href: str) -> str:
        return "<ul>" + "".join(f"<li><a href='{href}{i}'>Book {i}: a novel about virtual worlds</a></li>"
                                for i in range(4)) + "</ul>"
    for href, count in (("/world/2024/other-post-", 1), ("https://news.example.com/p/", 1),
                        ("https://www.amazon.example/dp/", 0), ("http://amzn.example/", 0)):
        ctx = CleanContext(parse_html(page(after=listing(href), head=head)))
        assert len(_trailing_teaser_lists(ctx)) == count, href


# ---------------------------------------------------------------- end matter
@pytest.mark.parametrize("line", [
    "Crédits photos : Bestimage",
    "Titelbild: Agentur / Fotograf",
    "© 2022, Example News. This article may not be reprinted without written permission.",
    "¡Mira lo que tiene nuestro canal de YouTube!",
    "Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)",
    "Do you want to be informed of our actions? Sign up here",
    "%d bloggers like this:",
    "© 2022, Example News. This article is the copyrighted property of Example News. Written permission must be "
    "obtained before reprint in online or print media. Reprinting content without permission and/or payment is "
    "theft and punishable by law.",  # a long notice: the copyright sign opens it
    # the comment form's notices, as the blog platforms print them
    "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
    "Comments are closed.",
    "Es gibt noch keine Kommentare.",
    "Para comentar debes registrarte y completar los datos generales.",
    "Les commentaires sont fermés.",
    "I commenti sono chiusi.",
    # the same notices in the languages added later
    "T\u00fcm haklar\u0131 sakl\u0131d\u0131r.",
    "\u0412\u0441\u0435 \u043f\u0440\u0430\u0432\u0430 \u0437\u0430\u0449\u0438\u0449\u0435\u043d\u044b.",
    "F\u00f8lg os p\u00e5 Facebook og Instagram",
    "Reacties zijn gesloten.",
    "Kaikki oikeudet pid\u00e4tet\u00e4\u00e4n.",
    # the comment form's error messages, follow calls, a donation appeal
    "Ihr Kommentar ist zu lang. Es sind maximal 2048 Zeichen erlaubt!",
    "Beim Absenden Ihres Kommentars ist ein Fehler aufgetreten.",
    "Folge uns auf Facebook | Instagram",
    "Siga-nos no Telegram.",
    "Dieser Artikel ist wichtig! Sichere diesen Journalismus!",
    "Please support independent journalism.",
    # a label left last with nothing after it to introduce
    "Seguir leyendo:",
    "Lue seuraavaksi:",
    "Zu den AutorInnen:",
    # the agency's or editor's initials, a wire story's credits, the newsroom's address
    "(dpa)", "(dr/spot)",
    "Reporting by Jane Roe in Beirut and John Doe in London; Writing by Jane Roe; Editing by Max Muster",
    "Roe reported from New York. Associated Press writers John Doe in Boston and Max Muster contributed to this report.",
    "Get in touch with our news team by emailing us at news@example.com.",
    "Alle Angaben ohne Gew\u00e4hr.",
    # a post's category and tag line
    "Filed under: Travel, Coast | Tags: ferries, storms",
    "Abgelegt unter: Lesenswert, Literatur",
    "Étiquettes : ferries, tempêtes",
])
def test_end_matter_after_the_story_goes(line):
    kept, removed = TEXT_CLEANERS["endmatter"]([PARAS[0], PARAS[1], line])
    assert removed == [line] and kept == [PARAS[0], PARAS[1]]


def test_end_matter_words_inside_the_story_stay():
    story = ["The mayor said the photos were posted on Facebook on Monday, and the council copied them.",
             "© marks were missing from every one of the images, the council's lawyer told the court."]
    kept, removed = TEXT_CLEANERS["endmatter"](story + PARAS)  # not among the last three paragraphs
    assert removed == [] and kept == story + PARAS
    kept, removed = TEXT_CLEANERS["endmatter"]([PARAS[0], "She posted the video on Facebook after the vote."])
    assert removed == []
    kept, removed = TEXT_CLEANERS["endmatter"]([PARAS[0], "Para comentar la ley, el ministro convocó a la prensa."])
    assert removed == []  # "para comentar" opens a notice, not a sentence that goes on
    kept, removed = TEXT_CLEANERS["endmatter"]([PARAS[0], "Two aides who contributed to this report's findings "
                                                           "were later promoted, the minister said."])
    assert removed == []  # the credit ends the line; a sentence that goes on is the story's
    kept, removed = TEXT_CLEANERS["endmatter"]([PARAS[0], "Posted in 1998, the letter reached the minister only last week."])
    assert removed == []
    kept, removed = TEXT_CLEANERS["endmatter"]([PARAS[0], "(2019)"])
    assert removed == []  # a year in parentheses is no agency's initials
    kept, removed = TEXT_CLEANERS["endmatter"]([PARAS[0], "Das vollständige Konzeptpapier finden Sie hier:"])
    assert removed == []  # a sentence that introduces a link: a reader may want it named
    kept, removed = TEXT_CLEANERS["endmatter"](["Quellen:"])
    assert removed == []  # the only line is no label left over
    kept, removed = TEXT_CLEANERS["endmatter"]([PARAS[0], "Sources:", "- The council's minutes, 3 May"])
    assert removed == []  # a label with what it introduces


def test_teaser_line_among_plain_story_paragraphs_goes_with_its_label():
    """Class-less story paragraphs are no 'run' that shields a teaser; its 'Read also:' label goes too."""
    story = "".join(f"<p>{p}</p>" for p in PARAS)
    html = (f"<html><body><h1>Minister survives budget vote</h1><article>{story}<p>Lesen Sie auch:</p>"
            '<p><a href="/politik/2024/andere-geschichte">Opposition fordert nach der Abstimmung sofortige '
            f"Neuwahlen</a></p>{story}</article></body></html>")
    article = extract_article(html, URL)
    assert "Opposition fordert" not in article.body and "Lesen Sie auch" not in article.body
    assert article.body.count(PARAS[0]) >= 1


def test_teaser_cards_after_the_story_go_and_a_linked_paragraph_in_it_stays():
    """A card is one link around another story's headline and excerpt; a story's own link is inside its text."""
    story = "".join(f"<p>{p}</p>" for p in PARAS)
    excerpt = ("RISK REMAINS: The ministry said a navy group had entered waters near the strait, which separates "
               "the island from its neighbour. It said the group was expected to move on and was being")
    cards = "".join(f'<a href="/news/2024/10/{n}"><div><p>{excerpt} {n}</p></div></a>' for n in range(3))
    linked = ('<p><a href="/news/2024/10/report">The full report</a> runs to 80 pages and was published on Monday '
              "by the ministry, which had promised it for months.</p>")
    html = (f"<html><body><h1>Troops begin joint drills</h1><article>{story}{linked}</article>"
            f"<div class='box'>{cards}</div></body></html>")
    article = extract_article(html, URL)
    assert "RISK REMAINS" not in article.body and article.removed.get("teasers") == 3
    assert "runs to 80 pages" in article.body and PARAS[-1] in article.body


def test_unnamed_river_of_story_cards_after_the_story_goes_and_a_digest_of_them_stays():
    """Headings that are each one link to another story of the site, with a short excerpt under each, in a
    block after the story: other stories, whatever the block's class. The same cards as the page's only
    text (a digest) are its content, and a story's own linked section headings with long paragraphs stay."""
    story = "".join(f"<p>{p}</p>" for p in PARAS * 3)
    card = ('<div class="x{n}"><h2><a href="/2024/05/16/other-story-about-the-budget-{n}/">Other story about '
            'the budget vote number {n}</a></h2><p>A summary of that other story, one sentence long, to tempt '
            'the reader onwards {n}.</p></div>')
    cards = "".join(card.format(n=n) for n in range(5))
    html = (f"<html><head><link rel='canonical' href='{URL}'></head><body><h1>Minister survives budget vote</h1>"
            f"<div class='q1'>{story}</div><div class='q2'>{cards}</div></body></html>")
    article = extract_article(html, URL)
    assert "number 3" not in article.body and "tempt the reader onwards 2" not in article.body
    assert PARAS[-1] in article.body and article.removed.get("teasers") == 1

    digest = f"<html><head><link rel='canonical' href='{URL}'></head><body><h1>This week</h1><div>{cards}</div></body></html>"
    assert "tempt the reader onwards 3" in extract_article(digest, URL).body

    long_text = " ".join(PARAS)
    sections = "".join(f'<h2><a href="/2024/05/16/budget-vote-part-{n}/">How the budget vote went part {n}</a></h2>'
                       f"<p>{long_text}</p>" for n in range(4))
    from cleaners.teasers import teaser_rivers
    assert teaser_rivers(parse_html(f"<html><body><h1>Budget</h1><div>{sections}</div></body></html>")) == []


def test_more_from_heading_takes_its_row_of_story_cards():
    """Cards (headline link, a summary, the author) keep links under half the text; a row of them is still
    a list of other stories, while a section of prose under a "More from" heading stays."""
    story = "".join(f"<p>{p}</p>" for p in PARAS)
    card = ('<div class="card"><h3><a href="/politics/{n}">Other story number {n}</a></h3>'
            '<p class="dek">A summary of that other story, one sentence long, to tempt the reader onwards {n}.</p>'
            '<p><a href="/authors/x">Jane Roe</a></p></div>')
    cards = "".join(card.format(n=n) for n in range(4))
    prose = ('<p class="text">The committee also heard from <a href="/auditor">the auditor</a>, who said the figures '
             'had been checked twice.</p><p class="text">She added that <a href="/report">the report</a> would be '
             "published on Friday.</p>") * 2
    html = (f"<html><body><h1>Minister survives budget vote</h1><article>{story}"
            f"<div><h2>More from the hearing</h2>{prose}</div></article>"
            f"<section><h2>More from The Weekly</h2><div class='row'>{cards}</div></section></body></html>")
    ctx = CleanContext(parse_html(html))
    blocks = ctx.headed_blocks(("more from",))
    assert [b.tag for b in blocks] == ["h2", "section"]  # the prose section keeps all but its heading


def test_a_heading_in_a_wrapper_of_its_own_takes_the_box_it_heads():
    """"<div class=text><h3>More on this</h3></div>" beside a teaser card: the box holding both goes, not the
    heading's wrapper alone (the card would stay, a headline of another story in the body)."""
    card = ('<div class="card"><a href="/news/7"><p>Birthday</p><h2>The headline of another story</h2></a>'
            '<div><p>21 January 2022</p></div></div>')
    box = f'<div class="box"><div class="box-inner"><div class="text"><h3>More on this</h3></div>{card}</div></div>'
    html = (f"<html><body><h1>Minister survives budget vote</h1><article>"
            f"{''.join(f'<p>{p}</p>' for p in PARAS)}</article>{box}</body></html>")
    ctx = CleanContext(parse_html(html))
    assert [b.get("class") for b in ctx.headed_blocks(("more on this",))] == ["box-inner"]
    article = extract_article(html, URL)
    assert "The headline of another story" not in article.body and all(p in article.body for p in PARAS)


def test_a_heading_wrapper_inside_the_story_does_not_climb_to_the_story():
    html = (f"<html><body><h1>Minister survives budget vote</h1><div class='story'><div class='text'><h3>Related</h3>"
            f"</div>{''.join(f'<p>{p}</p>' for p in PARAS)}</div></body></html>")
    ctx = CleanContext(parse_html(html))
    assert [b.get("class") for b in ctx.headed_blocks(("related",))] == ["text"]


def test_a_count_before_a_heading_phrase_still_names_the_box():
    """"6 Responses", "12 Kommentare": comment sections count their entries in the heading."""
    replies = "".join(f"<div><span>Reader {k}</span><p>{PARAS[k % 3]}</p></div>" for k in range(4))
    html = (f"<html><body><h1>Minister survives budget vote</h1><article>{''.join(f'<p>{p}</p>' for p in PARAS)}"
            f"</article><div class='thread'><h3>6 Responses</h3>{replies}</div>"
            f"<section><h2>3 responses to the budget</h2><p>{PARAS[0]}</p></section></body></html>")
    ctx = CleanContext(parse_html(html))
    assert [b.get("class") for b in ctx.headed_blocks(("responses",))] == ["thread"]


def test_label_before_an_ad_stays():
    """A paragraph ending in a colon introduces the story's next paragraph, not the ad between them."""
    html = page(inside='<p>Three measures stood out:</p><div class="ad-slot"><span>Advertisement</span></div>'
                       "<p>First, fuel duty stays frozen for another year, the minister said on Tuesday evening.</p>")
    article = extract_article(html, URL)
    assert "Three measures stood out:" in article.body


def test_table_of_contents_goes_with_its_title():
    toc = ('<div class="toc"><p>Contents</p><ul><li><a href="#vote">The vote</a></li><li><a href="#reaction">'
           'Reaction from the opposition parties</a></li><li><a href="#next">What happens next</a></li></ul></div>')
    article = extract_article(page(inside=toc), URL)
    assert "Reaction from the opposition parties" not in article.body and "Contents" not in article.body
    assert article.removed.get("toc") == 1


def test_table_of_contents_goes_with_a_title_box_beside_its_nav():
    # a TOC plugin's markup: the title in a box of its own, the list in a <nav>, both in the container
    toc = ('<div id="toc-container"><div class="toc-title-container"><p class="toc-title">Inhaltsverzeichnis</p>'
           '<span class="toggle"></span></div><nav><ul><li><a href="#a">Die Abstimmung</a></li><li><a href="#b">'
           'Die Reaktion der Opposition</a></li><li><a href="#c">Wie es weitergeht</a></li></ul></nav></div>')
    article = extract_article(page(inside=toc), URL)
    assert "Inhaltsverzeichnis" not in article.body and "Reaktion der Opposition" not in article.body
    assert all(p in article.body for p in PARAS)


def test_table_of_contents_in_a_story_set_in_a_list_item():
    # the story's own list item is no outer table of contents the TOC belongs to
    toc = ('<div class="toc"><p>Contents</p><ul><li><a href="#vote">The vote</a></li><li><a href="#reaction">'
           'Reaction from the opposition parties</a></li><li><a href="#next">What happens next</a></li></ul></div>')
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    html = (f"<html><body><ul class='stories'><li><h1>Minister survives budget vote</h1>{toc}{body}</li></ul>"
            "</body></html>")
    article = extract_article(html, URL)
    assert "Reaction from the opposition parties" not in article.body and "Contents" not in article.body
    assert article.removed.get("toc") == 1
    assert all(p in article.body for p in PARAS)


def test_an_author_described_in_microdata_is_a_bio_box_whatever_its_class():
    box = ('<div class="c-x91" itemprop="author" itemscope itemtype="https://schema.org/Person">'
           '<a href="/author/morgan/" rel="author"><span itemprop="name">Morgan Vale</span></a>'
           '<div itemprop="description"><p>Morgan Vale has covered the treasury for a decade and writes a weekly '
           'column on public money.</p></div></div>')
    article = extract_article(page(inside=box), URL)
    assert "weekly column" not in article.body and article.removed.get("authorbio") == 1
    assert all(p in article.body for p in PARAS)


def test_a_byline_person_in_microdata_stays_for_the_byline_reader():
    from cleaners.authorbio import described_authors

    byline = ('<p class="c-x92" itemprop="author" itemscope itemtype="https://schema.org/Person">By <span '
              'itemprop="name">Morgan Vale</span>, <span itemprop="jobTitle">Treasury correspondent</span></p>')
    assert described_authors(parse_html(page(inside=byline))) == []


def test_cards_whose_link_wraps_the_headline_after_the_story_go():
    # <a><img><h3>Headline</h3></a><p>excerpt</p>: the card as themes make it clickable whole, unnamed
    heads = ["A weekend of walking on the old coast path", "What the harbour looked like before the storm",
             "Ten questions for the new ferry operator"]
    cards = "<div>" + "".join(
        f"<div><a href='/news/2024/05/story-number-{i}-of-the-coast/'><img src='/i{i}.jpg'><h3>{h}</h3></a>"
        f"<p>{h}, and what the people who live there say about it now.</p></div>" for i, h in enumerate(heads)) + "</div>"
    article = extract_article(page(after=cards), URL)
    assert not any(h in article.body for h in heads) and article.removed.get("teasers")
    assert all(p in article.body for p in PARAS)


@pytest.mark.parametrize("bio", [
    "Morgan Vale is a reporter covering the treasury and its budgets for the paper since 2015.",
    "*Morgan Vale ist Redakteurin im Ressort Wirtschaft.*",
])
def test_a_bio_line_of_the_pages_author_after_the_story_goes(bio):
    head = '<meta name="author" content="Morgan Vale">'
    article = extract_article(page(inside=f"<div><img src='/a.jpg'><p>{bio}</p></div>", head=head), URL)
    assert bio.strip("*")[:30] not in article.body and all(p in article.body for p in PARAS)
    assert [a.name for a in article.authors] == ["Morgan Vale"]


def test_a_line_about_someone_else_or_inside_the_story_stays():
    head = '<meta name="author" content="Morgan Vale">'
    other = "Jane Roe is a reporter covering the treasury, the minister's spokesman said."
    article = extract_article(page(inside=f"<p>{other}</p>", head=head), URL)
    assert other in article.body
    early = "Morgan Vale is the minister's cousin, which the opposition raised in the debate on Tuesday."
    paras = [PARAS[0], early, *PARAS[1:]]
    assert early in extract_article(page(paras=paras, head=head), URL).body  # not among the last paragraphs


@pytest.mark.parametrize("line", [
    "By Morgan Vale, Senior Reporter", "By Morgan Vale | May 3, 2024", "Morgan Vale | 3 May 2024, 10:15",
    "Von Morgan Vale | 3. Mai 2024", "Por Morgan Vale / EFE", "Przez Morgan Vale", "Words by Morgan Vale",
    "Text: Morgan Vale", "Posted by Morgan Vale on May 3, 2024", "21. Jan 2022 // Morgan Vale",
])
def test_the_authors_byline_line_at_the_top_of_the_body_goes(line):
    head = '<meta name="author" content="Morgan Vale">'
    article = extract_article(page(paras=[line, *PARAS], head=head), URL)
    assert line not in article.body and all(p in article.body for p in PARAS)


@pytest.mark.parametrize("line", [
    "Morgan Vale said the ferry would run again.",  # a sentence, however short
    "Morgan Vale, who has covered the harbour for a decade, watched the first crossing of the new ferry on "
    "Monday and counted eleven passengers, most of them commuters.",
])
def test_a_sentence_naming_the_author_at_the_top_stays(line):
    head = '<meta name="author" content="Morgan Vale">'
    assert line in extract_article(page(paras=[line, *PARAS], head=head), URL).body


@pytest.mark.parametrize("line", [
    "Story by Morgan Vale", "Written by Morgan Vale", "Text: Morgan Vale", "Autorin: Morgan Vale", "Morgan Vale",
    "Words: Morgan Vale, Photos: Lee Park", "Posted by Morgan Vale, Harbour Desk, Island Times",
])
def test_the_authors_signature_at_the_end_of_the_body_goes(line):
    head = '<meta name="author" content="Morgan Vale">'
    article = extract_article(page(paras=[*PARAS, line], head=head), URL)
    assert line not in article.body and all(p in article.body for p in PARAS)


def test_a_sentence_naming_the_author_at_the_end_stays():
    head = '<meta name="author" content="Morgan Vale">'
    line = "Morgan Vale said the ferry would run again."
    assert line in extract_article(page(paras=[*PARAS, line], head=head), URL).body


def test_a_code_block_without_a_number_is_no_ad():
    code = "<div class='code-block'><pre><code>budget --year 2025 --vote final</code></pre></div>"
    article = extract_article(page(inside=code), URL)
    assert "budget --year 2025 --vote final" in article.body and "ads" not in article.removed


def test_list_of_links_to_other_pages_is_no_table_of_contents():
    from cleaners.toc import tables_of_contents

    links = "".join(f'<li><a href="/report/{i}">Budget report part {i}</a></li>' for i in range(4))
    assert tables_of_contents(parse_html(page(inside=f"<ul>{links}</ul>"))) == []


def test_prose_under_a_readmore_name_is_no_related_block():
    """'readmore' also names the expander that hides the rest of the story: prose is not a link list."""
    more = "".join(f"<p>{p}</p>" for p in PARAS[:3])
    html = page(inside=f'<div class="js_readmore">{more}</div>', paras=PARAS[3:] or PARAS[:1])
    article = extract_article(html, URL)
    assert PARAS[1] in article.body and "related" not in article.removed


def test_a_story_list_under_a_similar_name_stays():
    """'similar' on a list of the story's own points, few of them linked: prose, not a list of other stories."""
    points = "".join(f"<li>{p}</li>" for p in PARAS[:3]) + '<li>See the <a href="/budget/2025/draft">draft</a>.</li>'
    html = page(inside=f'<ul class="similar-cases">{points}</ul>', paras=PARAS[3:] or PARAS[:1])
    article = extract_article(html, URL)
    assert PARAS[1] in article.body and "related" not in article.removed


# ---------------------------------------------------------------- server_errors
PHP_WARNINGS = ('<br />\n<b>Warning</b>:  Use of undefined constant comments - assumed \'comments\' (this will throw an '
                'Error in a future version of PHP) in <b>/htdocs/wp-content/plugins/recent/recent.php</b> on line '
                '<b>928</b><br />\n')


def test_php_warnings_printed_into_a_short_post_are_not_its_body():
    # a short post with the server's warnings in a widget: trafilatura took the warnings for the story
    warnings = "".join(PHP_WARNINGS.replace("928", str(900 + i)) for i in range(6))
    html = (f"<html><body><div class='post'><h1>Number two</h1><div class='entry'><p>{PARAS[0]}</p></div></div>"
            f"<div class='grc'><ul>{warnings}</ul></div></body></html>")
    article, removals = explain_article(html, URL)
    assert "undefined constant" not in article.body and "on line" not in article.body
    assert PARAS[0] in article.body
    assert [r.cleaner for r in removals].count("server_errors") == 6


def test_a_story_that_quotes_a_warning_keeps_it():
    html = page(inside="<p><b>Warning</b>: the bridge is closed until Monday, the city said.</p>")
    assert "the bridge is closed until Monday" in extract_article(html, URL).body


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["<b>Warning</b>", "<b>Notice</b>:", ": x in ", "<b>/a.php</b>", " on line ",
                                 "<b>12</b>", "<br />", "<b></b>", "<i>on line</i>", "text ", "<p>", "</p>", "</b>"]),
                max_size=25))
def test_server_errors_never_breaks_a_page(parts):
    html = page(inside="".join(parts))
    article = extract_article(html, URL)
    assert PARAS[0] in article.body


def test_cyrillic_and_latin_words_of_their_own_stay():
    kept, removed = TEXT_CLEANERS["promo"](["Президент Зеленский встретился с Emmanuel Macron и Olaf Scholz в Париже.",
                                             "The Kremlin (Кремль) said Putin's speech would be broadcast on TV."])
    assert removed == []


def test_story_paragraphs_an_unclosed_link_swallowed_are_not_a_card():
    """<a href=…> left open before the story's last paragraphs: what it holds is the story, not a card."""
    from cleaners.teasers import teaser_cards

    swallowed = "".join(f"<p>{p}</p>" for p in PARAS[:4])
    card = f"<p>{PARAS[0][:180]}</p>"
    tree = parse_html(f'<html><body><article><a href="/other/story">{card}</a>'
                      f'<a href="/politics/vote">{swallowed}</a></article></body></html>')
    assert [text_of(a)[:40] for a in teaser_cards(tree)] == [PARAS[0][:40]]


# ---------------------------------------------------------------- embeds (text cleaner)
@pytest.mark.parametrize("line", [
    "View this post on Instagram",
    "Sieh dir diesen Beitrag auf Instagram an",
    "Voir cette publication sur Instagram",
    "Ver esta publicaci\u00f3n en Instagram",
    "A post shared by Jane Doe (@jane.doe)",
    "Ein Beitrag geteilt von Max Muster (@maxmuster) am Jan 3, 2021 um 10:15 PST",
    "Una publicaci\u00f3n compartida de Ana (@ana_g)",
    "Link zum YouTube-Inhalt",  # a consent placeholder where the video was
    # consent tools' placeholders in an embed's place
    "Empfohlener redaktioneller Inhalt",
    "An dieser Stelle finden Sie einen externen Inhalt, der den Artikel ergänzt. Sie können ihn sich mit "
    "einem Klick anzeigen lassen und wieder ausblenden.",
    "Ich bin damit einverstanden, dass mir externe Inhalte angezeigt werden. Damit können personenbezogene "
    "Daten an Drittplattformen übermittelt werden.",
    "Wir benötigen Ihre Zustimmung, um den Inhalt von YouTube zu laden.",
    "We need your consent to load the YouTube Video service!",
    "Click here to load the external content.",
    "Cliquez ici pour afficher le contenu.",
    "External content",
    "Wenn Sie dieses Youtube-Video sehen möchten, müssen Sie die externen YouTube-Cookies akzeptieren.",
    "If you want to watch this video, please accept marketing cookies.",
    "Personenbezogene Daten können an Drittplattformen übermittelt werden. Mehr dazu in unserer Datenschutzerklärung.",
])
def test_embed_text_goes(line):
    kept, removed = TEXT_CLEANERS["embeds"]([PARAS[0], line, PARAS[1]])
    assert removed == [line] and kept == [PARAS[0], PARAS[1]]


@pytest.mark.parametrize("line", [
    "She wrote on Instagram that she would view this post on Instagram as her farewell to the club.",
    "A post shared by the minister on Monday drew thousands of replies.",  # no (@handle): a sentence
    "Instagramshops machen es Abmahnanw\u00e4lten leicht",
    "Der externe Inhalt wurde blockiert, sagte der Sprecher.",
    "Ich bin damit einverstanden, sagte die Ministerin am Montag.",
    "External content moderators reviewed the posts, the company said.",
])
def test_sentences_about_instagram_stay(line):
    kept, removed = TEXT_CLEANERS["embeds"]([PARAS[0], line])
    assert removed == [] and kept == [PARAS[0], line]


def test_instagram_embed_fallback_leaves_the_body():
    # the shape of Instagram's embed code (version 14): the view line in nested divs, the credit in a link
    embed = ('<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/abc/" '
             'data-instgrm-version="14"><div><p>&nbsp;</p><div><div></div></div><div><div>View this post on '
             'Instagram</div></div><div><div></div></div><p><a href="https://www.instagram.com/p/abc/">A post '
             'shared by Jane Doe (@jane.doe)</a></p></div></blockquote>')
    article, removals = explain_article(page(inside=embed), URL)
    assert "View this post" not in article.body and "A post shared by" not in article.body
    assert PARAS[0] in article.body and PARAS[-1] in article.body
    assert any(r.cleaner == "embeds" for r in removals)  # trafilatura keeps the view line: ours takes it


# ---------------------------------------------------------------- notices (text cleaner)
@pytest.mark.parametrize("line", [
    "Loading...",
    "[object Object]",
    "Please enable JavaScript to view the comments.",
    "Hinweis: Sie verwenden einen Browser, der veraltet ist und moderne Seiten kaum mehr darstellen kann.",
    "Dieser Shop setzt voraus, dass Sie JavaScript aktiviert haben.",
    "Bitte warten - die Druckansicht der Seite wird vorbereitet.",
    "Vous utilisez un navigateur obsolète.",
    "${intro} ${title}",  # a template's variables left unfilled
    "{{ headline }} | {{ site_name }}",
    "Es gibt noch keine Kommentare.", "Comments are closed.", "Nessun commento.",  # a comment template's state
    "Nur angemeldete Benutzer können kommentieren und bewerten.",
    "Diese Website verwendet Akismet, um Spam zu reduzieren. Erfahre mehr darüber, wie deine Kommentardaten "
    "verarbeitet werden.",
    # WordPress's comment form, as it prints in its languages
    "Your email address will not be published. Required fields are marked *",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Notify me of follow-up comments by email.",
    "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
    "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
    "Tu dirección de correo electrónico no será publicada. Los campos obligatorios están marcados con *",
])
def test_script_notices_go(line):
    kept, removed = TEXT_CLEANERS["notices"]([PARAS[0], line, PARAS[1]])
    assert removed == [line] and kept == [PARAS[0], PARAS[1]]


@pytest.mark.parametrize("line", [
    "Loading the trucks took three hours, the driver said.",
    "null",  # a code example's line
    "${HOME}",  # one variable alone: a code example's line too
    "Set the path with ${HOME} and {{ name }} in the template.",
    "No comments yet, the spokesman said on Tuesday.",
    "Keine Kommentare gab es am Montag vom Ministerium.",
    "Many readers said they were using an outdated browser, the survey found.",  # not at the start
])
def test_sentences_about_loading_and_browsers_stay(line):
    kept, removed = TEXT_CLEANERS["notices"]([PARAS[0], line])
    assert removed == [] and kept == [PARAS[0], line]


def test_a_label_in_a_layout_tables_one_cell_is_still_a_label():
    kept, removed = TEXT_CLEANERS["promo"](["First real paragraph of the story.", "| Weitere Artikel zum Thema |",
                                            "| Der Preis stieg im Mai um drei Prozent |"])
    assert removed == ["| Weitere Artikel zum Thema |"]
    assert kept == ["First real paragraph of the story.", "| Der Preis stieg im Mai um drei Prozent |"]


def test_a_links_screen_reader_hint_is_no_part_of_the_sentence():
    from test_fields import NOW, URL, page

    inside = ('<p>The council published <a href="https://example.org/r.pdf" target="_blank">its report'
              '<span class="screen-reader-text"> (opens in a new tab)</span></a> on Monday, and the mayor answered.</p>'
              '<p>Der Rat hat <a href="/x">den Bericht<span class="vh">(öffnet im neuen Fenster)</span></a> '
              'veröffentlicht, sagte sie.</p>'
              '<p>Read the <a href="/guide">guide <em>that opens every window</em></a> before the vote.</p>')
    body = extract_article(page(inside=inside), URL, now=NOW).body
    assert "The council published its report on Monday, and the mayor answered." in body
    assert "Der Rat hat den Bericht veröffentlicht, sagte sie." in body
    assert "guide that opens every window before the vote" in body  # a link's own words, not a hint


def test_a_drop_caps_first_letter_joins_its_word_unless_the_letter_is_a_word():
    from test_fields import NOW, URL, page

    inside = ('<p><span class="initial-letter-outer"><span class="initial-letter">N</span></span> '
              '<span class="is-inline">a endlich! Der Entwurf liegt vor, sagte die Ministerin am Montag.</span></p>'
              '<p><span class="dropcap">A</span> man asked the council for the papers on Tuesday evening.</p>'
              '<p><span class="big">N</span> a wie, said the mayor, who spoke in dialect at the meeting.</p>')
    body = extract_article(page(inside=inside), URL, now=NOW).body
    assert "Na endlich! Der Entwurf liegt vor" in body
    assert "A man asked the council" in body  # "A" is a word
    assert "N a wie, said the mayor" in body  # no drop cap named: the text as written
    from cleaners.parse import join_drop_caps

    tree = parse_html('<html><body><div class="user"><span class="avatar-initial">M</span> mike_23</div></body></html>')
    join_drop_caps(tree)
    assert text_of(tree.find(".//div")) == "M mike_23"  # an avatar's initial beside a name: no paragraph


def test_a_story_inside_a_dialog_stays():
    # a single-page app that opens the article over the list it came from: the dialog holds the story
    story = "".join(f"<p>{p}</p>" for p in PARAS)
    html = (f"<html><body><div role='dialog' aria-modal='true'><article><h1>Budget passed</h1>{story}</article></div>"
            "</body></html>")
    article = extract_article(html, URL)
    assert all(p in article.body for p in PARAS)


def test_a_consent_dialogs_text_is_never_the_story_even_with_hashed_names():
    """A consent tool's preference centre (aria-modal, its class names hashed by the build) writes its notice
    as lines without <p>s, longer than a story written in <div>s: it is no text block of the page's, and goes."""
    story = "".join(f"<div class='x1a'>{p}</div>" for p in PARAS)
    notice = ("When you visit our website, we store cookies on your browser to collect information that is mostly "
              "used to make the site work as you expect it to and to give a more personal experience.<br>")
    html = (f"<html><body><div class='x0'><h1>Minister survives budget vote</h1>{story}</div>"
            f"<div class='x9f' role='region' aria-modal='true' aria-label='Preference center'><div class='x8e'>"
            f"{notice * 12}</div></div></body></html>")
    article = extract_article(html, URL)
    assert "store cookies on your browser" not in article.body
    assert PARAS[0] in article.body


def test_a_container_of_the_headline_and_a_story_of_br_lines_is_never_removed():
    """The story's container holds the headline (of two h1s, the one the <title> shows: the other is the
    logo) and the story as lines between <br>s: no cleaner's match removes it, even when a sidebar's
    paragraphs outweigh the story's and so take the anchor. Without the story's lines it may go."""
    lines = "<br><br>".join(f"<span>{p}</span>" for p in PARAS)
    teasers = "".join(f"<p>{p} Another story of the site, in the sidebar.</p>" for p in PARAS)
    for story, kept in ((lines, True), ("<span>Photo: Jane Doe</span>", False)):
        html = (f"<html><head><title>Minister survives budget vote : News</title></head><body>"
                f"<div class='top'><h1>News</h1></div><div id='c1'><h1>Minister survives budget vote</h1>"
                f"<div class='text'>{story}</div><div class='box'>Join the conversation</div></div>"
                f"<div class='side'>{teasers}{teasers}</div></body></html>")
        ctx = CleanContext(parse_html(html))
        assert ctx.remove(ctx.tree.find(".//div[@id='c1']"), "comments") is not kept


def test_an_accordion_under_a_tablist_role_stays():
    # accordions wrap their panels in role=tablist: the panels are the page's text, not a row of tabs
    panels = "".join(f"<li><h3 role='tab'>Question {i}</h3><div role='tabpanel'><p>{p}</p></div></li>"
                     for i, p in enumerate(PARAS))
    html = f"<html><body><article><h1>Budget passed</h1><ul role='tablist'>{panels}</ul></article></body></html>"
    assert all(p in extract_article(html, URL).body for p in PARAS)


def test_a_template_is_not_text():
    html = page(inside="<template><p>{{ headline }} Card text a script fills in for each teaser</p></template>")
    assert "Card text a script fills in" not in extract_article(html, URL).body


def test_a_section_hidden_until_found_stays():
    # hidden="until-found": a collapsed section of the text, which the browser's find-in-page opens
    extra = "The last crossing of the day now leaves at nine, an hour later than it did in the winter timetable."
    html = page(inside=f"<div hidden='until-found'><p>{extra}</p></div>")
    assert extra in extract_article(html, URL).body


def test_a_story_its_microdata_names_stays_under_a_widgets_name():
    # the article body declared by schema.org microdata, wearing a name a widget might (a hashed build, a theme)
    story = "".join(f"<p>{p}</p>" for p in PARAS)
    html = (f"<html><body><article><h1>Budget passed</h1><div class='comments' itemprop='articleBody'>{story}"
            "</div></article></body></html>")
    assert all(p in extract_article(html, URL).body for p in PARAS)


def test_a_story_of_br_lines_in_a_child_of_the_text_block_is_read():
    # the block holding the page's text wraps one <div> of <br> lines, named like a widget: its lines are the body
    story = "<br>".join(PARAS)
    html = (f"<html><body><h1>Budget passed</h1><div class='x1'><div class='comments'>{story}</div></div>"
            "<div class='x2'><p>Short other text.</p></div></body></html>")
    body = extract_article(html, URL).body
    assert sum(p in body for p in PARAS) >= len(PARAS) - 1 and "Short other text." not in body.split("\n\n")[:1]


# Widget names in the site's own language: reader comments ("kommentare", "comentarios") and related cards
# ("noticias-relacionadas", "verwandte-artikel", "berita-terkait") leave the body as their English names do
_OTHER_STORIES = ["Harbour market opens its summer season with fish stalls on the quay and a band on the pier",
                  "Council debates the price of the new parking permits near the terminal after complaints",
                  "Lighthouse keeper retires after forty years on the northern rocks and a party is planned"]


@pytest.mark.parametrize("name", ["kommentare", "comentarios", "commenti", "komentarze", "yorumlar", "reacties",
                                  "kommentarer", "commentaires"])
def test_reader_comments_under_a_name_in_another_language_go(name):
    block = f"<div class='{name}'>" + "".join(f"<p>{t}.</p>" for t in _OTHER_STORIES) + "</div>"
    body = extract_article(page(inside=block), "https://example.test/2024/05/budget/").body
    assert _OTHER_STORIES[0] not in body and PARAS[0] in body


@pytest.mark.parametrize("name", ["noticias-relacionadas", "articoli-correlati", "verwandte-artikel", "berita-terkait",
                                  "gerelateerde-artikelen", "powiazane-artykuly", "souvisejici-clanky", "tin-lien-quan"])
def test_related_cards_under_a_name_in_another_language_go(name):
    cards = "".join(f"<div><a href='/2024/05/story-{i}-about-the-harbour/'><img src='/i{i}.jpg'></a><span>"
                    f"<a href='/2024/05/story-{i}-about-the-harbour/'>{t[:40]}</a></span><p>{t}.</p></div>"
                    for i, t in enumerate(_OTHER_STORIES))
    body = extract_article(page(inside=f"<div class='{name}'>{cards}</div>"), "https://example.test/2024/05/budget/").body
    assert _OTHER_STORIES[0] not in body and PARAS[0] in body


def test_an_opinion_piece_named_kommentar_stays():
    """German "Kommentar" (singular) is an opinion piece: the story's own container may carry the name."""
    html = page().replace('<div class="entry-content">', '<div class="entry-content kommentar">')
    assert all(p in extract_article(html, "https://example.test/2024/05/budget/").body for p in PARAS)


@pytest.mark.parametrize("label,href,headline", [
    ("【関連記事】", "/articles/20240503123456", "港の朝市、夏の営業を開始へ"),
    ("相关新闻：", "/news/20240503123456.html", "市议会讨论码头停车费调整方案"),
])
def test_a_read_also_line_in_chinese_or_japanese_goes(label, href, headline):
    """Words of a headline link are counted as two characters each where the script writes no spaces."""
    line = f"<p>{label}<a href='{href}'>{headline}</a></p>"
    body = extract_article(page(inside=line), "https://example.test/2024/05/budget/").body
    assert headline not in body and PARAS[0] in body


def test_a_chinese_sentence_with_a_short_link_stays():
    line = "市政府表示，详细时刻表已在<a href='https://gov.example/ferry'>官方网站</a>公布，居民可以查询。"
    body = extract_article(page(inside=f"<p>{line}</p>"), "https://example.test/2024/05/budget/").body
    assert "居民可以查询" in body


@pytest.mark.parametrize("name", ["anzeige", "werbung", "publicidad", "pubblicita", "reklama", "reklam", "annons",
                                  "mainos", "iklan"])
def test_an_ad_slot_named_in_the_sites_language_goes(name):
    slot = f"<div class='{name}'><p>Holiday flat by the sea: book now and save twenty percent this week only</p></div>"
    body = extract_article(page(inside=slot), "https://example.test/2024/05/budget/").body
    assert "Holiday flat" not in body and PARAS[0] in body


def test_an_advertorial_whose_story_container_is_named_anzeige_keeps_its_story():
    html = page().replace('<div class="entry-content">', '<div class="entry-content anzeige">')
    assert all(p in extract_article(html, "https://example.test/2024/05/budget/").body for p in PARAS)
