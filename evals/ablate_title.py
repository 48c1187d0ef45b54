"""make eval-ablate-title: what each headline rule is worth, on the half we tuned on and on the half we did not.

    python -m evals.ablate_title [--rules NAME,NAME] [--json PATH] [--jobs N]

The title is chosen by evidence (cleaners/fields/title.py): the story's h1, its kicker, the declared titles
(JSON-LD headline, og:title, <title>) and the site's name stripped from them, headings that repeat them. This
scores the titles of every corpus as `make eval-fields` does, with every rule on and then with each turned
off in turn (its helper answers "nothing found"), and prints per corpus and half the title accuracy the rule
adds. A rule that adds on the tuned half and takes away on the held half was fitted to the pages we looked
at; one that adds on both, each about as much, transfers. A report: exits 0.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import cleaners.fields.title as title
from evals import fields
from evals.ablate_authors import KEYS, table


def _none(*_args, **_kwargs) -> None:
    return None


def _false(*_args, **_kwargs) -> bool:
    return False


def _unchanged(text, *_args, **_kwargs):
    return text


# rule (a helper of cleaners/fields/title.py) -> what it answers when turned off
RULES = {
    "_agreed_headline": _none,  # no story h1: the JSON-LD headline and og:title agreeing
    "_named_headline": _none,  # no story h1: a heading whose class calls it the headline
    "_declared_part": _none,  # the part of the h1 a declared title says
    "_declared_h2": _none,  # an h2 saying a declared title under a short h1
    "_kicked": _false,  # a declared title that is the h1 with its kicker, or the h1 with one
    "_kicker_kept": _none,  # a declared title with its kicker, shown so in a heading
    "_same_h2": _none,  # an h2 saying the declared title verbatim, in its spelling
    "_leading_label": _none,  # the h1's first element, a kicker, dropped
    "_is_kicker": _false,  # an element named as a kicker (overline, Dachzeile, …)
    "_unseen": _false,  # an h1 for screen readers only or hidden
    "_links_home": _false,  # an h1 linking to the home page: the site's name
    "_site_name_h1": _false,  # an h1 that is the site's name
    "_without_home_name": _unchanged,  # the name the home link shows, stripped from a declared title
    "_without_site_label": _unchanged,  # "Site: Title"
    "_without_section": _unchanged,  # "Title - Section" where the URL files the page under the section
}


def _title_accuracy(rule: str | None) -> tuple[str | None, dict]:
    """Title accuracy per corpus half with `rule` turned off (None: all on), in this process."""
    saved = getattr(title, rule) if rule else None
    if rule:
        setattr(title, rule, RULES[rule])
    try:
        summary = fields.run(jobs=1, out=io.StringIO())
    finally:
        if rule:
            setattr(title, rule, saved)
    return rule, {k: summary[k]["newsmill"]["title"] for k in KEYS if k in summary}


def run(rules: list[str], jobs: int, json_path: str | None = None, out=sys.stdout) -> dict:
    t0 = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        results = dict(pool.map(_title_accuracy, [None, *rules]))
    report = {"rules": table("headline rule ablation: title accuracy that each rule adds (all on minus it off)",
                             "title", results, rules, out)}
    report["base"] = report["rules"].pop(None)
    print(f"\n{time.perf_counter() - t0:.0f} s", file=out)
    if json_path:
        Path(json_path).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.ablate_title", description=__doc__.splitlines()[0])
    ap.add_argument("--rules", metavar="NAMES", help=f"comma-separated, of: {', '.join(RULES)} (default: all)")
    ap.add_argument("--json", dest="json_path", metavar="PATH", help="write the figures as JSON")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="processes (all cores)")
    args = ap.parse_args(argv)
    names = args.rules.split(",") if args.rules else list(RULES)
    unknown = [n for n in names if n not in RULES]
    if unknown:
        print(f"evals.ablate_title: unknown rule {', '.join(unknown)} (known: {', '.join(RULES)})", file=sys.stderr)
        return 2
    run(names, args.jobs, args.json_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
