"""Storage: SQLite through sqlite-utils (schema, writer, dedupe, export, search)."""
