"""The sources stage: fetch a council's committees, meetings, decisions and papers from its own
meeting system (Modern.Gov or CMIS) and hand the papers to ingest. It knows HTTP, politeness and
each system's shapes; it never parses a PDF.

Example::

    with Client(delay=1.0) as client:
        summary = import_site("council.db", ModernGov("https://democracy.example.gov.uk"), client)
"""
from onrecord.sources.cmis import Cmis
from onrecord.sources.errors import FetchError, NotFound, NotMeetingSystem, Refused, SourceError
from onrecord.sources.http import Client, user_agent
from onrecord.sources.moderngov import ModernGov
from onrecord.sources.run import ImportSummary, import_site

__all__ = [
    "Client",
    "Cmis",
    "FetchError",
    "ImportSummary",
    "ModernGov",
    "NotFound",
    "NotMeetingSystem",
    "Refused",
    "SourceError",
    "import_site",
    "user_agent",
]
