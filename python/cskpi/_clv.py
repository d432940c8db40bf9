"""The RFM summary of purchases and the CLV models over it, with the interface of the
``lifetimes`` package: ``cskpi.rfm_summary``, ``cskpi.RfmAccumulator``, ``BetaGeoFitter``,
``ParetoNBDFitter``, ``ModifiedBetaGeoFitter`` and ``GammaGammaFitter``.

Every number is the C++ library's, the same as ``cskpi clv`` prints (docs/clv.md): purchases
are read by the command's readers, the models fitted and evaluated by its code.
"""

import datetime
import json
import warnings

import numpy as np
import pandas as pd

from . import _cskpi
from ._errors import Error, UsageError
from ._accumulator import StateAccumulator
from ._input import timestamp_text
from ._report import _option_texts

# The keywords of the RFM summary: cskpi clv's input options, and holdout_end.
_OPTIONS = ("calibration_end", "period", "holdout_end", "csv", "customer_col", "date_col",
            "amount_col", "preset", "mapping", "max_errors", "strict")


def frame_of_rfm(columns, input_account, holdout):
    """The RFM summary's columns as a DataFrame indexed by customer_id: ``frequency``,
    ``recency``, ``T``, ``monetary_value`` and, when ``holdout``, ``holdout_frequency`` and
    ``holdout_spend``; the records' account in ``attrs["input"]``."""
    names = ["frequency", "recency", "T", "monetary_value"]
    if holdout:
        names += ["holdout_frequency", "holdout_spend"]
    frame = pd.DataFrame({name: columns[name] for name in names},
                         index=pd.Index(columns["customer_id"], name="customer_id", dtype=object))
    frame.attrs["input"] = input_account
    return frame


class RfmAccumulator(StateAccumulator):
    """The RFM summary of purchases, folded in one purchase at a time in any order (``add``:
    paths read as ``cskpi clv`` reads them, dicts or a DataFrame with ``customer_id``, ``at``
    or ``date`` and ``amount``), merged with other accumulators of the same options in any
    order, and pickled as the bytes of a saved state (``to_bytes``, ``from_bytes``), so shards
    are summarised anywhere and merged (docs/python.md).

    >>> acc = cskpi.RfmAccumulator(calibration_end="1997-09-30", period="week")
    >>> acc.add("purchases-1.ndjson").add([{"customer_id": "7", "at": "1997-03-02",
    ...                                      "amount": 12.5}])
    >>> acc.merge(pickle.loads(pickle.dumps(other)))
    >>> acc.summary()   # a DataFrame indexed by customer_id: frequency, recency, T, ...
    """

    _binding = _cskpi.RfmAccumulator
    _renames = {"date": "at"}

    @staticmethod
    def _texts(options):
        dated = {name: timestamp_text(value) if isinstance(value, datetime.date) else value
                 for name, value in options.items()}
        return _option_texts(dated, _OPTIONS)

    def summary(self):
        """The summary as a DataFrame (see ``cskpi.rfm_summary``)."""
        return frame_of_rfm(self._state.summary(), json.loads(self._state.input_json()),
                            "holdout_end" in self._options)


def rfm_summary(source, calibration_end, period="week", holdout_end=None, **options):
    """The RFM summary of purchases, as lifetimes' ``summary_data_from_transaction_data``
    shapes it: a DataFrame indexed by customer_id with ``frequency`` (repeat purchase days),
    ``recency`` and ``T`` (in ``period``s: day, week or month) and ``monetary_value`` (mean
    repeat-day spend), and with ``holdout_end`` also ``holdout_frequency`` and
    ``holdout_spend`` (purchases after ``calibration_end`` up to ``holdout_end``).

    ``source`` is a path or list of paths, a list of dicts or a DataFrame of purchases
    (``customer_id``, ``at`` or ``date``, ``amount``). Keywords are ``cskpi clv``'s input
    options: ``csv``, ``customer_col``, ``date_col``, ``amount_col``, ``preset``, ``mapping``,
    ``strict``, ``max_errors``. The records' account is in ``attrs["input"]``.

    >>> rfm = cskpi.rfm_summary("cdnow.csv", calibration_end="1997-09-30",
    ...                         customer_col="customer", date_col="date", amount_col="dollars")
    >>> cskpi.BetaGeoFitter().fit(rfm["frequency"], rfm["recency"], rfm["T"]).params_
    """
    acc = RfmAccumulator(calibration_end=calibration_end, period=period,
                         holdout_end=holdout_end, **options)
    return acc.add(source).summary()


