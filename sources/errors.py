"""What can go wrong fetching from a meeting system; the CLI turns these into one-line errors."""
from __future__ import annotations


class SourceError(Exception):
    """An import cannot go on."""


class NotMeetingSystem(SourceError):
    """The URL is not a Modern.Gov (or CMIS) site."""


class FetchError(SourceError):
    """A request failed for good: refused, not found, or still failing after the retries."""


class Refused(FetchError):
    """The site answered 401 or 403: it will not serve onrecord."""


class NotFound(FetchError):
    """404 or 410: not retried."""
