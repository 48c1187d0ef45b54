"""`make bench`: crawl a local mirror of real pages end to end and compare with bare trafilatura.

    python -m bench.run [--pages 2000] [--bare-pages N] [--keep] [-s NAME=VALUE ...]
    python -m bench.run --profile [--profile-pages N]

1. Builds the mirror (bench/mirror.py) of --pages article copies of the real test pages (templates
   that newsmill does not store as articles are left out, and said so) and serves it from memory in a
   separate process (bench/server.py); measures what the server alone serves, with 4 client threads.
2. Runs `newsmill crawl` against it flat out, as a user would, and measures wall time, CPU use of
   each core (/proc/stat), CPU time of the crawl's main process and of its extraction workers, peak
   RSS and PSS of the crawl's process group (sampled every 0.2 s), database size, stored rows.
3. Times bare `trafilatura.extract(html, url=url, include_comments=False)` over the same pages in
   this process (one core), half before and half after the crawl (the speed of a shared machine
   drifts), then in one process per core side by side (the machine's ceiling for extraction alone),
   and the worker's own workload (crawler.worker.analyse_page) for reference.

--profile instead runs analyse_page over the mirror's pages in-process under cProfile and prints
its top 15 cumulative and self costs. Nothing is written outside a temporary directory.
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import json
import os
import pstats
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .mirror import ROOT, Mirror, load_templates

_TICK = os.sysconf("SC_CLK_TCK")
_SAMPLE_SECONDS = 0.2


# --- measurement helpers ---------------------------------------------------------------------------

def cpu_times() -> dict[str, tuple[int, int]]:
    """Per core: (busy, total) jiffies from /proc/stat."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                name, *vals = line.split()
                vals = [int(v) for v in vals[:8]]
                idle = vals[3] + vals[4]  # idle + iowait
                out[name] = (sum(vals) - idle, sum(vals))
    return out


def core_utilisation(before, after) -> dict[str, float]:
    return {c: (after[c][0] - before[c][0]) / max(1, after[c][1] - before[c][1]) for c in sorted(after)}


def _group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid:  # fields[0] is state, [1] ppid, [2] pgrp
            pids.append(int(entry))
    return sorted(pids)


def _read(path: str) -> str | None:
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


