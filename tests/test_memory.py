"""crawler/memory.py: the allocator setting the crawl and its workers rely on for their peak memory."""

import platform

import pytest

from crawler.memory import release_large_buffers


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_glibc_takes_the_fixed_mmap_threshold():
    assert release_large_buffers() is True


def test_justext_stop_words_are_held_as_hashes_not_strings():
    import sys

    import trafilatura.external

    import cleaners.body  # noqa: F401 (installs the compact stop words on import)
    from cleaners.compat import HashedStopWords

    words = trafilatura.external.JT_STOPLIST or trafilatura.external.jt_stoplist_init()
    assert isinstance(words, HashedStopWords) and len(words) > 100_000  # all of trafilatura's languages
    assert sys.getsizeof(words._hashes) < 2 * 2**20  # the strings and their set took about 20 MB


def test_extraction_workers_load_neither_numpy_nor_sqlite_utils():
    """Workers extract and compress; they store nothing. numpy would cost 13 MiB in each, sqlite-utils 11."""
    import subprocess
    import sys

    from conftest import CORPUS

    code = (
        "import sys, crawler.worker, cleaners.extract, dateparser\n"  # what a worker's _warm_up imports
        "page = open(sys.argv[1], encoding='utf-8').read()\n"
        "analysis = crawler.worker.analyse_page(page, 'https://example.com/2024/05/a-story/', raw_level=3)\n"
        "print(analysis.article is not None and analysis.simhash is not None, bool(analysis.raw_compressed),\n"
        "      'numpy' in sys.modules, 'sqlite_utils' in sys.modules)\n"
    )
    page = CORPUS / "seed" / "wordpress.html"
    out = subprocess.run([sys.executable, "-c", code, str(page)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "False", "False"]


def test_a_local_crawl_loads_neither_redis_nor_the_remote_control_server():
    """Scrapy's remote control runs code sent to a local port (and loads aiohttp); redis is for
    distributed runs only. Neither is loaded by a local crawl's process."""
    import subprocess
    import sys

    code = (
        "import os, sys; os.environ['SCRAPY_SETTINGS_MODULE'] = 'crawler.settings'\n"
        "from scrapy.utils.conf import build_component_list\n"
        "from scrapy.utils.project import get_project_settings\n"
        "import crawler.spiders.news, pipelines.sqlite\n"
        "s = get_project_settings()\n"
        "extensions = build_component_list(s.get_component_priority_dict_with_base('EXTENSIONS'))\n"
        "print(sorted(m for m in ('redis', 'scrapy_redis', 'aiohttp') if m in sys.modules),\n"
        "      any('RemoteControl' in str(e) for e in extensions), s.getbool('REMOTE_CONTROL_ENABLED'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "False", "False"]


def test_the_crawl_pipeline_does_not_load_numpy_until_it_clusters():
    """numpy (15 MB) is for story clusters at the end of a run; the near-duplicate window is plain Python."""
    import subprocess
    import sys

    code = ("import sys, pipelines.sqlite, pipelines.ingest, pipelines.dedupe, crawler.cli\n"
            "print('numpy' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_the_crawl_process_loads_no_extraction_library():
    """Extraction runs in the workers: the crawl's process builds the cleaner plan but never cleans,
    and trafilatura, htmldate, dateparser and jusText would cost it about 8 MB."""
    import subprocess
    import sys

    code = ("import sys, crawler.spiders.news, crawler.cli, pipelines.sqlite, pipelines.store\n"
            "from cleaners.registry import plan\n"
            "plan(); plan({'bylines': None})\n"
            "print(sorted(m for m in ('trafilatura', 'htmldate', 'dateparser', 'justext', 'cleaners.fields.dates')"
            " if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
