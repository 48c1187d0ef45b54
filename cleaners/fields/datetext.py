"""How a date reads in a page's text: the patterns that find one ("3 de marzo de 2024, 19:15", "Mar 3, 2024",
"03.03.2024"), the words of its label ("Veröffentlicht am", "Updated"), the weekdays. No parser here: the
byline reader uses them as well as the date reader, and the crawl's process loads neither htmldate nor
dateparser through them."""

from __future__ import annotations

import re

# Month names by their first three letters (lower case), in the languages we meet most; a textual
# candidate must name one, so dateparser only ever sees strings that can be dates.
MONTH_STEMS = frozenset(
    "jan feb mar apr may jun jul aug sep oct nov dec "  # en
    "jän mär mrz mai okt dez "  # de
    "ene abr ago set dic "  # es, pt, ca
    "fév fev avr jui aoû aou déc "  # fr
    "gen mag giu lug ott "  # it
    "maa mei "  # nl
    "sty lut kwi maj cze lip sie wrz paź lis gru "  # pl
    "okt tam hel huh kes elo syy lok mar jou "  # fi (tammikuu..)
    "out fevereiro "
    "des "  # no, da (desember, december: the rest are above)
    "oca şub nis haz tem ağu eyl eki kas ara "  # tr
    "янв фев мар апр мая май июн июл авг сен окт ноя дек "  # ru
    "led úno bře dub kvě čer črv srp zář říj pro "  # cs
    "már ápr máj jún júl sze "  # hu (the rest are above)
    "ιαν φεβ μαρ απρ μαΐ μάι μαι ιου αυγ σεπ οκτ νοε δεκ "  # el (Ιανουαρίου, Μαρτίου, …)
    "січ лют бер кві тра чер лип сер вер жов лис гру "  # uk (січня, березня, …)
    "ian iun iul noi "  # ro (the rest are above)
    "agu".split()  # id (Agustus; the rest are above)
)
STEM_LANGUAGES = ("en", "de", "es", "pt", "ca", "fr", "it", "nl", "pl", "fi")  # those of MONTH_STEMS
_TIME = (r"(?:\s*(?:,|-|–|\||·|•|um|at|à|a las|a la|alle|às|kl\.?|klo|o|om)?\s*"
         r"[0-2]?\d[:h.][0-5]\d(?::[0-5]\d)?(?:\s*[AaPp]\.?\s?[Mm]\.?)?(?:\s*(?:Uhr|h|godz\.?))?"
         r"(?:\s*\(?(?-i:[A-Z]{2,5}|[+-]\d\d:?\d\d|(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d\d)?)\)?(?![\w]))?)?")
_DAY_FIRST_WORD = r"[0-3]?\d(?:\.|st|nd|rd|th|er|º)?\s+(?:de\s+)?([^\W\d_]{3,12})\.?,?\s+(?:de\s+|del\s+)?(?:19|20)\d\d"
_MONTH_FIRST = r"([^\W\d_]{3,12})\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
_YEAR_FIRST_WORD = r"(?:19|20)\d\d\.\s+([^\W\d_]{3,12})\s+[0-3]?\d\."  # "2024. március 3.": Hungarian
# "2024年3月3日", "2024년 3월 3일": year, month and day by their characters (groups 1-3 here; 4-6 in VISIBLE)
CJK_DATE = re.compile(r"((?:19|20)\d\d)\s?[年년]\s?([01]?\d)\s?[月월]\s?([0-3]?\d)\s?[日일]")
_NUMERIC = rf"(?:{CJK_DATE.pattern}|[0-3]?\d\.\s[01]?\d\.\s(?:19|20)\d\d|[0-3]?\d[./][01]?\d[./](?:19|20)?\d\d|(?:19|20)\d\d[-./][01]?\d[-./][0-3]?\d|[01]?\d/[0-3]?\d/(?:19|20)\d\d)"
VISIBLE = re.compile(rf"(?<![\w/.-])(?:{_DAY_FIRST_WORD}|{_MONTH_FIRST}|{_YEAR_FIRST_WORD}|{_NUMERIC})(?![\w/-]|\.\d){_TIME}", re.I)
# A label naming the date that follows as the publication date, at the end of the text before it.
# A weekday may come between ("This entry was posted on Wednesday, May 19th, 2010", WordPress's classic theme).
WEEKDAY = (r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
            r"sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|"
            r"sábado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|maandag|dinsdag|woensdag|"
            r"donderdag|vrijdag|zaterdag|zondag)")
PUBLISHED_LABEL = re.compile(r"(?:^|[\s|(])(?:veröffentlicht|erschienen|publiziert|published|publicado|publicada|"
                              r"publié|publiée|pubblicato|publicerad|publisert|gepubliceerd|opublikowano|posted|udgivet|julkaistu|"
                              r"yayınlanma tarihi|yayın tarihi|опубликовано|опубліковано|publikováno|zveřejněno|"
                              r"δημοσίευση|δημοσιεύθηκε|diterbitkan|dipublikasikan|publicat|publicată|közzétéve|megjelent|"
                              r"ngày đăng|xuất bản|تاريخ النشر|نشر في|公開日|公開|配信日?|掲載日?|投稿日|发布时间|发布日期|发布于|"
                              r"發布時間|發佈時間|發布日期|发表于|기사입력|입력|등록)"
                              rf"(?:\s+(?:am|on|el|le|il|em|den|op|dnia))?\s*[:：]?\s*(?:{WEEKDAY},?\s*(?:den\s+)?)?$", re.I)
MODIFIED_WORDS = re.compile(r"updat|aktualisiert|geändert|actualiz|mis à jour|modifi|aggiornat|atualiz|bijgewerkt|"
                             r"zaktualizowano|last edited|stand|opdateret|uppdaterad|oppdatert|päivitetty|"
                             r"güncellen|обновлен|оновлен|aktualizováno|ενημερ|diperbarui|cập nhật|frissítve|actualizat|"
                             r"更新|修正|修改|수정", re.I)
# Japanese and Chinese pages put the label after the date as often ("2024年3月5日 更新"; Korean ones before it)
MODIFIED_AFTER = re.compile(r"\s*[(（]?(?:更新|修正|修改)")
PUBLISHED_AFTER = re.compile(r"\s*[(（]?(?:公開|配信|掲載|发布|發布)")


def is_month(match) -> bool:
    word = match.group(1) or match.group(2) or match.group(3)
    return word is None or word[:3].lower() in MONTH_STEMS
