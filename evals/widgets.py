"""make eval-widgets: the blocks that WordPress plugins and common themes write into a story, in their markup.

    python -m evals.widgets [--pages N] [--json PATH]

Sharing bars, like buttons, related-post lists, author boxes, newsletter forms, reading-time badges, tables of
contents, post navigation, category and tag lines and comment-service placeholders are what a blog or a small
publisher's page carries inside or right after its story, where an extractor that finds the story keeps them.
This takes N pages of the tuned half of trafilatura-eval and realworld (a fixed sample), adds one such block at a
time where its plugin writes it (appended to the story's block, put before its first paragraph, or after the
block), with the class names and structure that plugin renders (its public templates show them) and texts written
here for the purpose, and extracts each page with newsmill and bare trafilatura. It counts the pages whose body
holds the block's text and the pages whose body lost the story's longest paragraph. A report, not a test: it
exits 0. What it shows is how the pipeline treats each markup, not how often real pages carry it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from cleaners import extract_article
from evals.injected import parsed, squash, tuned_sample
from evals.renamed import story_block

_RELATED = ["A weekend of walking on the old coast path", "What the harbour looked like before the storm",
            "Ten questions for the new ferry operator"]


def _share_items(services: list[tuple[str, str]], item: str) -> str:
    return "".join(item.format(slug=slug, name=name) for slug, name in services)


_SERVICES = [("twitter", "Twitter"), ("facebook", "Facebook"), ("linkedin", "LinkedIn"), ("email", "Email")]

# (name, where, markup, phrases): `where` is "end" (last child of the story's block, as plugins that filter the
# post's content write it), "start" (its first child), "middle" (after its second paragraph), "after" (the
# block's next sibling, as themes write it) or "body" (the end of <body>, as consent tools do);
# the block counts as kept when the body holds any of its phrases
WIDGETS = [
    ("jetpack sharing", "end",
     "<div class='sharedaddy sd-sharing-enabled'><div class='robots-nocontent sd-block sd-social "
     "sd-social-icon-text sd-sharing'><h3 class='sd-title'>Share this:</h3><div class='sd-content'><ul>"
     + _share_items(_SERVICES, "<li class='share-{slug}'><a rel='nofollow noopener noreferrer' class='share-{slug} "
                               "sd-button share-icon' href='?share={slug}' target='_blank' title='Click to share on "
                               "{name}'><span>{name}</span><span class='sharing-screen-reader-text'>Click to share on "
                               "{name} (Opens in new window)</span></a></li>")
     + "<li class='share-end'></li></ul></div></div></div>",
     ["Share this:", "Click to share on"]),
    ("jetpack likes", "end",
     "<div class='sharedaddy sd-block sd-like jetpack-likes-widget-wrapper jetpack-likes-widget-unloaded' "
     "id='like-post-wrapper-1-2-3' data-name='like-post-frame-1-2-3'><h3 class='sd-title'>Like this:</h3>"
     "<div class='likes-widget-placeholder post-likes-widget-placeholder' style='height: 55px;'><span class='button'>"
     "<span>Like</span></span> <span class='loading'>Loading...</span></div><span class='sd-text-color'></span>"
     "<a class='sd-link-color'></a></div>",
     ["Like this:", "Loading..."]),
    ("jetpack related", "end",
     "<div id='jp-relatedposts' class='jp-relatedposts'><h3 class='jp-relatedposts-headline'><em>Related</em></h3>"
     "<div class='jp-relatedposts-items jp-relatedposts-items-visual'>" + "".join(
         f"<div class='jp-relatedposts-post jp-relatedposts-post{k}' data-post-id='{100 + k}'>"
         f"<h4 class='jp-relatedposts-post-title'><a class='jp-relatedposts-post-a' href='/p/{100 + k}/' "
         f"title='{t}'>{t}</a></h4><p class='jp-relatedposts-post-excerpt'>{t}, and what the people who live there "
         f"say about it now.</p><p class='jp-relatedposts-post-date'>12 March 2021</p>"
         f"<p class='jp-relatedposts-post-context'>In \"Local news\"</p></div>" for k, t in enumerate(_RELATED))
     + "</div></div>",
     _RELATED),
    ("addtoany", "end",
     "<div class='addtoany_share_save_container addtoany_content addtoany_content_bottom'>"
     "<div class='addtoany_header'>Share this story with your friends</div><div class='a2a_kit a2a_kit_size_32 "
     "addtoany_list' data-a2a-url='https://example.test/p/1/'>"
     + _share_items(_SERVICES, "<a class='a2a_button_{slug}' href='https://www.addtoany.com/add_to/{slug}' "
                               "title='{name}' rel='nofollow noopener' target='_blank'><span class='a2a_svg "
                               "a2a_s__default a2a_s_{slug}'></span><span class='a2a_label'>{name}</span></a>")
     + "<a class='a2a_dd addtoany_share_save addtoany_share' href='https://www.addtoany.com/share'></a></div></div>",
     ["Share this story with your friends"]),
    ("yarpp", "end",
     "<div class='yarpp yarpp-related yarpp-related-website yarpp-template-list'><h3>Related posts:</h3><ol>"
     + "".join(f"<li><a href='/p/{200 + k}/' rel='bookmark' title='{t}'>{t}</a></li>" for k, t in enumerate(_RELATED))
     + "</ol></div>",
     _RELATED),
    ("simple author box", "end",
     "<div class='saboxplugin-wrap' itemtype='http://schema.org/Person' itemscope itemprop='author'>"
     "<div class='saboxplugin-tab'><div class='saboxplugin-gravatar'><img src='/a.jpg' width='100' height='100' "
     "alt='Morgan Vale' itemprop='image'></div><div class='saboxplugin-authorname'><a href='/author/morgan/' "
     "class='vcard author' rel='author'><span class='fn'>Morgan Vale</span></a></div><div class='saboxplugin-desc'>"
     "<div itemprop='description'><p>Morgan Vale has written about the coast, its harbours and the people who work "
     "them for twenty years, and runs a small press in the old customs house.</p></div></div>"
     "<div class='clearfix'></div></div></div>",
     ["runs a small press in the old customs house"]),
    ("mailchimp for wp", "end",
     "<form id='mc4wp-form-1' class='mc4wp-form mc4wp-form-42' method='post' data-id='42' data-name='Newsletter'>"
     "<div class='mc4wp-form-fields'><h4>Never miss a story</h4><p>Get our weekly letter with the best of the "
     "harbour, the markets and the coast path straight into your inbox.</p><p><label>Email address: <input "
     "type='email' name='EMAIL' placeholder='Your email address' required></label></p><p><input type='submit' "
     "value='Sign up'></p></div><label style='display: none !important;'>Leave this field empty if you're human: "
     "<input type='text' name='_mc4wp_honeypot' value='' tabindex='-1' autocomplete='off'></label>"
     "<div class='mc4wp-response'></div></form>",
     ["best of the harbour, the markets", "Leave this field empty"]),
    ("shariff", "end",
     "<div class='shariff shariff-align-flex-start shariff-widget-align-flex-start'><div class='ShariffHeadline'>"
     "Diesen Beitrag weitersagen</div><ul class='shariff-buttons theme-round orientation-horizontal "
     "buttonsize-medium'>"
     + _share_items([("facebook", "teilen"), ("twitter", "twittern"), ("mailto", "mailen")],
                    "<li class='shariff-button {slug}'><a href='?share={slug}' title='{name}' aria-label='{name}' "
                    "role='button' rel='noopener nofollow' class='shariff-link' target='_blank'><span "
                    "class='shariff-icon'></span><span class='shariff-text'>{name}</span>&nbsp;</a></li>")
     + "</ul></div>",
     ["Diesen Beitrag weitersagen", "teilen twittern"]),
    ("reading time", "start",
     "<span class='span-reading-time rt-reading-time' style='display: block;'><span class='rt-label rt-prefix'>"
     "Reading Time: </span> <span class='rt-time'>4</span> <span class='rt-label rt-postfix'>minutes</span></span>",
     ["Reading Time:"]),
    ("easy table of contents", "start",
     "<div id='ez-toc-container' class='ez-toc-v2_0_17 counter-hierarchy ez-toc-grey'><div "
     "class='ez-toc-title-container'><p class='ez-toc-title'>Inhaltsverzeichnis</p><span "
     "class='ez-toc-title-toggle'><a href='#' class='ez-toc-pull-right ez-toc-btn ez-toc-btn-xs ez-toc-btn-default "
     "ez-toc-toggle' aria-label='ez-toc-toggle-icon-1'>Toggle</a></span></div><nav><ul class='ez-toc-list "
     "ez-toc-list-level-1'>" + "".join(
         f"<li class='ez-toc-page-1 ez-toc-heading-level-2'><a class='ez-toc-link ez-toc-heading-{k}' href='#h{k}' "
         f"title='Abschnitt {k}'>Abschnitt {k} des Hafenberichts</a></li>" for k in range(1, 5)) + "</ul></nav></div>",
     ["Inhaltsverzeichnis", "des Hafenberichts"]),
    ("post navigation", "after",
     "<nav class='navigation post-navigation' aria-label='Posts'><h2 class='screen-reader-text'>Post navigation</h2>"
     f"<div class='nav-links'><div class='nav-previous'><a href='/p/9/' rel='prev'><span class='meta-nav' "
     f"aria-hidden='true'>Previous Post</span> <span class='screen-reader-text'>Previous post:</span> <span "
     f"class='post-title'>{_RELATED[0]}</span></a></div><div class='nav-next'><a href='/p/11/' rel='next'><span "
     f"class='meta-nav' aria-hidden='true'>Next Post</span> <span class='screen-reader-text'>Next post:</span> "
     f"<span class='post-title'>{_RELATED[1]}</span></a></div></div></nav>",
     ["Previous Post", "Post navigation"] + _RELATED[:2]),
    ("entry footer", "after",
     "<footer class='entry-footer'><span class='cat-links'>Posted in <a href='/category/harbour/' "
     "rel='category tag'>Harbour</a>, <a href='/category/coast/' rel='category tag'>Coast</a></span><span "
     "class='tags-links'>Tagged <a href='/tag/ferries/' rel='tag'>ferries</a>, <a href='/tag/storms/' "
     "rel='tag'>storms</a></span><span class='comments-link'><a href='#respond'>Leave a comment</a></span></footer>",
     ["Posted in", "Tagged ferries", "Leave a comment"]),
    # what news sites' own templates and third-party services put in or around a story
    ("ad label", "middle",
     "<div class='ad-container ad-inline'><div class='ad-label'>Advertisement</div><div id='div-gpt-ad-1-0' "
     "class='ad-slot' data-ad-unit='article_inline'></div></div>",
     ["Advertisement"]),
    ("inline related", "middle",
     "<aside class='related-inline'><h4>Read more</h4><ul><li><a href='/news/ferry-timetable/'>" + _RELATED[2]
     + "</a></li></ul></aside>",
     [_RELATED[2]]),
    ("inline newsletter", "middle",
     "<div class='newsletter-signup inline-signup'><h3>The harbour briefing</h3><p>Every weekday morning: the "
     "stories from the coast you need to start the day, in one short letter.</p><form action='/subscribe' "
     "method='post'><input type='email' name='email' placeholder='Email address'><button type='submit'>Sign "
     "up</button></form></div>",
     ["in one short letter", "The harbour briefing"]),
    ("taboola", "after",
     "<div id='taboola-below-article-thumbnails' class='trc_related_container tbl-feed-container'><div "
     "class='trc_rbox_container'><div class='trc_rbox thumbnails-feed-a trc-content-sponsored'><div "
     "class='trc_rbox_header trc_rbox_border_elm'><div class='trc_header_ext'><div class='logoDiv "
     "link-disclosure'><a href='#'><span>Sponsored Links</span></a></div></div><div "
     "class='trc_rbox_header_span'><span class='tbl-header-text'>Around the coast</span></div></div><div "
     "class='trc_rbox_outer'><div class='trc_rbox_div trc_rbox_border_elm'>" + "".join(
         f"<div class='videoCube trc_spotlight_item syndicatedItem'><a class='item-thumbnail-href' href='/ad/{k}'>"
         f"<div class='thumbBlock_holder'><span class='thumbBlock'></span></div></a><a class='item-label-href' "
         f"href='/ad/{k}'><span class='video-label-box'><span class='video-title'>{t}</span><span "
         f"class='branding'>Coastline Outfitters</span></span></a></div>" for k, t in enumerate(_RELATED))
     + "</div></div></div></div></div>",
     _RELATED + ["Coastline Outfitters"]),
    ("outbrain", "after",
     "<div class='OUTBRAIN' data-widget-id='AR_1'><div class='ob-widget ob-feed-layout AR_1'><div "
     "class='ob-widget-header'><span class='ob_what'>Picked for you</span></div><div "
     "class='ob-widget-items-container'>" + "".join(
         f"<div class='ob-dynamic-rec-container ob-recIdx-{k} ob-p'><a class='ob-dynamic-rec-link' "
         f"href='/ob/{k}'><div class='ob-rec-image-container'></div><div class='ob-rec-text-container'><span "
         f"class='ob-rec-text'>{t}</span><span class='ob-rec-source'>Harbour Travel</span></div></a></div>"
         for k, t in enumerate(_RELATED)) + "</div></div></div>",
     _RELATED + ["Harbour Travel"]),
    ("onetrust banner", "body",
     "<div id='onetrust-consent-sdk'><div id='onetrust-banner-sdk' class='otFlat' role='region' "
     "aria-label='Cookie banner'><div role='dialog' aria-label='Privacy'><div class='ot-sdk-container'><div "
     "id='onetrust-group-container'><div id='onetrust-policy'><h2 id='onetrust-policy-title'>Your choices on "
     "this site</h2><div id='onetrust-policy-text'>With your permission, this site and the companies it works "
     "with keep small files on your device to count visits, remember settings and show ads that suit you. You "
     "can say no, or change your mind later in the settings at the foot of each page.</div></div></div><div "
     "id='onetrust-button-group'><button id='onetrust-pc-btn-handler'>Cookie Settings</button><button "
     "id='onetrust-reject-all-handler'>Reject All</button><button id='onetrust-accept-btn-handler'>Accept All "
     "Cookies</button></div></div></div></div></div>",
     ["keep small files on your device", "Accept All Cookies"]),
    ("cookiebot dialog", "body",
     "<div id='CybotCookiebotDialog' role='dialog' aria-modal='true' class='CybotCookiebotDialogActive "
     "CybotEdge'><div class='CybotCookiebotDialogContentWrapper'><div id='CybotCookiebotDialogBody'><div "
     "id='CybotCookiebotDialogBodyContent'><h2 id='CybotCookiebotDialogBodyContentTitle'>Diese Seite und "
     "Ihre Daten</h2><div id='CybotCookiebotDialogBodyContentText'>Mit Ihrer Zustimmung speichern wir und "
     "unsere Partner kleine Dateien auf Ihrem Gerät, um Besuche zu zählen, Einstellungen zu behalten und "
     "Werbung zu zeigen, die zu Ihnen passt. Ihre Wahl können Sie jederzeit am Fuß jeder Seite ändern."
     "</div></div></div><div id='CybotCookiebotDialogFooter'><button "
     "id='CybotCookiebotDialogBodyButtonDecline'>Ablehnen</button><button "
     "id='CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll'>Alle zulassen</button></div></div></div>",
     ["kleine Dateien auf Ihrem Gerät"]),
    ("disqus", "after",
     "<div id='disqus_thread'></div><noscript>Please enable JavaScript to view the <a "
     "href='https://disqus.com/?ref_noscript'>comments powered by Disqus.</a></noscript>",
     ["comments powered by Disqus"]),
    # more WordPress plugins: sharing, recipes, subscription forms, related posts, breadcrumbs
    ("sassy social share", "end",
     "<div class='heateor_sss_sharing_container heateor_sss_horizontal_sharing' data-heateor-sss-href='/p/10/'>"
     "<div class='heateor_sss_sharing_title' style='font-weight:bold'>Spread the love</div><div "
     "class='heateor_sss_sharing_ul'>" + _share_items(_SERVICES, "<a class='heateor_sss_{slug}' href='?share={slug}' "
                                                        "title='{name}' rel='nofollow noopener' target='_blank'><span "
                                                        "class='heateor_sss_svg'></span></a>")
     + "</div><div class='heateorSssClear'></div></div>",
     ["Spread the love"]),
    ("social warfare", "start",
     "<div class='swp_social_panel swp_horizontal_panel swp_flat_fresh swp_default_full_color' data-position='above'>"
     + _share_items(_SERVICES[:3], "<div class='nc_tweetContainer swp_share_button swp_{slug}' data-network='{slug}'>"
                                   "<a class='nc_tweet swp_share_link' rel='nofollow noreferrer noopener' "
                                   "target='_blank' href='?share={slug}'><span class='swp_count swp_hide'><span "
                                   "class='iconFiller'><span class='spaceManWilly'><i class='sw swp_{slug}_icon'></i>"
                                   "<span class='swp_share'>{name}</span></span></span></span></a></div>")
     + "<div class='nc_tweetContainer swp_share_button total_shares total_sharesalt'><span "
       "class='swp_count'>1.2K <span class='swp_label'>Shares</span></span></div></div>",
     ["Shares", "Twitter Facebook LinkedIn"]),
    ("elementor share buttons", "after",
     "<div class='elementor-widget elementor-widget-share-buttons'><div class='elementor-widget-container'><div "
     "class='elementor-grid'>" + _share_items(_SERVICES[:3], "<div class='elementor-grid-item'><div "
                                                             "class='elementor-share-btn elementor-share-btn_{slug}' "
                                                             "role='button' tabindex='0' aria-label='Share on {slug}'>"
                                                             "<span class='elementor-share-btn__icon'></span><div "
                                                             "class='elementor-share-btn__text'><span "
                                                             "class='elementor-share-btn__title'>{name}</span></div>"
                                                             "</div></div>")
     + "</div></div></div>",
     ["Twitter Facebook LinkedIn"]),
    ("recipe jump and print", "start",
     "<div class='wprm-recipe-snippet wprm-recipe-snippet-simple-buttons'><a href='#recipe-12' data-recipe='12' "
     "class='wprm-recipe-jump wprm-recipe-link wprm-jump-to-recipe-shortcode wprm-block-text-normal "
     "wprm-recipe-jump-inline-button wprm-recipe-link-inline-button wprm-color-accent'>Jump to Recipe</a> <a "
     "href='/wprm_print/12' data-recipe-id='12' class='wprm-recipe-print wprm-recipe-link wprm-print-recipe-shortcode "
     "wprm-block-text-normal wprm-recipe-print-inline-button wprm-recipe-link-inline-button wprm-color-accent' "
     "target='_blank' rel='nofollow'>Print Recipe</a></div>",
     ["Jump to Recipe", "Print Recipe"]),
    ("jetpack subscribe form", "after",
     "<div class='wp-block-jetpack-subscriptions__container'><form action='#' method='post' accept-charset='utf-8' "
     "id='subscribe-blog-1'><p id='subscribe-email'><label id='jetpack-subscribe-label' class='screen-reader-text' "
     "for='subscribe-field-1'>Type your email…</label><input type='email' name='email' required='required' "
     "class='no-border-radius' value='' id='subscribe-field-1' placeholder='Type your email…'></p><p "
     "id='subscribe-submit'><button type='submit' class='wp-block-button__link'>Subscribe</button></p></form></div>",
     ["Type your email"]),
    ("newsletter plugin form", "end",
     "<div class='tnp tnp-subscription'><form method='post' action='/?na=s'><input type='hidden' name='nlang' "
     "value=''><div class='tnp-field tnp-field-email'><label for='tnp-1'>Email</label><input class='tnp-email' "
     "type='email' name='ne' id='tnp-1' value='' placeholder='' required></div><div class='tnp-field "
     "tnp-privacy-field'><label><input type='checkbox' name='ny' required class='tnp-privacy'> I agree to the "
     "harbour letter's privacy rules</label></div><div class='tnp-field tnp-field-button'><input class='tnp-submit' "
     "type='submit' value='Subscribe'></div></form></div>",
     ["harbour letter's privacy rules"]),
    ("contextual related posts", "after",
     "<div class='crp_related crp-rounded-thumbs'><h3>Related Posts:</h3><ul>" + "".join(
         f"<li><a href='/p/{k}/' class='crp_link post-{k}'><figure><img width='150' height='150' "
         f"src='/t{k}.jpg' class='crp_thumb crp_featured' alt='{t}' title='{t}'></figure><span "
         f"class='crp_title'>{t}</span></a></li>" for k, t in enumerate(_RELATED)) + "</ul><div "
     "class='crp_clear'></div></div>",
     ["Related Posts:"] + _RELATED),
    ("yoast breadcrumbs", "start",
     "<p id='breadcrumbs'><span><span><a href='/'>Home</a></span> » <span><a href='/harbour/'>Harbour</a></span> "
     "» <span class='breadcrumb_last' aria-current='page'>The island ferry changes its timetable</span></span></p>",
     ["Home » Harbour"]),
    ("rank math breadcrumbs", "start",
     "<nav aria-label='breadcrumbs' class='rank-math-breadcrumb'><p><a href='/'>Home</a><span class='separator'> "
     "&raquo; </span><a href='/harbour/'>Harbour</a><span class='separator'> &raquo; </span><span "
     "class='last'>The island ferry changes its timetable</span></p></nav>",
     ["Home » Harbour"]),
    # more consent tools, as their scripts render them into the page
    ("borlabs cookie", "body",
     "<div id='BorlabsCookieBox' class='BorlabsCookie' role='dialog' aria-labelledby='CookieBoxTextHeadline' "
     "aria-describedby='CookieBoxTextDescription' aria-modal='true'><div class='bottom-center'><div "
     "class='_brlbs-bar-wrap'><div class='_brlbs-bar _brlbs-bar-advanced'><div class='cookie-box'><div "
     "class='container'><div class='row align-items-center'><div class='col-12 col-sm-9'><div class='_brlbs-flex-center'>"
     "<span role='heading' aria-level='3' class='_brlbs-h3' id='CookieBoxTextHeadline'>Datenschutzeinstellungen</span>"
     "</div><p id='CookieBoxTextDescription'>Diese Seite nutzt kleine Dateien auf Ihrem Gerät, um Besuche zu "
     "zählen und Ihre Einstellungen zu behalten; einige davon sind nötig, andere helfen uns, die Seite zu "
     "verbessern.</p></div><div class='col-12 col-sm-3'><p class='_brlbs-accept'><a href='#' tabindex='0' "
     "role='button' class='_brlbs-btn _brlbs-btn-accept-all _brlbs-cursor' data-cookie-accept-all>Alle "
     "akzeptieren</a></p><p class='_brlbs-refuse-btn'><a class='_brlbs-btn _brlbs-cursor' href='#' tabindex='0' "
     "role='button' data-cookie-refuse>Nur essenzielle Cookies akzeptieren</a></p></div></div></div></div></div>"
     "</div></div></div>",
     ["Datenschutzeinstellungen", "Besuche zu zählen und Ihre Einstellungen"]),
    ("complianz banner", "body",
     "<div class='cmplz-cookiebanner cmplz-hidden banner-1 optin cmplz-bottom-right cmplz-categories-type-view-"
     "preferences' aria-modal='true' data-nosnippet='true' role='dialog' aria-live='polite' "
     "aria-labelledby='cmplz-header-1-optin' aria-describedby='cmplz-message-1-optin'><div class='cmplz-header'>"
     "<div class='cmplz-title' id='cmplz-header-1-optin'>Manage consent</div></div><div class='cmplz-body'><div "
     "class='cmplz-message' id='cmplz-message-1-optin'>This site keeps small files on your device to remember your "
     "settings and count visits; you choose which.</div></div><div class='cmplz-buttons'><button class='cmplz-btn "
     "cmplz-accept'>Accept</button><button class='cmplz-btn cmplz-deny'>Deny</button><button class='cmplz-btn "
     "cmplz-view-preferences'>View preferences</button></div></div>",
     ["remember your settings and count visits", "Manage consent"]),
    ("cookieyes banner", "body",
     "<div class='cky-consent-container cky-box-bottom-left' tabindex='0' aria-label='We value your privacy' "
     "role='region'><div class='cky-consent-bar'><div class='cky-notice'><p class='cky-title' role='heading' "
     "aria-level='1'>We value your privacy</p><div class='cky-notice-group'><div class='cky-notice-des'><p>This "
     "site keeps small files on your device to count visits and remember your choices.</p></div><div "
     "class='cky-notice-btn-wrapper'><button class='cky-btn cky-btn-customize'>Customize</button><button "
     "class='cky-btn cky-btn-reject'>Reject All</button><button class='cky-btn cky-btn-accept'>Accept All</button>"
     "</div></div></div></div></div>",
     ["We value your privacy", "count visits and remember your choices"]),
    ("cookie law info bar", "body",
     "<div id='cookie-law-info-bar' data-nosnippet='true'><span>This site keeps small files on your device so it "
     "works as you expect; say no in the settings if you wish.<a role='button' class='cli_settings_button' "
     "style='margin:5px 20px 5px 20px'>Cookie settings</a><a role='button' data-cli_action='accept' "
     "id='cookie_action_close_header' class='medium cli-plugin-button cli-plugin-main-button "
     "cookie_action_close_header cli_action_button wt-cli-accept-btn'>ACCEPT</a></span></div>",
     ["so it works as you expect"]),
    ("didomi notice", "body",
     "<div id='didomi-host' data-nosnippet='true' aria-hidden='false'><div class='didomi-popup-container'><div "
     "id='didomi-notice' class='didomi-regular-notice didomi-notice-banner shape-rounded bottom' role='region' "
     "aria-label='Cookie banner'><div class='didomi-notice-data-paragraph'><div class='didomi-notice-text'>We and "
     "our partners keep small files on your device and read them to count visits and choose the ads you see.</div>"
     "</div><div id='buttons' class='didomi-buttons didomi-notice-buttons'><button "
     "id='didomi-notice-learn-more-button' class='didomi-components-button didomi-button "
     "didomi-button-standard'>Learn more</button><button id='didomi-notice-agree-button' "
     "class='didomi-components-button didomi-button didomi-button-highlight'>Agree and close</button></div></div>"
     "</div></div>",
     ["choose the ads you see", "Agree and close"]),
]


_STEPS = ["The first boat leaves the harbour at seven in the morning, an hour earlier than last year.",
          "Passengers with bicycles board first and leave last, at the back of the car deck.",
          "Tickets bought on board cost two euros more than those bought at the kiosk."]

# the parts of a story that templates mark up as blocks of their own, which must stay in the body
STORY_PARTS = [
    ("table", "middle",
     "<figure class='wp-block-table'><table><thead><tr><th>Crossing</th><th>Boats a day</th><th>Minutes</th></tr>"
     "</thead><tbody><tr><td>Harbour to the island</td><td>six</td><td>forty</td></tr><tr><td>Island to the "
     "lighthouse quay</td><td>four</td><td>twenty-five</td></tr></tbody></table></figure>",
     ["Island to the lighthouse quay"]),
    ("list", "middle", "<ul class='wp-block-list'>" + "".join(f"<li>{t}</li>" for t in _STEPS) + "</ul>",
     _STEPS[1:2]),
    ("steps", "middle", "<ol>" + "".join(f"<li>{t}</li>" for t in _STEPS) + "</ol>", _STEPS[2:]),
    ("quote", "middle",
     "<blockquote class='wp-block-quote'><p>We will keep the island connected whatever the weather does this "
     "winter, and we will tell people early when a crossing has to wait.</p><cite>The ferry operator</cite>"
     "</blockquote>",
     ["keep the island connected whatever the weather"]),
    ("callout group", "middle",
     "<div class='wp-block-group has-background' style='background-color:#eef'><div "
     "class='wp-block-group__inner-container'><p>The new timetable applies from the first of May. Season tickets "
     "bought before then stay valid until they expire, the operator said in its notice to islanders.</p></div>"
     "</div>",
     ["Season tickets bought before then stay valid"]),
    ("subheading", "middle",
     "<h2 class='wp-block-heading' id='what-changes-for-islanders'>What changes for islanders</h2><p>Islanders "
     "who work on the mainland will gain twenty minutes each morning, but the last boat back now leaves before "
     "the evening shift at the hospital ends.</p>",
     ["the last boat back now leaves before the evening shift"]),
    ("interview", "middle",
     "<p><strong>Why did the timetable change?</strong></p><p>Because the new boat is slower in a swell than the "
     "old one, and we would rather arrive late than not at all, the captain said.</p>",
     ["we would rather arrive late than not at all"]),
    ("code", "middle",
     "<pre class='wp-block-code'><code>ferry --route island --depart 07:00 --bikes 12</code></pre>",
     ["--route island --depart 07:00"]),
]


def _place(block, markup: str, where: str, named: bool) -> None:
    fragments = lxml_html.fragments_fromstring(markup)
    if not named:  # the same block without its names: what its words and shape alone tell
        for el in (x for f in fragments for x in f.iter() if isinstance(x.tag, str)):
            for attr in ("class", "id"):
                el.attrib.pop(attr, None)
    if where == "start":
        for k, el in enumerate(fragments):
            block.insert(k, el)
    elif where == "end":
        for el in fragments:
            block.append(el)
    elif where == "middle":  # after the story's second paragraph
        anchor = [c for c in block if c.tag == "p"][1]
        for el in fragments:
            anchor.addnext(el)
            anchor = el
    elif where == "body":  # the end of the page, where consent tools write their banners
        body = block.getroottree().getroot().find("body")
        for el in fragments:
            body.append(el)
    else:
        anchor = block
        for el in fragments:
            anchor.addnext(el)
            anchor = el


def score_page(html: str, url: str) -> list[dict] | None:
    """Rows (widget, extractor, block kept, story lost) for one page; None when it has no story block."""
    tree = parsed(html)
    if tree is None:
        return None
    block = story_block(tree)
    texts = [squash(c.text_content()) for c in block if c.tag == "p"] if block is not None else []
    if len(texts) < 3:
        return None
    probe = max(texts, key=len)[:60]
    path, plain = tree.getroottree().getpath(block), lxml_html.tostring(tree, encoding="unicode")
    bodies = {"newsmill": lambda page: extract_article(page, url).body or "",
              "trafilatura": lambda page: trafilatura.extract(page, url=url, include_comments=False) or ""}
    # a story paragraph the extractor drops from the page as it is is not lost to the block
    probed = {e: probe in squash(read(plain)) for e, read in bodies.items()}
    rows = []
    blocks = [(k, "widget", w) for k, w in enumerate(WIDGETS)] + [(k, "story", w) for k, w in enumerate(STORY_PARTS)]
    for k, kind, (name, where, markup, phrases) in blocks:
        for named in (True, False):
            copy = lxml_html.document_fromstring(plain)
            _place(copy.getroottree().xpath(path)[0], markup, where, named)
            page = lxml_html.tostring(copy, encoding="unicode")
            for extractor, read in bodies.items():
                flat = squash(read(page))
                rows.append({"widget": k, "kind": kind, "name": name, "named": named, "extractor": extractor,
                             "kept": any(squash(p) in flat for p in phrases),
                             "story_lost": probed[extractor] and probe not in flat})
    return rows


def _table(rows: list[dict], kind: str, entries: list, counted) -> None:
    """One line per block: pages `counted` holds | pages that lost the story, named and unnamed."""
    for k, (name, where, _, _) in enumerate(entries):
        cells = []
        for named in (True, False):
            mine = [r for r in rows if r["kind"] == kind and r["widget"] == k and r["named"] is named]
            n = {e: (sum(counted(r) for r in mine if r["extractor"] == e),
                     sum(r["story_lost"] for r in mine if r["extractor"] == e)) for e in ("newsmill", "trafilatura")}
            cells.append(f"{n['newsmill'][0]:3d} / {n['trafilatura'][0]:3d} | {n['newsmill'][1]:2d} / {n['trafilatura'][1]:2d}")
        print(f"  {name:24} {where:6} {cells[0]:>22}   {cells[1]:>22}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.widgets", description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=40, metavar="N", help="pages of each corpus's tuned half (40)")
    ap.add_argument("--json", dest="json_path", metavar="PATH", help="write every row as JSON")
    args = ap.parse_args(argv)
    rows = []
    for corpus, p, html in tuned_sample(args.pages, random.Random(20261207)):
        rows += [{"corpus": corpus, "page": p.id, **r} for r in score_page(html, p.url) or []]
    pages = len({(r["corpus"], r["page"]) for r in rows})
    print(f"{pages} pages, one plugin's block at a time, with its class names and ids and without them; pages whose "
          "body holds the block | lost the story's longest paragraph (newsmill / trafilatura)")
    print(f"  {'':31} {'named':>22}   {'unnamed':>22}")
    _table(rows, "widget", WIDGETS, lambda r: r["kept"])
    print("the story's own blocks, one at a time: pages whose body lacks the block | lost the story's longest "
          "paragraph (newsmill / trafilatura)")
    _table(rows, "story", STORY_PARTS, lambda r: not r["kept"])
    for named in (True, False):
        mine = [r for r in rows if r["named"] is named]
        kept = {e: sum(r["kept"] for r in mine if r["extractor"] == e and r["kind"] == "widget")
                for e in ("newsmill", "trafilatura")}
        missing = {e: sum(not r["kept"] for r in mine if r["extractor"] == e and r["kind"] == "story")
                   for e in ("newsmill", "trafilatura")}
        lost = {e: sum(r["story_lost"] for r in mine if r["extractor"] == e)
                for e in ("newsmill", "trafilatura")}
        print(f"eval-widgets {'named' if named else 'unnamed'}: {len(WIDGETS)} blocks x {pages} pages, kept in the "
              f"body newsmill {kept['newsmill']}, trafilatura {kept['trafilatura']}; {len(STORY_PARTS)} story parts, "
              f"missing newsmill {missing['newsmill']}, trafilatura {missing['trafilatura']}; story lost newsmill "
              f"{lost['newsmill']}, trafilatura {lost['trafilatura']}")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
