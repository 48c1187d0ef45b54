"""make eval-ablate-authors: what each author reader is worth, on the half we tuned on and on the half we did not.

    python -m evals.ablate_authors [--finders NAME,NAME] [--json PATH] [--jobs N]

`cleaners.fields.authors.FINDERS` are the readers the author extraction tries in order (JSON-LD, meta tags,
the byline, labels, credits lists, signatures, ...). This scores the authors of every corpus as `make
eval-fields` does, with all readers on and then with each turned off in turn, and prints per corpus and
half the author F1 the reader adds (all on minus it off). A reader that adds on the tuned half and takes away
on the held half was fitted to the pages we looked at. `_from_visible` (the byline near the headline) is not
turned off: the others consult it. A report: exits 0.
"""

from __future__ import annotations

import sys

import cleaners.fields.authors as authors
from evals.ablation import cli, fields_report, fields_without

_NOT_ABLATED = {"_from_visible"}


def _nobody(*_args, **_kwargs) -> list:
    return []


def _author_f1(finder: str | None) -> tuple[str | None, dict]:
    """Author F1 per corpus half with `finder` turned off (None: all on), in this process."""
    return fields_without(authors, finder, _nobody, "author_f1")


def run(finders: list[str], jobs: int, json_path: str | None = None, out=sys.stdout) -> dict:
    return fields_report(_author_f1, finders, jobs, "author reader ablation: author F1 that each reader adds (all on "
                         "minus it off)", "author F1", "finders", json_path, out)


def main(argv: list[str] | None = None) -> int:
    return cli("evals.ablate_authors", __doc__, argv, [n for n in authors.FINDERS if n not in _NOT_ABLATED],
               "--finders", "reader", run)


if __name__ == "__main__":
    sys.exit(main())
