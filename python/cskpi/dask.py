"""Reports over Dask collections: each partition accumulates into a partial report, and the
partial reports merge in a tree into one, the same report one process gives for the whole
input (docs/python.md).

>>> import dask.bag as db
>>> from dask.distributed import Client, LocalCluster
>>> client = Client(LocalCluster(n_workers=2))
>>> paths = db.from_sequence(["part-0.ndjson", "part-1.ndjson"], npartitions=2)
>>> cskpi.dask.report(paths, by="queue")            # a DataFrame, a row per queue
"""

import dask
import dask.bag as db

from ._errors import UsageError
from ._report import ReportAccumulator


def _accumulate(partition, by, options):
    # A dataframe partition is a DataFrame; a bag's is an iterable of dicts or of paths.
    records = partition if hasattr(partition, "columns") else list(partition)
    return ReportAccumulator(by, **options).add(records)


def _merge(by, options, *parts):
    # Into a new accumulator: a task's result may be read again (a retried or shared task),
    # so the parts must stay as they are.
    total = ReportAccumulator(by, **options)
    for part in parts:
        total.merge(part)
    return total


def accumulate(collection, by=None, split_every=8, **options):
    """The merged ReportAccumulator of a ``dask.bag`` (of record dicts, or of NDJSON/JSON/CSV
    file paths) or a ``dask.dataframe`` with canonical column names, as a dask Delayed: each
    partition becomes an accumulator on a worker, and they merge ``split_every`` at a time."""
    if not isinstance(collection, db.Bag) and not hasattr(collection, "to_delayed"):
        raise TypeError("cskpi.dask takes a dask.bag.Bag or a dask.dataframe.DataFrame")
    if isinstance(split_every, bool) or not isinstance(split_every, int) or split_every < 2:
        raise UsageError(f"split_every must be an integer of at least 2, not {split_every!r}")
    if options.get("dedupe"):
        raise UsageError("dedupe is per add, so partitions would not see each other's ids: "
                         "de-duplicate the collection first (e.g. Bag.distinct on the id)")
    parts = [dask.delayed(_accumulate)(p, by, options) for p in collection.to_delayed()]
    if not parts:
        return dask.delayed(ReportAccumulator)(by, **options)
    while len(parts) > 1:
        parts = [dask.delayed(_merge)(by, options, *parts[i:i + split_every])
                 for i in range(0, len(parts), split_every)]
    return parts[0]


def report(collection, by=None, split_every=8, **options):
    """``cskpi.report`` over a Dask collection (see ``accumulate``), computed with the current
    scheduler (a ``dask.distributed.Client`` when one is active)."""
    return accumulate(collection, by, split_every, **options).compute().report()
