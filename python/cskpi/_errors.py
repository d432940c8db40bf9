"""The exceptions cskpi raises: its C++ library's errors, with their message kept whole."""


class Error(RuntimeError):
    """A cskpi error: an unreadable file, a bad saved state, a model that cannot be fitted.

    The message is cskpi's own, naming the file, line and field where it has them.
    """


class UsageError(Error, ValueError):
    """An option or argument out of its domain, e.g. ``period="fortnight"``."""


class RecordRejected(Error):
    """A bad record met with ``strict=True``: where it is and why.

    >>> try:
    ...     cskpi.report("calls.ndjson", strict=True)
    ... except cskpi.RecordRejected as e:
    ...     print(e.file, e.line, e.field, e.code)
    """

    def __init__(self, message, file="", line=None, index=None, field="", code=""):
        super().__init__(message)
        self.file = file
        self.line = line
        self.index = index
        self.field = field
        self.code = code
