"""docs/performance.md: each benchmark rewrites its own section, between markers, and keeps the others.

A section is the text between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`; a missing one is appended.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"

HEADER = """# Performance

Written by the benchmarks, not by hand: `make bench` rewrites the crawl section (newsmill against the
pipeline a Scrapy user writes instead, bench/peer/, on the same loopback mirror of real pages), `make
bench-scale` the scale section (commands on databases of 10,000 to 1,000,000 articles), `make
bench-frontier` the frontier section (nightly over 50 sites of big sitemaps) and `make bench-storage` the
storage section (database bytes per article, raw HTML read back). Every figure in a
section comes from one run, on the machine it names. The machine is shared: CPU figures move by the load of
others, which each section reports beside them.
"""


def machine_line() -> str:
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal:"))
        memory = f", {mem / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration):
        memory = ""
    return f"{os.cpu_count()} cores ({model}){memory}, Python {platform.python_version()}, {platform.system()}"


def replace_section(name: str, lines: list[str], doc: Path = DOC) -> None:
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    text = doc.read_text("utf-8") if doc.exists() else HEADER
    block = "\n".join([start, *lines, end])
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    doc.write_text(text, "utf-8")
