"""A pandas DataFrame as typed columns for the C++ library's RecordTable: each column once,
at numpy speed, so decoding runs in C++ the way CSV rows are decoded (docs/python.md,
"DataFrames"). A cell means what the same value means in a JSON record."""

import datetime

import numpy as np
import pandas as pd
from pandas.api import types

from ._errors import UsageError


def _naive_time_error(name):
    return UsageError(f"column {name!r} holds datetimes without a time zone: localize it "
                      f"(e.g. frame[{name!r}].dt.tz_localize('UTC')) so the instants are known")


def _times(name, column):
    if column.dt.tz is None:
        raise _naive_time_error(name)
    nulls = column.isna().to_numpy()
    utc = column.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[ns]")
    return name, "time", utc.to_numpy().view("int64"), nulls


def _nullable(name, kind, column, dtype, fill):
    nulls = column.isna().to_numpy()
    return name, kind, column.to_numpy(dtype=dtype, na_value=fill), nulls


def _first_value(values):
    """The first cell that is not a null, or None."""
    for value in values:
        if value is not None and value is not pd.NA and value is not pd.NaT and not (
                isinstance(value, float) and value != value):
            return value
    return None


def _object_column(name, column):
    """An object column by what its values are. Strings go to the binding unchecked here: it
    reads them in place and names any cell that is neither a string nor a null."""
    values = column.to_numpy()
    first = _first_value(values)
    if isinstance(first, str):
        return name, "text", values, None
    if isinstance(first, (bool, np.bool_)):  # the binding reads True, False and nulls
        return name, "boolean", values, None
    inferred = types.infer_dtype(values, skipna=True)
    nulls = column.isna().to_numpy()
    if inferred == "boolean":
        return name, "boolean", column.where(~nulls, False).to_numpy(dtype=bool), nulls
    if inferred == "integer":
        try:
            return _nullable(name, "integer", column.astype("Int64"), "int64", 0)
        except (OverflowError, TypeError, ValueError):
            return name, "text", values, nulls
    if inferred in ("floating", "mixed-integer-float", "decimal"):
        return name, "number", pd.to_numeric(column).to_numpy(dtype="float64"), nulls
    if inferred == "datetime":
        if any(value.tzinfo is None for value in column[~nulls]):
            raise _naive_time_error(name)
        return _times(name, pd.to_datetime(column, utc=True))
    if inferred == "date":
        texts = column.map(lambda d: d.isoformat() if isinstance(d, datetime.date) else d)
        return name, "text", texts.to_numpy(), nulls
    return name, "text", values, nulls


def _column(name, column):
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _column(name, column.astype(dtype.categories.dtype))
    if types.is_datetime64_any_dtype(dtype):
        return _times(name, column)
    if types.is_timedelta64_dtype(dtype):  # durations in seconds, as records give them
        return name, "number", column.dt.total_seconds().to_numpy(dtype="float64"), None
    if types.is_bool_dtype(dtype):
        if isinstance(dtype, np.dtype):
            return name, "boolean", column.to_numpy(), None
        return _nullable(name, "boolean", column, bool, False)
    if types.is_integer_dtype(dtype):
        if isinstance(dtype, np.dtype) and dtype != np.uint64:
            return name, "integer", column.to_numpy(dtype="int64"), None
        if not isinstance(dtype, np.dtype) and str(dtype) != "UInt64":
            return _nullable(name, "integer", column, "int64", 0)
        return _nullable(name, "number", column, "float64", np.nan)
    if types.is_float_dtype(dtype):
        if isinstance(dtype, np.dtype):  # NaN is a null already: viewed as it is
            return name, "number", column.to_numpy(dtype="float64", copy=False), None
        return _nullable(name, "number", column, "float64", np.nan)
    return _object_column(name, column if dtype == object else column.astype(object))


def table_columns(frame, reads_column):
    """The columns of the frame that ``reads_column(name)`` says the mapping reads, as
    (name, kind, values, nulls) tuples for the binding; the others are not looked at."""
    return [_column(str(name), frame.iloc[:, i]) for i, name in enumerate(frame.columns)
            if reads_column(str(name))]