def _array(values):
    return np.atleast_1d(np.asarray(values, dtype=float))


def _index(*values):
    for value in values:
        if isinstance(value, pd.Series):
            return value.index
    return None


def _shaped(result, *inputs):
    """``result`` as a Series with the index of the first Series among ``inputs``, a float
    when every input was a number, else the array."""
    index = _index(*inputs)
    if index is not None:
        return pd.Series(result, index=index)
    if all(np.ndim(value) == 0 for value in inputs):
        return float(result[0])
    return result


class _Fitter:
    _names = {}  # lifetimes' parameter names: the library's

    def __init__(self):
        self.params_ = None
        self.log_likelihood_ = None
        self.converged_ = None
        self.standard_errors_ = None

    def _take(self, fit, what):
        self.params_ = {mine: fit["params"][theirs] for mine, theirs in self._names.items()}
        self.log_likelihood_ = fit["log_likelihood"]
        self.converged_ = fit["converged"]
        errors = fit["std_errors"]
        self.standard_errors_ = None if errors is None else dict(zip(self._names, errors))
        if not self.converged_:
            warnings.warn(f"{what} did not converge: {fit['message']}", RuntimeWarning)
        return self

    def _values(self):
        if self.params_ is None:
            raise Error(f"{type(self).__name__} is not fitted: call fit first")
        return list(self.params_.values())

    def __repr__(self):
        if self.params_ is None:
            return f"<cskpi.{type(self).__name__}: not fitted>"
        params = ", ".join(f"{k}: {v:.2f}" for k, v in self.params_.items())
        return f"<cskpi.{type(self).__name__}: fitted with {params}>"


class _PurchaseFitter(_Fitter):
    _model = ""

    def fit(self, frequency, recency, T):
        """Fits the model by maximum likelihood to customers' ``frequency``, ``recency`` and
        ``T`` (arrays or Series, e.g. the columns of ``cskpi.rfm_summary``); sets ``params_``,
        ``log_likelihood_`` (the total over customers, as ``cskpi clv`` gives it),
        ``converged_`` and ``standard_errors_``. Returns the fitter."""
        fit = _cskpi.fit_purchase_model(self._model, _array(frequency), _array(recency),
                                        _array(T))
        return self._take(fit, self._model)

    def conditional_expected_number_of_purchases_up_to_time(self, t, frequency, recency, T):
        """The purchases each customer is expected to make in the next ``t`` periods (one
        number, or one per customer), given its history."""
        values = _cskpi.conditional_expected_purchases(
            self._model, self._values(), _array(t), _array(frequency), _array(recency),
            _array(T))
        return _shaped(values, frequency, recency, T)

    def conditional_probability_alive(self, frequency, recency, T):
        """Each customer's probability of being alive at the end of its calibration period."""
        values = _cskpi.p_alive(self._model, self._values(), _array(frequency),
                                _array(recency), _array(T))
        return _shaped(values, frequency, recency, T)

    def expected_number_of_purchases_up_to_time(self, t):
        """The purchases a new customer is expected to make in its first ``t`` periods."""
        return _shaped(_cskpi.expected_purchases(self._model, self._values(), _array(t)), t)


class BetaGeoFitter(_PurchaseFitter):
    """The BG/NBD model (Fader, Hardie & Lee 2005) as lifetimes' ``BetaGeoFitter``.

    >>> bgf = cskpi.BetaGeoFitter().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    >>> bgf.params_                     # {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    >>> bgf.conditional_probability_alive(rfm["frequency"], rfm["recency"], rfm["T"])
    """

    _model = "bgnbd"
    _names = {"r": "r", "alpha": "alpha", "a": "a", "b": "b"}