class GroupSampler(threading.Thread):
    """Every 0.2 s: sum of VmRSS and of Pss over a process group; CPU seconds per process."""

    def __init__(self, pgid: int):
        super().__init__(daemon=True)
        self.pgid = pgid
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_procs = 0
        self.peak_by_role: dict[str, int] = {}
        self.series: list[tuple[float, float]] = []  # (monotonic, group CPU seconds so far)
        self.cpu: dict[int, float] = {}  # pid -> last seen user+system seconds
        self.role: dict[int, str] = {}
        self._halt = threading.Event()
        self._ticks = -1

    def run(self):
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(_SAMPLE_SECONDS)

    def sample(self):
        self._ticks += 1
        rss = pss = procs = 0
        by_role: dict[str, int] = {}
        for pid in _group_pids(self.pgid):
            status, stat = _read(f"/proc/{pid}/status"), _read(f"/proc/{pid}/stat")
            if not status or not stat:
                continue
            procs += 1
            fields = stat.rsplit(")", 1)[1].split()
            if self.role.get(pid, "other") == "other":  # "other" may be a fork server not yet exec'd
                self.role[pid] = self._role(pid, int(fields[1]))
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    kb = int(line.split()[1]) * 1024
                    rss += kb
                    by_role[self.role[pid]] = by_role.get(self.role[pid], 0) + kb
            if self._ticks % 5 == 0:  # smaps_rollup walks page tables: once a second is enough
                rollup = _read(f"/proc/{pid}/smaps_rollup") or ""
                for line in rollup.splitlines():
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
            self.cpu[pid] = (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime
        if rss > self.peak_rss:
            self.peak_rss, self.peak_by_role = rss, by_role
        self.peak_pss = max(self.peak_pss, pss)
        self.series.append((time.monotonic(), sum(self.cpu.values())))
        self.peak_procs = max(self.peak_procs, procs)

    def _role(self, pid: int, ppid: int) -> str:
        """main (the crawl), resource_tracker and worker (its children; a fork server and its workers, if any)."""
        if pid == self.pgid:
            return "main"
        # Workers are forked from the fork server and share its command line; the fork server is the
        # crawl's own child. Read anew, not from the cache: a process seen between fork and exec
        # still shows its parent's command line (it is "other" until the next sample).
        cmd = (_read(f"/proc/{pid}/cmdline") or "").replace("\0", " ")
        if "resource_tracker" in cmd:
            return "resource_tracker"
        if "forkserver" in cmd:
            return "forkserver" if ppid == self.pgid else "worker"
        if "spawn_main" in cmd:  # multiprocessing's spawn start method: the workers
            return "worker"
        return "other"

    def stop(self):
        self._halt.set()
        self.join()

    def cpu_by_role(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for pid, seconds in self.cpu.items():
            role = self.role.get(pid, "worker")
            out[role] = out.get(role, 0.0) + seconds
        return out


def mib(n: float) -> str:
    return f"{n / 2**20:.0f} MiB"


# --- the steps -------------------------------------------------------------------------------------

def usable_templates() -> tuple[list, list[tuple[str, str]]]:
    """Templates newsmill stores as an article at a mirror URL; the others with the reason."""
    from crawler.worker import analyse_page

    templates = load_templates()
    probe = Mirror(templates, len(templates), "http://127.0.0.1:1")
    keep, dropped = [], []
    for k, t in enumerate(templates):
        result = analyse_page(probe.article(k).decode("utf-8"), probe.article_url(k))
        if result.article is not None and result.article.url == probe.article_url(k):
            keep.append(t)
        else:
            dropped.append((t.name, result.skip_reason or f"stored as {result.article.url}"))
    return keep, dropped


def start_server(pages: int, names: list[str]) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.server", "--pages", str(pages), "--templates", ",".join(names)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    line = proc.stdout.readline().split()
    if len(line) != 2 or line[0] != "PORT":
        proc.kill()
        raise SystemExit("bench: the mirror server did not start")
    return proc, int(line[1])


def fetch_all(port: int, paths: list[str], threads: int = 4) -> tuple[float, int]:
    """Fetch paths over keep-alive connections with a few threads: (seconds, bytes)."""
    total = [0]
    lock = threading.Lock()

    def work(chunk):
        conn = http.client.HTTPConnection("127.0.0.1", port)
        got = 0
        for path in chunk:
            conn.request("GET", path)
            resp = conn.getresponse()
            got += len(resp.read())
            if resp.status != 200:
                raise RuntimeError(f"{path}: HTTP {resp.status}")
        conn.close()
        with lock:
            total[0] += got

    start = time.perf_counter()
    workers = [threading.Thread(target=work, args=(paths[i::threads],)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - start, total[0]


def server_stats(port: int) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/__bench/stats")
    data = json.loads(conn.getresponse().read())
    conn.close()
    return data


def proc_cpu(pid: int) -> float:
    stat = _read(f"/proc/{pid}/stat")
    if not stat:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def crawl(port: int, db: Path, extra: list[str], server_pid: int) -> dict:
    newsmill = Path(sys.executable).with_name("newsmill")
    cmd = [str(newsmill), "crawl", f"http://127.0.0.1:{port}/", "--db", str(db),
           "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
           "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING"]
    for s in extra:
        cmd += ["-s", s]
    print("  $", " ".join(cmd[1:]), flush=True)
    log = db.with_suffix(".log")
    own_before = proc_cpu(server_pid) + proc_cpu(os.getpid())
    cpu_before = cpu_times()
    start = time.perf_counter()
    start_mono = time.monotonic()
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        sampler = GroupSampler(proc.pid)
        sampler.start()
        try:
            code = proc.wait()
        except KeyboardInterrupt:
            os.killpg(proc.pid, signal.SIGTERM)
            raise
    wall = time.perf_counter() - start
    cpu_after = cpu_times()
    own = proc_cpu(server_pid) + proc_cpu(os.getpid()) - own_before
    sampler.stop()
    busy = sum(cpu_after[c][0] - cpu_before[c][0] for c in cpu_after) / _TICK
    other = max(0.0, busy - own - sum(sampler.cpu.values()))
    return {"code": code, "wall": wall, "start_mono": start_mono, "cores": core_utilisation(cpu_before, cpu_after),
            "sampler": sampler, "own": own, "other": other, "log": log.read_text(errors="replace")}


def db_report(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        fts = con.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        raw = con.execute("SELECT count(*) FROM raw_pages").fetchone()[0]
        outcomes = dict(con.execute("SELECT coalesce(reason, outcome), count(*) FROM pages GROUP BY 1").fetchall())
        mirror_rows = con.execute("SELECT count(*) FROM articles WHERE url LIKE '%/news/%'").fetchone()[0]
    finally:
        con.close()
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.suffix != ".log")
    return {"articles": articles, "fts": fts, "raw": raw, "pages": outcomes, "mirror_rows": mirror_rows, "size": size}


def bare_trafilatura(mirror: Mirror, n: int, first: int = 0) -> tuple[float, float]:
    """(wall, CPU) seconds spent in trafilatura.extract over n article pages from `first` (rendering not timed)."""
    import trafilatura

    trafilatura.extract(mirror.article(0).decode("utf-8"), url=mirror.article_url(0), include_comments=False)
    spent = cpu = 0.0
    for k in range(first, first + n):
        html, url = mirror.article(k).decode("utf-8"), mirror.article_url(k)
        t, c = time.perf_counter(), time.thread_time()
        trafilatura.extract(html, url=url, include_comments=False)
        spent += time.perf_counter() - t
        cpu += time.thread_time() - c
    return spent, cpu


def bare_side_by_side(mirror: Mirror, n: int, processes: int) -> float:
    """pages/s of `processes` bare trafilatura processes running at once, n pages each (the same
    pages): the most these cores give to extraction alone, with nothing fetched or stored."""
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = pool.starmap(bare_trafilatura, [(mirror, n)] * processes)
    return sum(n / spent for spent, _ in results)


def worker_workload(mirror: Mirror, n: int, profiler: cProfile.Profile | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds spent in crawler.worker.analyse_page over the first n article pages (one process),
    called as the crawl calls it: the response's bytes, in-site links only, the HTML compressed."""
    from crawler.worker import analyse_page

    options = {"hosts": frozenset({"127.0.0.1"}), "raw_level": 3}
    analyse_page(mirror.article(0), mirror.article_url(0), **options)
    spent = cpu = 0.0
    for k in range(n):
        body, url = mirror.article(k), mirror.article_url(k)
        t, c = time.perf_counter(), time.thread_time()
        if profiler:
            profiler.enable()
        analyse_page(body, url, **options)
        if profiler:
            profiler.disable()
        spent += time.perf_counter() - t
        cpu += time.thread_time() - c
    return spent, cpu


def chunk_costs(times: list[float], series: list[tuple[float, float]], chunk: int) -> list[tuple[int, float, float]]:
    """Per chunk of article fetches: (pages so far, wall ms/page, crawl CPU ms/page).

    Wall from the server's article request times; CPU from the sampled CPU seconds of the crawl's
    process group between the same instants (robust to other load on the machine).
    """
    def cpu_at(t: float) -> float:
        before = [c for (when, c) in series if when <= t]
        return before[-1] if before else 0.0

    out, prev = [], times[0]
    for end in range(chunk, len(times) + 1, chunk):
        t = times[end - 1]
        out.append((end, (t - prev) / chunk * 1000, (cpu_at(t) - cpu_at(prev)) / chunk * 1000))
        prev = t
    return out


# --- main ------------------------------------------------------------------------------------------

def profile(templates, pages: int) -> None:
    mirror = Mirror(templates, max(pages, 1), "http://127.0.0.1:1")
    profiler = cProfile.Profile()
    spent, _ = worker_workload(mirror, pages, profiler)
    print(f"profile: crawler.worker.analyse_page over {pages} mirror pages in one process: "
          f"{spent:.1f} s under cProfile ({spent / pages * 1000:.1f} ms/page)")
    for key, title in (("cumulative", "top 15 cumulative"), ("tottime", "top 15 self (tottime)")):
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).strip_dirs().sort_stats(key).print_stats(15)
        text = buf.getvalue()
        print(f"\n--- {title} ---")
        print(text[text.find("   ncalls"):].rstrip())


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="newsmill throughput benchmark (issue 8)")
    p.add_argument("--pages", type=int, default=2000, help="article copies in the mirror (default 2000)")
    p.add_argument("--bare-pages", type=int, default=0,
                   help="pages for the bare trafilatura timing (default: all --pages)")
    p.add_argument("--worker-pages", type=int, default=0,
                   help="pages for the one-process analyse_page timing (default: 2 rounds of the templates)")
    p.add_argument("--profile", action="store_true", help="profile analyse_page in-process instead")
    p.add_argument("--profile-pages", type=int, default=0, help="pages to profile (default: 3 rounds)")
    p.add_argument("--keep", action="store_true", help="keep the temporary database and crawl log")
    p.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                   help="extra Scrapy setting for the crawl, e.g. -s EXTRACT_WORKERS=2")
    args = p.parse_args(argv)

    templates, dropped = usable_templates()
    print(f"bench: {len(templates)} real pages as templates"
          + (f"; left out (newsmill does not store them as articles): "
             + ", ".join(f"{n} ({r})" for n, r in dropped) if dropped else ""))
    if args.profile:
        profile(templates, args.profile_pages or 3 * len(templates))
        return 0

    n = args.pages
    server, port = start_server(n, [t.name for t in templates])
    tmp = Path(tempfile.mkdtemp(prefix="newsmill-bench-"))
    try:
        mirror = Mirror(templates, n, f"http://127.0.0.1:{port}")
        sections = mirror.sections
        print(f"mirror: http://127.0.0.1:{port}/ - {n} article copies of {len(templates)} pages, "
              f"{sections} section pages, 1 front page (served from memory, pid {server.pid})")

        check = [mirror.article_path(k) for k in range(min(n, 2000))]
        seconds, size = fetch_all(port, check)
        print(f"server alone: {len(check)} article pages in {seconds:.2f} s = {len(check) / seconds:.0f} pages/s, "
              f"{size / seconds / 2**20:.0f} MiB/s (4 client threads, keep-alive; avg page {size / len(check) / 1024:.0f} KiB)")

        # Half the bare timing before the crawl, half after: this machine's speed drifts over minutes.
        bare_n = min(args.bare_pages or n, n)
        print(f"bare trafilatura: {bare_n // 2} pages in this process before the crawl ...", flush=True)
        bare_before = bare_trafilatura(mirror, bare_n // 2)

        db = tmp / "bench.db"
        print(f"crawl: newsmill crawl, {n} articles + {sections + 1} listing pages ...", flush=True)
        run = crawl(port, db, args.settings, server.pid)
        if run["code"] != 0:
            print(run["log"][-3000:])
            print(f"bench: crawl failed with exit status {run['code']}")
            return 1
        stats = server_stats(port)
        times = sorted(t for t in stats["article_times"] if t >= run["start_mono"])
        rep = db_report(db)

        print(f"bare trafilatura: {bare_n - bare_n // 2} pages in this process after the crawl ...", flush=True)
        bare_after = bare_trafilatura(mirror, bare_n - bare_n // 2, bare_n // 2)
        bare_s, bare_cpu = bare_before[0] + bare_after[0], bare_before[1] + bare_after[1]
        side_n = min(bare_n, 1000)
        cores = os.cpu_count() or 1
        print(f"bare trafilatura: {cores} processes side by side, {side_n} pages each ...", flush=True)
        side = bare_side_by_side(mirror, side_n, cores)
        work_n = args.worker_pages or 2 * len(templates)
        work_s, work_cpu = worker_workload(mirror, work_n)
    finally:
        server.terminate()
        server.wait()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    wall = run["wall"]
    stored = rep["mirror_rows"]
    e2e = stored / wall
    bare, bare_cpu_ms = bare_n / bare_s, bare_cpu / bare_n * 1000
    work, work_cpu_ms = work_n / work_s, work_cpu / work_n * 1000
    s = run["sampler"]
    by_role = s.cpu_by_role()
    crawl_cpu_ms = sum(by_role.values()) / max(1, stored) * 1000
    summary = [line for line in run["log"].splitlines() if line.strip()][-12:]
    print("\n--- crawl output (tail) ---")
    print("\n".join(summary))
    print("\n--- results ---")
    print(f"pages:              {n} article copies; stored article rows {rep['articles']} "
          f"({'== pages: OK' if rep['articles'] == n and stored == n else 'MISMATCH with pages'}), "
          f"FTS rows {rep['fts']}, raw_pages {rep['raw']}")
    print(f"pages rows:         {json.dumps(rep['pages'], sort_keys=True)}")
    print(f"end to end:         {wall:.1f} s wall for {stored} articles = {e2e:.1f} pages/s ({1000 / e2e:.1f} ms/page)")
    if len(times) >= 2:
        steady = (len(times) - 1) / (times[-1] - times[0])
        print(f"  fetch window:     first to last article request {times[-1] - times[0]:.1f} s = {steady:.1f} pages/s "
              f"(startup before the first article request {times[0] - run['start_mono']:.1f} s)")
        chunk = 1000 if n >= 5000 else max(100, n // 5)
        print(f"  per {chunk} pages (wall ms/page, crawl CPU ms/page):")
        for end, wall_ms, cpu_ms in chunk_costs(times, s.series, chunk):
            print(f"    up to {end:>6}: {wall_ms:6.1f} ms/page wall, {cpu_ms:6.1f} ms/page CPU")
    halves = [bare_n // 2 / bare_before[0] if bare_before[0] else 0, (bare_n - bare_n // 2) / bare_after[0]]
    print(f"bare trafilatura:   {bare_n} pages in {bare_s:.1f} s = {bare:.1f} pages/s ({1000 / bare:.1f} ms/page wall, "
          f"{bare_cpu_ms:.1f} ms/page CPU, one core; {halves[0]:.1f} pages/s before the crawl, {halves[1]:.1f} after)")
    print(f"bare, all cores:    {cores} processes side by side = {side:.1f} pages/s = {side / bare:.2f}x one process "
          f"(the machine's ceiling for extraction alone; the ratio goal 1.6 is {1.6 / (side / bare) * 100:.0f}% of it)")
    print(f"worker workload:    analyse_page over {work_n} pages in one process = {work:.1f} pages/s "
          f"({1000 / work:.1f} ms/page wall, {work_cpu_ms:.1f} ms/page CPU = {work_cpu_ms / bare_cpu_ms:.2f}x bare trafilatura)")
    print(f"CPU per core:       " + ", ".join(f"{c} {u * 100:.0f}%" for c, u in run["cores"].items()))
    print(f"CPU seconds:        " + ", ".join(f"{r} {v:.1f}" for r, v in sorted(by_role.items()))
          + f"; per page: main {by_role.get('main', 0) / max(1, stored) * 1000:.1f} ms (Scrapy reactor + pipelines),"
          f" workers {by_role.get('worker', 0) / max(1, stored) * 1000:.1f} ms, all {crawl_cpu_ms:.1f} ms")
    capacity = cores * wall
    print(f"other load:         processes outside this benchmark used {run['other']:.0f} CPU s of {capacity:.0f} "
          f"({run['other'] / capacity * 100:.0f}% of the machine) during the crawl; server + bench {run['own']:.0f} CPU s"
          + ("  << results are skewed by other load" if run["other"] / capacity > 0.05 else ""))
    projected = cores * 1000 / crawl_cpu_ms
    print(f"CPU-bound estimate: {cores} cores / {crawl_cpu_ms:.1f} CPU ms per page = {projected:.1f} pages/s; bare "
          f"trafilatura 1000 / {bare_cpu_ms:.1f} = {1000 / bare_cpu_ms:.1f} pages/s; ratio {projected * bare_cpu_ms / 1000:.2f} "
          f"(what the machine allows without other load)")
    print(f"peak memory:        RSS {mib(s.peak_rss)} summed over {s.peak_procs} processes "
          f"(PSS {mib(s.peak_pss)}, shared pages counted once); at the peak: "
          + ", ".join(f"{r} {mib(v)}" for r, v in sorted(s.peak_by_role.items())))
    print(f"database:           {mib(rep['size'])} ({rep['size'] / max(1, stored) / 1024:.0f} KiB per article, incl. WAL)")
    ratio = e2e / bare
    print(f"goals:              ratio >= 1.6: {'met' if ratio >= 1.6 else 'NOT met'} ({ratio:.2f}); "
          f"peak RSS < 400 MB: {'met' if s.peak_rss < 400e6 else 'NOT met'} ({s.peak_rss / 1e6:.0f} MB summed, "
          f"{n} pages; PSS {s.peak_pss / 1e6:.0f} MB {'<' if s.peak_pss < 400e6 else '>='} 400)")
    print(f"bench: end-to-end {e2e:.1f} pages/s, bare trafilatura {bare:.1f} pages/s, ratio {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
