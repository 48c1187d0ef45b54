"""The one error type extraction raises: callers catch it and record a skip."""


class ExtractionError(ValueError):
    """The page cannot be turned into an article (empty, not HTML, unparsable)."""
