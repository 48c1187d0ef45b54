"""Story clusters (pipelines/stories.py) on a labelled set: pairwise precision and recall.

    python -m evals.stories [--json]

The set is built from the realworld corpus' expected bodies (tests/fixtures/corpus/realworld/manifest.json),
deterministically (a fixed seed):

- same story: WIRE stories, each re-published on 2 to 4 synthetic sites, as partners print wire copy:
  the site's own dateline or standfirst line before it and its own footer after it (copyright, newsletter,
  related headlines), the last 0-40% of paragraphs cut, a few words changed;
- not the same story: every other corpus story once, on a synthetic site, among them for each wire story
  the most similar other story of its language (the same topic as far as word overlap goes), which a
  partner re-publishes too; and FOLLOW_UPS stories of their own that quote one paragraph of a wire story.

The articles arrive over two days and `update_story_clusters` runs after each, as after nightly crawls.
A pair of articles is predicted the same story when they share a cluster; truth: the same source story.
"""

from __future__ import annotations

import json
import random
import re
import sys
from datetime import datetime, timedelta, timezone

from evals.corpus import CORPUS

WIRE = 30
FOLLOW_UPS = 10
SEED = 23
_DATELINES = ["BERLIN (dpa) -", "LONDON (Reuters) -", "PARIS (AFP) -", "Updated 2 hours ago", "Listen to this article",
              "From our wire services", "Von unseren Agenturen", "MADRID (EFE) -"]
_FOOTERS = [
    "© 2025 {site}. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Sign up for the {site} morning briefing: the day's most important stories in your inbox every weekday before seven.",
    "More from {site}: Council approves new budget after long debate | Storm warning for the coast tonight | "
    "Local team wins the cup in extra time | Five things to do this weekend in the city",
    "Dieser Artikel erschien zuerst bei {site}. Mehr Nachrichten aus der Region lesen Sie in unserer App.",
]


def _stories() -> list[dict]:
    """The corpus stories of 150 words or more; a page the corpus holds twice (taz, the same headline a
    year apart) is the same story under the first one's id."""
    manifest = json.loads((CORPUS / "realworld" / "manifest.json").read_text("utf-8"))
    found = sorted((dict(m) for m in manifest if len((m.get("body") or "").split()) >= 150), key=lambda m: m["id"])
    first: dict[str, str] = {}
    for m in found:
        m["story"] = first.setdefault(re.sub(r"\W+", " ", (m.get("title") or m["id"]).casefold()).strip(), m["id"])
    return found


def _copy(body: str, site: str, rng: random.Random) -> str:
    paragraphs = [p for p in body.split("\n") if p.strip()]
    keep = max(2, round(len(paragraphs) * rng.uniform(0.6, 1.0)))
    paragraphs = paragraphs[:keep]
    words = " ".join(paragraphs).split(" ")
    for _ in range(3):  # a partner's small edits: a word here and there
        i = rng.randrange(len(words))
        words[i] = words[i].upper()
    text = " ".join(words)
    head = rng.choice(_DATELINES)
    foot = rng.choice(_FOOTERS).format(site=site)
    return f"{head}\n\n{text}\n\n{foot}"


def _words(text: str) -> set[str]:
    return {w.casefold() for w in text.split() if len(w) > 3}


