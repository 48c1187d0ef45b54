"""Each boilerplate line of tests/fixtures/boilerplate_lines/, appended to a story as a paragraph of its own
(no class names to go by), put before it (`*.top.txt`) or between its paragraphs (`*.mid.txt`), leaves the
body; the story stays whole."""

from pathlib import Path

import pytest

from cleaners import extract_article

HERE = Path(__file__).parent / "fixtures" / "boilerplate_lines"
PARAS = [f"Paragraph {i} of the report on the island ferry: the operator changed its timetable this spring and "
         f"islanders who work on the mainland have had to rearrange their mornings around the new crossings."
         for i in range(6)]
# Left on purpose: a republication credit, an opinion disclaimer, an invitation to write in, a dated update
# line and a video's title are the story's own words on some sites
STAY = {"This article originally appeared on The Harbour Times.", "Originally published on The Harbour Times.",
        "The views expressed in this article are the author's own.", "Have your say", "We want to hear from you",
        "Got a news tip? Email us at tips@example.com", "Become a member", "Zuletzt aktualisiert am 3. Mai 2024",
        "Video: Die neue Fähre verlässt den Hafen"}
LINES = [(path.name, line.strip()) for path in sorted(HERE.glob("*.txt"))
         for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name,line", [x for x in LINES if x[1] not in STAY], ids=lambda x: x if len(x) < 3 else None)
def test_a_boilerplate_line_beside_the_story_goes(name, line):
    lang, where = name.split(".")[0], name.split(".")[1]  # en.txt: after the story; en.top.txt, en.mid.txt
    at = {"top": 0, "mid": 3}.get(where, len(PARAS))
    story = "".join(f"<p>{p}</p>" for p in PARAS[:at]) + f"<p>{line}</p>" + "".join(f"<p>{p}</p>" for p in PARAS[at:])
    html = (f"<html lang='{lang}'><head><title>Ferry</title></head><body><article><h1>The island ferry changes its "
            f"timetable</h1><div class='c1'>{story}</div></article></body></html>")
    body = extract_article(html, "https://example.test/2024/05/ferry/").body
    assert line[:25] not in " ".join(body.split())
    assert all(p in body for p in PARAS)


# Story lines that open with a boilerplate line's words, or hold them: each stays where the line would go.
SENTENCES = [
    ("en", "Posted by the harbour master at 10:42 PM on Sunday, the notice said the last crossing of the week would be "
           "cancelled because of the storm."),
    ("en", "Something went wrong with the ferry's engine on Tuesday, and the crossing was cancelled."),
    ("en", "Labels on the new timetable were printed in two languages, a first for the island."),
    ("en", "About the author of the timetable, islanders know little: the operator hired a consultant."),
    ("en", "Thank you for subscribing, the operator wrote to the 40 commuters who bought the first season passes."),
    ("en", "By signing up, you agree to cross at 6 a.m., one commuter joked about the new pass."),
    ("en", "Islanders can send questions to the operator at info@example.com until Friday, when the council meets."),
    ("en", "Contact with the ferry was lost at 10:42 PM, the coastguard said, and a lifeboat was sent from the port."),
    ("de", "Eingestellt von der Reederei um 22:42 Uhr war die letzte Fähre, sagte der Hafenmeister am Morgen."),
    ("fr", "Publié par la compagnie à 22h42 dimanche soir, le nouvel horaire a surpris les habitants de l'île, qui "
           "attendaient une réunion publique."),
    ("en", "To send the timetable to a colleague, the operator's guide says, write the message and press Ctrl+Enter."),
    ("ru", "Читайте также внимательно новое расписание парома, советуют в администрации острова."),
    ("ja", "島の漫画家は、作品を無断転載したサイトの運営者を訴えた。"),
    ("zh", "法院认定该公司是这部作品的版权所有者，并要求网站删除有关内容。"),
    ("zh", "编辑部表示，新的时刻表将于五月生效。"),
    ("ko", "경찰은 기사를 무단 전재한 업체를 조사하고 있다고 밝혔다."),
    ("tr", "Paylaş düğmesine basan yolcular, yeni tarifeyi arkadaşlarına gönderebildi."),
    ("zh", "“我们使用cookie的方式完全合法，”该公司发言人在听证会上说。"),
    ("id", "Sumber: pejabat pelabuhan mengatakan kepada wartawan bahwa jadwal feri akan berubah mulai bulan Mei tahun ini."),
    ("ja", "写真を撮るために港に集まった住民たちは、新しいフェリーの到着を待っていた。"),
    ("de", "Seiten: 448"),  # a book review's facts, not a pager
    ("en", "12:30"),  # a live blog's entry time
    ("de", "Die Wahl ist am 3. März 2024."),
    ("en", "More from the island's mayor, who said on Tuesday that the new timetable would be reviewed in the autumn."),
    ("de", "Mehr von den neuen Fahrkarten erwartet die Reederei im Sommer, wenn die Touristen auf die Insel kommen."),
    ("en", "The post office on the island appeared first on the list of buildings the council wants to sell this year."),
    ("en", "Views: the council's and the operator's differ on whether the winter timetable should change at all."),
    ("en", "Photo by the harbour master on Sunday shows the new ferry at the quay, with the old one behind it."),
]


@pytest.mark.parametrize("lang,sentence", SENTENCES)
def test_a_story_line_that_opens_alike_stays(lang, sentence):
    for at in (0, 3, len(PARAS)):
        story = "".join(f"<p>{p}</p>" for p in PARAS[:at]) + f"<p>{sentence}</p>" + "".join(
            f"<p>{p}</p>" for p in PARAS[at:])
        html = (f"<html lang='{lang}'><head><title>Ferry</title></head><body><article><h1>The island ferry changes "
                f"its timetable</h1><div class='c1'>{story}</div></article></body></html>")
        assert sentence in extract_article(html, "https://example.test/2024/05/ferry/").body, at


# A heading in one of 23 languages over a few plain lines after the story (no links, no class names): the
# heading says what the block is. tests/fixtures/boilerplate_headings.txt: "lang heading" per line.
ITEMS = ["Harbour market opens its summer season with fish stalls on the quay",
         "Council debates the price of the new parking permits near the terminal",
         "Lighthouse keeper retires after forty years on the northern rocks"]
HEADINGS = [tuple(line.split(" ", 1)) for line in
            (Path(__file__).parent / "fixtures" / "boilerplate_headings.txt").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _with_block(lang, heading, items):
    block = f"<section><h2>{heading}</h2>" + "".join(f"<p>{t}.</p>" for t in items) + "</section>"
    story = "".join(f"<p>{p}</p>" for p in PARAS)
    return (f"<html lang='{lang}'><head><title>Ferry</title></head><body><article><h1>The island ferry changes its "
            f"timetable</h1><div class='c1'>{story}</div>{block}</article></body></html>")


@pytest.mark.parametrize("lang,heading", HEADINGS)
def test_a_block_under_a_boilerplate_heading_goes(lang, heading):
    body = extract_article(_with_block(lang, heading, ITEMS), "https://example.test/2024/05/ferry/").body
    assert ITEMS[0] not in body and heading not in body
    assert all(p in body for p in PARAS)


@pytest.mark.parametrize("lang,heading", [("ko", "댓글 논란이 커졌다"), ("zh", "评论员的看法"), ("ru", "Комментарии экспертов"),
                                          ("id", "Komentar para nelayan"),
                                          ("ja", "■コメント")])  # a press release's statement, not readers' comments
def test_a_story_section_whose_heading_opens_alike_stays(lang, heading):
    body = extract_article(_with_block(lang, heading, ITEMS), "https://example.test/2024/05/ferry/").body
    assert ITEMS[0] in body
