"""Customer retention by period: ``cskpi.retention`` and ``cskpi.RetentionAccumulator``.

Both drive the C++ library's retention accumulator with the options of ``cskpi retention``
(docs/cli.md) and its reader, so a report here is the command's report, to the last digit.
"""

import json

import pandas as pd

from . import _cskpi
from ._accumulator import StateAccumulator
from ._report import _flatten, _option_texts

# The keywords retention options take: the command's option names, with _ for -.
_OPTIONS = ("period", "utc_offset", "tz", *_cskpi.input_option_names())


def frame_of_retention(document):
    """The document of ``cskpi retention --format json`` as a DataFrame: a row per period
    (``period``, ``start``, ``retained``, ``new_customers``, ``end``, ``first_time``, and
    ``retention_rate`` and ``churn_rate`` with their ``_numerator``, ``_denominator``,
    ``_ci95_low`` and ``_ci95_high``), with ``attrs["input"]`` (the records' account),
    ``attrs["cohorts"]`` (the cohort table's rows as dicts; empty unless asked for) and the
    document's other members (``customers``, ``records``...) in ``attrs``."""
    rows = []
    for period in document.get("periods", []):
        row = {}
        for name, value in period.items():
            _flatten(name, value, row)
        rows.append(row)
    frame = pd.DataFrame(rows)
    for key, value in document.items():
        if key != "periods":
            frame.attrs[key] = value
    return frame


class RetentionAccumulator(StateAccumulator):
    """Customer activity by period that records are added to (``add``: paths, dicts or a
    DataFrame of interactions, or of purchases with ``preset="canonical-purchase"``) and other
    accumulators with the same period and zone merge into, in any order, with the same result;
    it pickles as the bytes of a ``cskpi retention --save-state`` file (``to_bytes``, which
    ``cskpi merge`` reads; ``from_bytes``), so it crosses process and machine boundaries
    unchanged.

    >>> acc = cskpi.RetentionAccumulator(period="week", tz="Europe/Paris")
    >>> acc.add("2025-q1.ndjson")
    >>> acc.add([{"id": "c1", "customer_id": "k7", "started_at": "2025-03-03T14:00:00Z"}])
    >>> acc.merge(pickle.loads(pickle.dumps(other)))
    >>> acc.report()   # a DataFrame, one row per week
    """

    _binding = _cskpi.RetentionAccumulator

    @staticmethod
    def _texts(options):
        return _option_texts(options, _OPTIONS)

    def report_json(self, cohorts=False):
        """The report as ``cskpi retention --format json`` prints it (with ``--cohorts`` when
        ``cohorts``), as a dict."""
        return json.loads(self._state.report_json(bool(cohorts)))

    def report(self, cohorts=False):
        """The report as a DataFrame (see ``frame_of_retention``)."""
        return frame_of_retention(self.report_json(cohorts))


def retention(source, cohorts=False, **options):
    """Period-over-period retention and churn of the customers in ``source``: a path or list
    of paths, a list of dicts or a DataFrame of interactions (or of purchases, with
    ``preset="canonical-purchase"``). Keywords are ``cskpi retention``'s options: ``period``
    (day, week or month), ``tz``, ``utc_offset``, ``preset``, ``mapping``, ``strict``...

    Returns a DataFrame with a row per period (see ``frame_of_retention``); with
    ``cohorts=True`` the cohort table is in ``attrs["cohorts"]``.

    >>> frame = cskpi.retention("calls.ndjson", period="month")
    >>> frame[["period", "start", "retained", "retention_rate", "churn_rate"]]
    """
    return RetentionAccumulator(**options).add(source).report(cohorts)