def labelled_set() -> list[dict]:
    """Articles rows (url, site, body, first_seen, published) with their true story id."""
    rng = random.Random(SEED)
    stories = _stories()
    wire, rest, fresh = stories[:WIRE], stories[WIRE:-FOLLOW_UPS], stories[-FOLLOW_UPS:]
    rows = []
    day = datetime(2025, 6, 1, 6, tzinfo=timezone.utc)

    def add(story_id: str, site: str, body: str, at: datetime) -> None:
        rows.append({"url": f"https://{site}/{len(rows)}", "site": site, "body": body, "story": story_id,
                     "first_seen": at.isoformat(timespec="seconds"), "published": at.isoformat(timespec="seconds")})

    for n, story in enumerate(wire):
        at = day + timedelta(hours=n % 24, days=n % 2)
        add(story["story"], "wire.example", story["body"], at)
        for k in range(rng.randint(2, 4)):
            site = f"partner{rng.randint(1, 12)}.example"
            if any(r["site"] == site and r["story"] == story["story"] for r in rows):
                continue
            add(story["story"], site, _copy(story["body"], site, rng), at + timedelta(hours=k + 1))
    for n, story in enumerate(rest):  # unrelated or same-topic stories, once each
        add(story["story"], f"outlet{n % 9}.example", story["body"], day + timedelta(hours=n % 40))
    for n, story in enumerate(wire):
        same_language = [s for s in rest if s.get("language") == story.get("language")]
        if same_language:  # the same topic as far as words go, with a partner's boilerplate: not the same story
            near = max(same_language, key=lambda s: len(_words(s["body"]) & _words(story["body"])))
            site = f"partner{n % 12 + 1}.example"
            add(near["story"], site, _copy(near["body"], site, rng), day + timedelta(days=1, hours=n % 20))
        if n < FOLLOW_UPS:  # a story of its own (in the set only here) quoting one paragraph of the wire story
            quoted = max((p for p in story["body"].split("\n") if p.strip()), key=len)
            add(fresh[n]["story"], f"outlet{n % 9}.example", f"{fresh[n]['body']}\n\n{quoted}",
                day + timedelta(days=1, hours=n % 20))
    return rows


def evaluate() -> dict:
    from pipelines.fingerprint import simhash
    from pipelines.schema import open_db
    from pipelines.stories import update_story_clusters

    rows = labelled_set()
    db = open_db(":memory:")
    truth = {r["url"]: r["story"] for r in rows}
    last = max(r["first_seen"] for r in rows)
    for cutoff in sorted({r["first_seen"][:10] for r in rows}):  # one clustering run after each day's crawl
        with db.atomic():
            for r in rows:
                if r["first_seen"][:10] == cutoff:
                    db["articles"].insert({"url": r["url"], "site": r["site"], "title": r["story"], "body_text": r["body"],
                                           "first_seen": r["first_seen"], "last_seen": r["first_seen"],
                                           "published": r["published"], "simhash": simhash(r["body"]),
                                           "word_count": len(r["body"].split())})
        update_story_clusters(db, now=max(r["first_seen"] for r in rows if r["first_seen"][:10] <= cutoff) or last)
    cluster = dict(db.execute("SELECT article_url, cluster_id FROM story_members").fetchall())
    urls = sorted(truth)
    tp = fp = fn = 0
    for i, a in enumerate(urls):
        for b in urls[i + 1:]:
            same = truth[a] == truth[b]
            predicted = a in cluster and cluster.get(a) == cluster.get(b)
            tp += same and predicted
            fp += predicted and not same
            fn += same and not predicted
    return {"articles": len(rows), "stories": len(set(truth.values())),
            "copies": len(rows) - len(set(truth.values())),
            "clusters": db.execute("SELECT count(*) FROM story_clusters").fetchone()[0],
            "precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "pairs": tp + fn}


def summary_line() -> str:
    r = evaluate()
    return (f"precision {r['precision']:.3f}, recall {r['recall']:.3f} over {r['pairs']} same-story pairs "
            f"({r['articles']} articles, {r['stories']} stories, {r['clusters']} clusters)")


if __name__ == "__main__":
    if "--json" in sys.argv:
        print(json.dumps(evaluate(), indent=1))
    else:
        print(f"eval-fields stories: {summary_line()}")


def liveblog_line() -> str:
    """Live-blog entries on their fixtures (one page per CMS family, tests/fixtures/liveblog/expected.json):
    entries found with the right key, time and opening words; and how many corpus pages read as live blogs."""
    from cleaners import extract_article  # noqa: PLC0415
    from evals.corpus import ROOT, load_pages  # noqa: PLC0415

    folder = ROOT / "tests" / "fixtures" / "liveblog"
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    right = total = found = 0
    for name, entries in expected.items():
        updates = extract_article((folder / name).read_bytes(), f"https://live.example/{name}").updates or []
        found += len(updates)
        got = {u.key: u for u in updates}
        for e in entries:
            total += 1
            u = got.get(e["key"])
            right += bool(u and u.published == e["published"] and " ".join(u.text.split()).startswith(e["starts"].strip()))
    corpus = load_pages()  # realworld and own fixtures: none is a live blog
    live = sum(1 for p in corpus if extract_article(p.html, p.url).updates)
    return (f"entries {right}/{total} right on {len(expected)} fixture pages ({found} found); "
            f"{live} of {len(corpus)} corpus pages read as live blogs")
