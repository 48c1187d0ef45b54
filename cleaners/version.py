"""The extractor's version, stored with every article (articles.extractor_version).

Bump it whenever extraction output changes, and only then: a re-crawl or re-extraction marks an article
whose stored version differs as `refreshed`. tests/test_extractor_version.py compares the output over the
fixture corpus with the digest stored in tests/fixtures/extractor_digest.json and asks for the bump;
`.venv/bin/python -m evals.digest --bump` bumps this number and rewrites the digest in one go.
"""

EXTRACTOR_VERSION = "121"
