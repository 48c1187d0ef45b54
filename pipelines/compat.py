"""sqlite-utils, imported without numpy.

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

__all__ = ["Database", "Migrations", "sqlite_utils"]
