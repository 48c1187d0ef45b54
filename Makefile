# newsmill tasks. `make demo` and `make test` work on a fresh Debian machine with Python 3.11.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo lint test test-browser eval eval-fields eval-ablate eval-ablate-authors eval-ablate-title eval-renamed eval-injected eval-widgets eval-unparagraphed eval-unnamed eval-html4 bench bench-export bench-storage bench-frontier bench-scale stress clean

$(STAMP): pyproject.toml
	@# Debian's system Python ships venv/ensurepip separately.
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || (apt-get update -qq && apt-get install -y -qq python3-venv)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)  ## serve the bundled demo site on 127.0.0.1 and crawl it into output/news.db
	$(BIN)/newsmill demo

lint: $(STAMP)  ## ruff, mypy on cleaners/ and pipelines/, declared dependencies vs imports (a few seconds; config in pyproject.toml)
	$(BIN)/ruff check --quiet .
	$(BIN)/mypy
	$(BIN)/deptry .

test: $(STAMP) lint  ## the linters, then the test suite on every core (CI runs this through .ci/run); installs redis-server for the distributed tests
	@sh scripts/redis.sh
	@# one file per worker: a module's crawl fixture runs once
	NEWSMILL_REQUIRE_REDIS=1 $(BIN)/python -m pytest -q -n auto --dist loadfile

test-browser: $(STAMP)  ## screenshots of newsmill browse in headless Chromium (installs Debian's chromium) into output/screenshots/
	@sh scripts/chromium.sh
	$(BIN)/python -m pytest -q -m browser

eval: $(STAMP)  ## body extraction quality vs bare trafilatura
	$(BIN)/python -m evals.body

eval-fields: $(STAMP)  ## title/author/date/FAQ quality vs bare trafilatura
	$(BIN)/python -m evals.fields

eval-renamed: $(STAMP)  ## does the story survive a boilerplate class name ("comments", "sidebar", ...) on its own container? newsmill, newsmill without its shield, trafilatura (about 5 min)
	$(BIN)/python -m evals.renamed

eval-injected: $(STAMP)  ## short stories beside a consent notice, a reply thread, a list of user names: which gets taken for the story? newsmill and trafilatura (about 30 s)
	$(BIN)/python -m evals.injected

eval-widgets: $(STAMP)  ## the blocks plugins and services write into or around a story (sharing bars, related posts, author boxes, newsletter forms, tables of contents, recommendation widgets, consent banners), with and without their class names: newsmill and trafilatura (about 2 min)
	$(BIN)/python -m evals.widgets

eval-unparagraphed: $(STAMP)  ## stories written without <p>s: every <p> a <div>, or the story's paragraphs as <br> lines; newsmill and trafilatura on both corpora (about 2 min)
	$(BIN)/python -m evals.rewritten --modes div,br

eval-unnamed: $(STAMP)  ## every class and id hashed (CSS-in-JS builds): newsmill and trafilatura without name evidence, both corpora (about 1 min)
	$(BIN)/python -m evals.rewritten --modes unnamed

eval-html4: $(STAMP)  ## HTML5 sectioning elements (article, main, section, header, footer, nav, aside...) made <div>s, as pages written before HTML5: newsmill and trafilatura, both corpora (about 1 min)
	$(BIN)/python -m evals.rewritten --modes html4

eval-ablate: $(STAMP)  ## what each cleaner adds to body F1, tuned half and held half (one body eval per cleaner, about 6 min)
	$(BIN)/python -m evals.ablate

eval-ablate-authors: $(STAMP)  ## what each author reader adds to author F1, tuned half and held half (one fields eval per reader, about 4 min)
	$(BIN)/python -m evals.ablate_authors

eval-ablate-title: $(STAMP)  ## what each headline rule adds to title accuracy, tuned half and held half (one fields eval per rule, about 6 min)
	$(BIN)/python -m evals.ablate_title

bench: $(STAMP)  ## newsmill vs the peer Scrapy pipeline (bench/peer/) on a local mirror of real pages, alternately, and a long crawl (BENCH_ARGS="--pages 1000 --long-pages 10000", "--profile"); writes docs/performance.md; then bench-export
	$(BIN)/python -m bench.run $(BENCH_ARGS)
	$(BIN)/python -m bench.export_memory

bench-export: $(STAMP)  ## peak RSS of newsmill export in each format over a 100,000-article database (about 8 min; EXPORT_ARGS="--rows 20000")
	$(BIN)/python -m bench.export_memory $(EXPORT_ARGS)

bench-storage: $(STAMP)  ## database bytes per article: raw HTML per page vs per-site zstd dictionaries, per-table sizes (BENCH_ARGS="--sites 20 --pages 40"; about 4 min)
	$(BIN)/python -m bench.storage $(BENCH_ARGS)

bench-frontier: $(STAMP)  ## nightly over 50 loopback sites of 20,000 sitemap URLs, --max-pages 200 each: peak RSS, first article per site, total vs one site (BENCH_ARGS="--sites 50 --urls 20000")
	$(BIN)/python -m bench.frontier $(BENCH_ARGS)

bench-scale: $(STAMP)  ## search, stats, export, known-URL check, Datasette at 10,000/100,000/1,000,000 articles (databases cached in output/; the 1M build takes about 30 min; BENCH_ARGS="--articles 10000,100000")
	$(BIN)/python -m bench.scale $(BENCH_ARGS)

stress: $(STAMP)  ## crawl a local server of hostile pages and faulty responses; last line: faults survived, rows lost, hung
	$(BIN)/python tests/stress.py

clean:
	rm -rf $(VENV) output/*.db output/*.db-* .pytest_cache
