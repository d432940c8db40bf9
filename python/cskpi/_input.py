"""Records given in memory (a list of dicts or a DataFrame) as the NDJSON text the C++ readers
read, so they are read exactly as a file holding them would be."""

import json
import os

import pandas as pd

from ._errors import UsageError
from ._report import _timestamp_text


def _check_zones(frame):
    for name, dtype in frame.dtypes.items():
        if pd.api.types.is_datetime64_dtype(dtype):  # no zone: datetime64tz is not this
            raise UsageError(f"the column {name!r} holds datetimes without a time zone: give "
                             "it one (e.g. Series.dt.tz_localize('UTC')) so the instants are "
                             "known")


def records_ndjson(records, renames=None):
    """NDJSON of ``records``, a DataFrame or an iterable of dicts, each column or key named in
    ``renames`` (e.g. ``{"date": "at"}``) renamed unless the new name is there already."""
    renames = renames or {}
    if isinstance(records, pd.DataFrame):
        _check_zones(records)
        names = {old: new for old, new in renames.items()
                 if old in records.columns and new not in records.columns}
        frame = records.rename(columns=names) if names else records
        if frame.empty:
            return ""
        return frame.to_json(orient="records", lines=True, date_format="iso", date_unit="ms")
    lines = []
    for record in records:
        if not isinstance(record, dict):
            raise TypeError(f"a record is a dict, not a {type(record).__name__}")
        names = {old: new for old, new in renames.items() if old in record and new not in record}
        if names:
            record = {names.get(key, key): value for key, value in record.items()}
        lines.append(json.dumps(record, default=_timestamp_text))
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
