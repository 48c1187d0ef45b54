"""What pipelines/ rely on in other libraries beyond their documented API, in one place: sqlite-utils imported
without numpy, and Datasette's exception hook quietened for `newsmill browse`. Each part says what it
touches and the versions it was checked with; tests/test_compat.py checks each is still there.
(Scrapy's internals are in crawler/compat.py, trafilatura's and jusText's in cleaners/compat.py.)

sqlite-utils imports numpy when it can, only to map numpy scalars to column types: 12 MB in the crawl's
process, which stores plain Python values. Every storage module takes sqlite-utils from here, so numpy
loads only where it is used (story clusters at the end of a run), and the extraction workers, which use
`pipelines.rawhtml` and `pipelines.fingerprint` but no database, do not load sqlite-utils at all (11 MB
each). Checked with sqlite-utils 4.x, whose db module looks numpy up once, at import.
"""

from __future__ import annotations

import sys

if "sqlite_utils" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # "import numpy" raises ImportError
    try:
        import sqlite_utils
    finally:
        del sys.modules["numpy"]
else:
    import sqlite_utils

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

__all__ = ["Database", "Migrations", "quiet_datasette_exceptions", "sqlite_utils"]

# The Datasette version quiet_datasette_exceptions was checked with (pyproject pins datasette>=0.65,<1).
DATASETTE_CHECKED = "0.65.5"


def quiet_datasette_exceptions() -> None:
    """No rich traceback with local variables (about 180 lines) in the terminal for each 404 or 403 that
    `newsmill browse` serves.

    Datasette's own handle_exception hook prints every exception through rich when rich is installed, and a
    hook of ours cannot stop it (Datasette awaits every hook's answer, its own too). This sets the module
    global datasette.handle_exception.rich (rich, or None without it) to None, which the hook reads on each
    exception: a 404 or 403 is then silent, and an error of Datasette's own (500) is still printed, as a
    plain traceback. Checked with Datasette 0.65.5 (DATASETTE_CHECKED). Idempotent; nothing without
    Datasette or without that module.
    """
    try:
        import datasette.handle_exception as hook  # here, not at import: an optional extra, browse only
    except ImportError:
        return
    if getattr(hook, "rich", None) is not None:
        hook.rich = None
