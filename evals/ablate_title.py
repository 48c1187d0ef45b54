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

import sys

import cleaners.fields.title as title
from evals.ablation import cli, fields_report, fields_without


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
    return fields_without(title, rule, RULES.get(rule), "title")


def run(rules: list[str], jobs: int, json_path: str | None = None, out=sys.stdout) -> dict:
    return fields_report(_title_accuracy, rules, jobs, "headline rule ablation: title accuracy that each rule adds "
                         "(all on minus it off)", "title", "rules", json_path, out)


def main(argv: list[str] | None = None) -> int:
    return cli("evals.ablate_title", __doc__, argv, list(RULES), "--rules", "rule", run)


if __name__ == "__main__":
    sys.exit(main())
