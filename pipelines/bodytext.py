"""An article's text stored once: `articles.body` is computed by SQLite from `body_markdown`.

body_markdown is the body's own paragraphs with their Markdown form (cleaners/markdown.py): heading and
quote markers, backslash escapes and single line breaks inside a list or table. Removing those gives the
plain body back on most pages, so the plain body is not stored a second time: `articles.body` is a
generated column, `coalesce(body_text, <the Markdown made plain>)`, and `body_text` holds the body only
where the Markdown does not give it back exactly (a table's separator row, a numbered list, a heading
inside a list item). The writer decides that in SQL, with the same expression the column reads with
(STORED_BODY_SQL), so what a reader gets is the body the writer was given, whatever the text holds.

Readers (SQL, sqlite-utils, Datasette, the full-text index) read `body` as before; writers write
`body_text` and `body_markdown`, never `body`.
"""

from __future__ import annotations

# Undone in this order: the heading and quote markers at a line's start; then, on text holding a
# backslash only, the commonest backslash escapes cleaners/markdown.py writes; then a blank line
# everywhere a line breaks (inside a list or table the Markdown breaks once, the body always twice).
# Each step is one replace() nested in the next, 14 in all: every reader's SQLite parses the schema, and
# SQLite 3.40's parser overflows at 30. A rarer form (a level-5 heading, an escaped backslash) keeps body_text.
MARKER_STEPS = [("\n" + marker, "\n") for marker in ("###### ", "#### ", "### ", "## ", "# ", "> ")]
ESCAPE_STEPS = [("\\" + c, c) for c in "[]*_.<"]
BREAK_STEPS = [("\n\n", "\n"), ("\n", "\n\n")]


def _apply(text: str, steps) -> str:
    for old, new in steps:
        text = text.replace(old, new)
    return text


def plain_of_markdown(markdown: str | None) -> str | None:
    """What `plain_sql` computes, in Python (the tests hold the two equal; the writer uses the SQL)."""
    if markdown is None:
        return None
    text = _apply("\n" + markdown, MARKER_STEPS)
    if "\\" in markdown:
        text = _apply(text, ESCAPE_STEPS)
    return _apply(text, BREAK_STEPS)[2:]


def _literal(text: str) -> str:
    """A SQL expression for text: quoted parts, line breaks as char(10)."""
    parts, run = [], ""
    for ch in text:
        if ch == "\n":
            if run:
                parts.append("'" + run.replace("'", "''") + "'")
                run = ""
            parts.append(f"char({ord(ch)})")
        else:
            run += ch
    if run or not parts:
        parts.append("'" + run.replace("'", "''") + "'")
    return " || ".join(parts)


def _sql(expr: str, steps) -> str:
    for old, new in steps:
        expr = f"replace({expr}, {_literal(old)}, {_literal(new)})"
    return expr


def plain_sql(markdown: str) -> str:
    """The SQL expression of the plain body for the Markdown `markdown` (a column or a named parameter:
    it is read three times). Text without a backslash skips the escape passes."""
    marked = _sql(f"char(10) || {markdown}", MARKER_STEPS)
    unescaped = f"CASE WHEN instr({markdown}, '\\') > 0 THEN {_sql(marked, ESCAPE_STEPS)} ELSE {marked} END"
    return f"substr({_sql(unescaped, BREAK_STEPS)}, 3)"


# articles.body: the stored text where there is one, else the Markdown made plain.
BODY_EXPRESSION = f"coalesce(body_text, {plain_sql('body_markdown')})"

# The value the writer stores as body_text, given the named parameters :body_markdown and :body: NULL
# when the Markdown gives the body back exactly.
STORED_BODY_SQL = f"CASE WHEN {plain_sql(':body_markdown')} IS :body THEN NULL ELSE :body END"
