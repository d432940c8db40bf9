"""KPI reports of interaction records: ``cskpi.report`` and ``cskpi.ReportAccumulator``.

Both drive the C++ library's report engine with the options of ``cskpi report`` (docs/cli.md),
spelled as keywords (``fcr_window="48h"`` is ``--fcr-window 48h``), so a report here is the
command's report, to the last digit.
"""

import json
import os

import pandas as pd

from . import _cskpi
from ._accumulator import StateAccumulator
from ._errors import UsageError
from ._input import timestamp_text

# The keywords report options take: the command's option names, with _ for -, as the binding
# lists them.
_OPTIONS = tuple(_cskpi.report_option_names())


def _option_texts(options, known=_OPTIONS):
    texts = {}
    for name, value in options.items():
        if value is None:
            continue
        if name not in known:
            raise UsageError(f"unknown option {name!r}; the options are {', '.join(known)}")
        if name == "mapping" and isinstance(value, dict):  # the mapping itself, not a file
            texts["mapping_document"] = json.dumps(value)
            continue
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, dict):  # sla={"first_response": "1h"}
            text = ",".join(f"{key}={limit}" for key, limit in value.items())
        elif isinstance(value, (list, tuple)):
            text = ",".join(str(item) for item in value)
        else:
            text = os.fspath(value) if isinstance(value, os.PathLike) else str(value)
        texts[name] = text
    return texts


def _dimensions(by):
    if by is None:
        return []
    if isinstance(by, str):
        return [part for part in by.split(",") if part]
    return list(by)


def _flatten(prefix, value, row):
    """A KPI's JSON value as columns named as in cskpi's CSV output: ``fcr``,
    ``fcr_numerator``, ``fcr_ci95_low``, ``aht_seconds_count``..."""
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(prefix if key == "value" else f"{prefix}_{key}", item, row)
    elif isinstance(value, list) and prefix.endswith("ci95"):
        row[f"{prefix}_low"], row[f"{prefix}_high"] = value
    elif value is None and prefix.endswith("ci95"):
        row[f"{prefix}_low"] = row[f"{prefix}_high"] = None
    else:
        row[prefix] = value


def _kpi_row(kpis):
    row = {}
    for name, value in kpis.items():
        _flatten(name, value, row)
    return row


def frame_of_report(document):
    """The report document of ``cskpi report --format json`` as a DataFrame: one row per group
    (the group's dimensions first, then every KPI), with ``attrs["overall"]`` (the KPIs of all
    records, as a dict), ``attrs["input"]`` (read, accepted, rejected, duplicates, errors) and
    ``attrs["options"]``."""
    rows = []
    for group in document.get("groups", []):
        row = dict(group["key"])
        row.update(_kpi_row(group["kpis"]))
        rows.append(row)
    frame = pd.DataFrame(rows) if rows else pd.DataFrame(columns=list(_kpi_row(document["overall"])))
    frame.attrs["overall"] = _kpi_row(document["overall"])
    frame.attrs["input"] = document["input"]
    frame.attrs["options"] = document["options"]
    return frame


def _records_json(records):
    return json.dumps(list(records), default=timestamp_text)


class ReportAccumulator(StateAccumulator):
    """A partial report that records are added to and other partial reports merge into, in
    any order, with the same result; it pickles as the bytes of a ``--save-state`` file, so it
    crosses process and machine boundaries unchanged.

    >>> acc = cskpi.ReportAccumulator(by="queue", period="day", tz="America/New_York")
    >>> acc.add("monday.ndjson")
    >>> acc.add([{"id": "c1", "started_at": "2025-03-03T14:00:00Z", "queue": "billing"}])
    >>> acc.merge(pickle.loads(pickle.dumps(other)))
    >>> acc.report()   # a DataFrame, one row per queue and day
    """

    def __init__(self, by=None, **options):
        self._by = _dimensions(by)
        super().__init__(**options)

    @staticmethod
    def _texts(options):
        return _option_texts(options)

    def _new_state(self):
        return _cskpi.ReportAccumulator(self._by, self._options)

    def _arguments(self):
        return {"_by": self._by, "_options": self._options}

    def _add_records(self, records):
        self._state.add_json(_records_json(records))

    def report(self):
        """The report as a DataFrame (see ``cskpi.report``)."""
        return frame_of_report(json.loads(self._state.report_json()))

    def report_json(self):
        """The report as ``cskpi report --format json`` prints it, as a dict."""
        return json.loads(self._state.report_json())


def report(source, by=None, **options):
    """KPIs of interaction records: ``source`` is a path or list of paths (NDJSON, JSON or CSV),
    a list of dicts, or a DataFrame with canonical column names (docs/records.md). Keywords are
    ``cskpi report``'s options: ``by``, ``period``, ``tz``, ``definitions``, ``preset``,
    ``mapping`` (a mapping file), ``fcr``, ``sla`` (a dict or ``"first_response=1h"``)...

    Returns a DataFrame with a row per group, the KPIs as columns (rates with ``_numerator``,
    ``_denominator``, ``_ci95_low`` and ``_ci95_high``), the overall KPIs in
    ``attrs["overall"]`` and the input's account in ``attrs["input"]``.

    >>> frame = cskpi.report("calls.ndjson", by="agent_id", period="week")
    >>> frame[["agent_id", "period", "fcr", "fcr_ci95_low", "fcr_ci95_high"]]
    """
    return ReportAccumulator(by, **options).add(source).report()
