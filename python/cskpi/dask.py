"""Reports, retention and RFM summaries over Dask collections: each partition accumulates into
a partial state, and the partial states merge in a tree into one, the same result one process
gives for the whole input (docs/python.md). The CLV models are then fitted on the driver, on
the summary, as the CLV literature's practitioners recommend.

>>> import dask.bag as db
>>> from dask.distributed import Client, LocalCluster
>>> client = Client(LocalCluster(n_workers=2))
>>> paths = db.from_sequence(["part-0.ndjson", "part-1.ndjson"], npartitions=2)
>>> cskpi.dask.report(paths, by="queue")            # a DataFrame, a row per queue
>>> cskpi.dask.retention(paths, period="month")     # a DataFrame, a row per month
"""

import functools

import dask
import dask.bag as db

from ._clv import RfmAccumulator
from ._errors import UsageError
from ._report import ReportAccumulator
from ._retention import RetentionAccumulator


# Partial states travel between tasks as saved-state bytes, made in the task that computed
# them: a worker ships plain bytes rather than pickling an accumulator in its event loop, and a
# merge builds its total from the bytes directly, with no copy of a live accumulator (a task's
# result may be read again, by a retried or shared task, so it must not be merged into).


def _accumulate(partition, make):
    # A dataframe partition is a DataFrame; a bag's is an iterable of dicts or of paths.
    records = partition if hasattr(partition, "columns") else list(partition)
    return make().add(records).to_bytes()


def _merged(make, *states):
    total = make()
    for state in states:
        total._state.add_state(state, "a partial state")
    return total


def _merge(make, *states):
    return _merged(make, *states).to_bytes()


def _result(make, method, args, *states):
    return getattr(_merged(make, *states), method)(*args)


def _fold(collection, make, split_every, dedupe=False):
    """The partial states of ``collection``, at most ``split_every`` dask Delayed saved-state
    bytes: each partition is added to an accumulator ``make()`` gives, on a worker, and the
    states merge ``split_every`` at a time. The one fold of every accumulator kind: ``make``
    is a picklable factory."""
    if not isinstance(collection, db.Bag) and not hasattr(collection, "to_delayed"):
        raise TypeError("cskpi.dask takes a dask.bag.Bag or a dask.dataframe.DataFrame")
    if isinstance(split_every, bool) or not isinstance(split_every, int) or split_every < 2:
        raise UsageError(f"split_every must be an integer of at least 2, not {split_every!r}")
    if dedupe:
        raise UsageError("dedupe is per add, so partitions would not see each other's ids: "
                         "de-duplicate the collection first (e.g. Bag.distinct on the id)")
    make()  # bad options raise here, on the driver, rather than in every task
    states = [dask.delayed(_accumulate)(p, make) for p in collection.to_delayed()]
    while len(states) > split_every:
        states = [dask.delayed(_merge)(make, *states[i:i + split_every])
                  for i in range(0, len(states), split_every)]
    return states


def _merged_accumulator(make, states):
    """The merged accumulator of the fold's ``states``, as a dask Delayed."""
    return dask.delayed(_merged)(make, *states)


def _computed(make, states, method, *args):
    """``method(*args)`` of the merged accumulator of the fold's ``states``, computed where
    they merge, on a worker: what comes back to the driver is the result, not the state (which
    holds every FCR case or customer and is the larger by far)."""
    return dask.delayed(_result)(make, method, args, *states).compute()


def _report_factory(by, options):
    return functools.partial(ReportAccumulator, by, **options)


def _retention_factory(options):
    return functools.partial(RetentionAccumulator, **options)


def _rfm_factory(calibration_end, period, holdout_end, options):
    return functools.partial(RfmAccumulator, calibration_end=calibration_end, period=period,
                             holdout_end=holdout_end, **options)


def accumulate(collection, by=None, split_every=8, **options):
    """The merged ReportAccumulator of a ``dask.bag`` (of record dicts, or of NDJSON/JSON/CSV
    file paths) or a ``dask.dataframe`` with canonical column names, as a dask Delayed: each
    partition becomes an accumulator on a worker, and they merge ``split_every`` at a time."""
    make = _report_factory(by, options)
    return _merged_accumulator(make, _fold(collection, make, split_every, options.get("dedupe")))


def report(collection, by=None, split_every=8, **options):
    """``cskpi.report`` over a Dask collection (see ``accumulate``), computed with the current
    scheduler (a ``dask.distributed.Client`` when one is active)."""
    make = _report_factory(by, options)
    return _computed(make, _fold(collection, make, split_every, options.get("dedupe")), "report")


def accumulate_retention(collection, split_every=8, **options):
    """The merged RetentionAccumulator of a Dask collection of interactions or purchases
    (record dicts, file paths or a dataframe), as a dask Delayed; options as
    ``cskpi.retention``'s."""
    make = _retention_factory(options)
    return _merged_accumulator(make, _fold(collection, make, split_every, options.get("dedupe")))


def retention(collection, cohorts=False, split_every=8, **options):
    """``cskpi.retention`` over a Dask collection, computed with the current scheduler.

    >>> cskpi.dask.retention(db.from_sequence(paths, npartitions=8), period="week")
    """
    make = _retention_factory(options)
    return _computed(make, _fold(collection, make, split_every, options.get("dedupe")), "report",
                     cohorts)


def accumulate_rfm(collection, calibration_end, period="week", holdout_end=None,
                   split_every=8, **options):
    """The merged RfmAccumulator of a Dask collection of purchases (dicts, file paths or a
    dataframe with customer_id, at or date, amount), as a dask Delayed."""
    make = _rfm_factory(calibration_end, period, holdout_end, options)
    return _merged_accumulator(make, _fold(collection, make, split_every))


def rfm_summary(collection, calibration_end, period="week", holdout_end=None, split_every=8,
                **options):
    """``cskpi.rfm_summary`` over a Dask collection: the summary, a DataFrame with a row per
    customer, is on the driver, ready for the models to be fitted there.

    >>> rfm = cskpi.dask.rfm_summary(dd.read_csv("orders-*.csv"), calibration_end="1997-09-30")
    >>> bgf = cskpi.BetaGeoFitter().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    """
    make = _rfm_factory(calibration_end, period, holdout_end, options)
    return _computed(make, _fold(collection, make, split_every), "summary")
