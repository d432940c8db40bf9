"""What the report, retention and RFM accumulators share: made from option texts, merged, saved as
the bytes of a saved state and pickled as those bytes."""

import pandas as pd

from ._frame import table_columns
from ._input import paths_of, records_ndjson, renamed


class StateAccumulator:
    """An accumulator of the binding (``_binding``, a class of _cskpi) with its options;
    subclasses give ``_texts`` (keywords to option texts) and ``_renames`` (record fields
    renamed before reading, e.g. ``{"date": "at"}``)."""

    _binding = None
    _renames = None

    def __init__(self, **options):
        self._options = self._texts(options)
        self._state = self._new_state()

    def _new_state(self):
        return self._binding(self._options)

    def _arguments(self):
        """The attributes _new_state reads, which a pickle carries."""
        return {"_options": self._options}

    def _add_records(self, records):
        self._state.add_text(records_ndjson(records, self._renames))

    @staticmethod
    def _texts(options):
        raise NotImplementedError

    def add(self, source):
        """Adds records: a path or a list of paths (read as the command reads them), a list
        of dicts, or a DataFrame with canonical column names."""
        paths = paths_of(source)
        if paths is not None:
            self._state.add_files(paths)
        elif isinstance(source, pd.DataFrame):
            frame = renamed(source, self._renames)
            self._state.add_table(table_columns(frame, self._state.reads_column), len(frame),
                                  "DataFrame")
        else:
            self._add_records(source)
        return self

    def merge(self, other):
        """Adds the records of ``other``, an accumulator with the same options; raises
        cskpi.UsageError when they differ."""
        self._state.merge(other._state)
        return self

    def to_bytes(self):
        """The state as the bytes of a saved state: the accumulator's frame, then the
        account of the records read (docs/state-format.md)."""
        return self._state.to_bytes()

    @classmethod
    def from_bytes(cls, state, *args, **options):
        """The accumulator of saved-state bytes, made with ``args`` and ``options``; raises
        cskpi.Error when the state was made with other options or is of another kind."""
        acc = cls(*args, **options)
        acc._state.add_state(bytes(state), "the saved state")
        return acc

    @property
    def records(self):
        """The records read into this accumulator (accepted, rejected or duplicates)."""
        return self._state.records

    def __reduce__(self):
        return (_restore, (type(self), self._arguments(), self.to_bytes()))


def _restore(cls, arguments, state):
    acc = cls.__new__(cls)
    acc.__dict__.update(arguments)
    acc._state = acc._new_state()
    acc._state.add_state(state, "the pickled accumulator")
    return acc