class ModifiedBetaGeoFitter(_PurchaseFitter):
    """The MBG/NBD model (Batislam, Denizel & Filiztekin 2007) as lifetimes'
    ``ModifiedBetaGeoFitter``.

    >>> mbgf = cskpi.ModifiedBetaGeoFitter().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    """

    _model = "mbgnbd"
    _names = {"r": "r", "alpha": "alpha", "a": "a", "b": "b"}


class ParetoNBDFitter(_PurchaseFitter):
    """The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) as lifetimes'
    ``ParetoNBDFitter``.

    >>> pnbd = cskpi.ParetoNBDFitter().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    >>> pnbd.params_                    # {"r": ..., "alpha": ..., "s": ..., "beta": ...}
    """

    _model = "pareto_nbd"
    _names = {"r": "r", "alpha": "alpha", "s": "s", "beta": "beta"}


# lifetimes' names of the CLV units: D, W, M (and the command's day, week, month).
_UNITS = {"D": "day", "W": "week", "M": "month", "day": "day", "week": "week", "month": "month"}


class GammaGammaFitter(_Fitter):
    """The Gamma-Gamma spend model (Fader, Hardie & Lee 2005) as lifetimes'
    ``GammaGammaFitter``, with the discounted CLV of ``cskpi clv``.

    >>> repeat = rfm[(rfm["frequency"] > 0) & (rfm["monetary_value"] > 0)]
    >>> ggf = cskpi.GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    >>> ggf.customer_lifetime_value(bgf, rfm["frequency"], rfm["recency"], rfm["T"],
    ...                             rfm["monetary_value"], time=12, discount_rate=0.01)
    """

    _names = {"p": "p", "q": "q", "v": "gamma"}

    def fit(self, frequency, monetary_value):
        """Fits the model to repeat buyers' ``frequency`` and mean repeat spend
        ``monetary_value`` (positive); sets ``params_`` (p, q, v) and ``log_likelihood_``."""
        fit = _cskpi.fit_gamma_gamma(_array(frequency), _array(monetary_value))
        return self._take(fit, "gamma-gamma")

    def conditional_expected_average_profit(self, frequency, monetary_value):
        """Each customer's expected mean spend per purchase; NaN for a repeat buyer without a
        positive ``monetary_value`` (outside the model's domain)."""
        values = _cskpi.expected_spend(self._values(), _array(frequency),
                                       _array(monetary_value))
        return _shaped(values, frequency, monetary_value)

    def customer_lifetime_value(self, transaction_prediction_model, frequency, recency, T,
                                monetary_value, time=12, discount_rate=0.01, freq="W",
                                margin=1.0):
        """Each customer's CLV over ``time`` months: the margin on its expected spend times
        the purchases expected in each month, discounted at ``discount_rate`` a month (the
        first at the end of month 1), ``freq`` being the unit of ``recency`` and ``T`` (D, W
        or M) - ``cskpi clv --horizon {time}mo --discount-rate {discount_rate}``. NaN where
        the expected spend is undefined."""
        if not isinstance(transaction_prediction_model, _PurchaseFitter):
            raise TypeError("transaction_prediction_model is a fitted BetaGeoFitter, "
                            "ParetoNBDFitter or ModifiedBetaGeoFitter")
        if freq not in _UNITS:
            raise UsageError(f"freq: {freq!r} is not D, W or M")
        spend = _cskpi.expected_spend(self._values(), _array(frequency), _array(monetary_value))
        values = _cskpi.customer_lifetime_value(
            transaction_prediction_model._model, transaction_prediction_model._values(),
            _array(frequency), _array(recency), _array(T), spend, _UNITS[freq], float(time),
            float(discount_rate), float(margin))
        return _shaped(values, frequency, recency, T, monetary_value)
