"""Exceptions the ingest stage raises; each names the cause in words a person understands."""


class IngestError(Exception):
    """A file could not be read at all. str(error) is the cause, e.g. 'empty file'."""


class EncryptedError(IngestError):
    pass


class NotSupportedError(IngestError):
    pass
