"""Records given in memory: a list of dicts as the NDJSON text the C++ readers read, so they
are read exactly as a file holding them would be; a DataFrame's columns renamed before they
are read in place (_frame.py)."""

import datetime
import json
import os

from ._errors import UsageError


def renamed(frame, renames):
    """The frame with each column named in ``renames`` (e.g. ``{"date": "at"}``) renamed
    unless the new name is there already."""
    names = {old: new for old, new in (renames or {}).items()
             if old in frame.columns and new not in frame.columns}
    return frame.rename(columns=names) if names else frame


def records_ndjson(records, renames=None):
    """NDJSON of ``records``, an iterable of dicts, each key named in ``renames`` (e.g.
    ``{"date": "at"}``) renamed unless the new name is there already."""
    renames = renames or {}
    lines = []
    for record in records:
        if not isinstance(record, dict):
            raise TypeError(f"a record is a dict, not a {type(record).__name__}")
        names = {old: new for old, new in renames.items() if old in record and new not in record}
        if names:
            record = {names.get(key, key): value for key, value in record.items()}
        lines.append(json.dumps(record, default=timestamp_text))
    return "\n".join(lines)


def is_path(source):
    return isinstance(source, (str, os.PathLike))


def paths_of(source):
    """The paths ``source`` names (a path or a non-empty list of paths), or None for records."""
    if is_path(source):
        return [os.fspath(source)]
    if isinstance(source, (list, tuple)) and source and all(is_path(s) for s in source):
        return [os.fspath(s) for s in source]
    return None


def timestamp_text(value):
    """A datetime as RFC 3339; a naive one is refused rather than read in some zone."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise UsageError(f"the datetime {value} has no time zone: give it one "
                             "(e.g. datetime.timezone.utc) so the instant is known")
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"a {type(value).__name__} cannot be a record's value")
