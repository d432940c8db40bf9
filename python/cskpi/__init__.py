"""cskpi: customer-service KPIs (FCR, CSAT, NPS, AHT, service level, retention, CLV, Erlang C)
computed by cskpi's C++ library, with their confidence intervals.

>>> import cskpi
>>> cskpi.report("calls.ndjson", by="queue")        # a DataFrame, a row per queue
>>> cskpi.fcr(850, 1000).value                       # 85.0
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
from ._errors import Error, RecordRejected, UsageError
from ._report import ReportAccumulator, frame_of_report, report

__all__ = [
    "Error", "NpsScore", "Rate", "RecordRejected", "ReportAccumulator", "UsageError", "aht",
    "asa", "churn_rate", "csat", "erlang_asa", "erlang_b", "erlang_c", "erlang_occupancy",
    "erlang_service_level", "fcr", "frame_of_report", "historical_clv", "margin_multiple_clv",
    "nps", "report", "retention_rate", "traffic_intensity",
]
