"""cskpi: customer-service KPIs (FCR, CSAT, NPS, AHT, service level, retention, CLV, Erlang C)
computed by cskpi's C++ library, with their confidence intervals.

>>> import cskpi
>>> cskpi.report("calls.ndjson", by="queue")        # a DataFrame, a row per queue
>>> cskpi.fcr(850, 1000).value                       # 85.0
>>> cskpi.retention("calls.ndjson", period="month")  # a DataFrame, a row per month
>>> rfm = cskpi.rfm_summary("orders.csv", calibration_end="1997-09-30", csv=True)
>>> cskpi.BetaGeoFitter().fit(rfm["frequency"], rfm["recency"], rfm["T"]).params_
"""

from ._cskpi import (
    NpsScore,
    Rate,
    aht,
    asa,
    churn_rate,
    csat,
    erlang_asa,
    erlang_b,
    erlang_c,
    erlang_occupancy,
    erlang_service_level,
    fcr,
    historical_clv,
    margin_multiple_clv,
    nps,
    retention_rate,
    traffic_intensity,
)
from ._clv import (
    BetaGeoFitter,
    GammaGammaFitter,
    ModifiedBetaGeoFitter,
    ParetoNBDFitter,
    RfmAccumulator,
    frame_of_rfm,
    rfm_summary,
)
from ._errors import Error, RecordRejected, UsageError
from ._report import ReportAccumulator, frame_of_report, report
from ._retention import RetentionAccumulator, frame_of_retention, retention

__all__ = [
    "BetaGeoFitter", "Error", "GammaGammaFitter", "ModifiedBetaGeoFitter", "NpsScore",
    "ParetoNBDFitter", "Rate", "RecordRejected", "ReportAccumulator", "RetentionAccumulator",
    "RfmAccumulator", "UsageError", "aht", "asa", "churn_rate", "csat", "erlang_asa", "erlang_b",
    "erlang_c", "erlang_occupancy", "erlang_service_level", "fcr", "frame_of_report",
    "frame_of_retention", "frame_of_rfm", "historical_clv", "margin_multiple_clv", "nps",
    "report", "retention", "retention_rate", "rfm_summary", "traffic_intensity",
]
