"""The extraction output over the fixture corpus, as one digest: when it changes, EXTRACTOR_VERSION must too.

    .venv/bin/python -m evals.digest           # compare with tests/fixtures/extractor_digest.json
    .venv/bin/python -m evals.digest --bump    # output changed on purpose: bump EXTRACTOR_VERSION, store the digest

Each page's Article (the fields the database stores; not the cleaners' removal counts) is serialised as
sorted JSON with its empty fields left out, so a new field that no page fills yet changes nothing.
tests/test_extractor_version.py runs the comparison.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from datetime import datetime, timezone

from evals.corpus import ROOT, load_pages

STORED = ROOT / "tests" / "fixtures" / "extractor_digest.json"
VERSION_FILE = ROOT / "cleaners" / "version.py"
SETS = "seed,themed,faq,realworld"  # our own fixtures and the real pages; ~200 pages, a few seconds
NOW = datetime(2030, 1, 1, tzinfo=timezone.utc)  # fixed, so no date is ever judged "in the future"
_NOT_OUTPUT = ("removed",)
COMMAND = ".venv/bin/python -m evals.digest --bump"


def page_output(html: str, url: str) -> str:
    """One page's extraction output as canonical JSON (or the error it raised)."""
    from cleaners import ExtractionError, extract_article

    try:
        record = extract_article(html, url, now=NOW).to_dict()
    except ExtractionError as exc:
        return json.dumps({"error": str(exc)})
    return json.dumps({k: v for k, v in sorted(record.items()) if k not in _NOT_OUTPUT and v not in (None, "", [], {})},
                      ensure_ascii=False, sort_keys=True)


def current() -> dict[str, str]:
    """page id -> a short digest of its output."""
    return {p.id: hashlib.sha256(page_output(p.html, p.url).encode()).hexdigest()[:16]
            for p in load_pages(only_set=SETS)}


def overall(pages: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(pages, sort_keys=True).encode()).hexdigest()


def stored() -> dict:
    return json.loads(STORED.read_text("utf-8")) if STORED.exists() else {"pages": {}}


def changed_pages(now: dict[str, str], before: dict[str, str]) -> list[str]:
    return sorted(k for k in now.keys() | before.keys() if now.get(k) != before.get(k))


def bump_version() -> str:
    """EXTRACTOR_VERSION + 1 written to cleaners/version.py; the new version."""
    text = VERSION_FILE.read_text("utf-8")
    match = re.search(r'^EXTRACTOR_VERSION = "(\d+)"$', text, re.M)
    if match is None:
        raise SystemExit(f"{VERSION_FILE}: no EXTRACTOR_VERSION = \"<number>\" line")
    new = str(int(match[1]) + 1)
    VERSION_FILE.write_text(text[:match.start(1)] + new + text[match.end(1):], "utf-8")
    return new


def uncommitted() -> list[str]:
    """Files under cleaners/ and newsmill/ that differ from git's HEAD: the digest includes them."""
    import subprocess

    try:
        out = subprocess.run(["git", "status", "--porcelain", "--", "cleaners", "newsmill"], cwd=ROOT,
                             capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [line[3:] for line in out.splitlines() if line[3:].endswith((".py", ".json"))]


def write(version: str, pages: dict[str, str]) -> None:
    STORED.write_text(json.dumps({"extractor_version": version, "sets": SETS, "digest": overall(pages),
                                  "pages": pages}, indent=1, sort_keys=True) + "\n", "utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bump", action="store_true", help="bump EXTRACTOR_VERSION and store the new digest")
    args = parser.parse_args(argv)
    from cleaners.version import EXTRACTOR_VERSION

    now, before = current(), stored()
    changed = changed_pages(now, before["pages"])
    if args.bump:
        dirty = uncommitted()
        if dirty:
            print(f"note: the digest includes uncommitted changes to {', '.join(dirty[:5])}; commit them with it, "
                  "or the test fails on a clean checkout", file=sys.stderr)
        if not changed or not before["pages"]:  # unchanged, or the first digest of this version
            print(f"digest of {len(now)} pages stored: EXTRACTOR_VERSION stays {EXTRACTOR_VERSION}")
            write(EXTRACTOR_VERSION, now)
            return 0
        version = bump_version()
        write(version, now)
        print(f"extraction output changed on {len(changed)} pages: EXTRACTOR_VERSION {EXTRACTOR_VERSION} -> {version}, "
              f"digest stored in {STORED.relative_to(ROOT)}")
        return 0
    if changed:
        print(f"extraction output changed on {len(changed)} pages ({', '.join(changed[:5])}"
              f"{', ...' if len(changed) > 5 else ''}): bump EXTRACTOR_VERSION and update the digest ({COMMAND})")
        return 1
    print(f"extraction output unchanged over {len(now)} pages (EXTRACTOR_VERSION {EXTRACTOR_VERSION})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
