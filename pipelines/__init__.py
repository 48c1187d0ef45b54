"""Storage: SQLite through sqlite-utils (schema, writer, dedupe, export, search).

sqlite-utils imports numpy when it can, to map numpy scalars to column types: 12 MB in the crawl's
process, which stores plain Python values only. It is imported here with numpy hidden, so numpy loads
only where it is used (story clusters at the end of a run). Checked with sqlite-utils 4.x (its db module
looks numpy up once, at import).
"""

import sys as _sys

if "sqlite_utils" not in _sys.modules and "numpy" not in _sys.modules:
    _sys.modules["numpy"] = None  # type: ignore[assignment]  # "import numpy" raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del _sys.modules["numpy"]
