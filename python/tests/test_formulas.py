import math

import pytest

import cskpi


def test_fcr_is_the_rate_with_its_wilson_interval():
    rate = cskpi.fcr(850, 1000)
    assert rate.value == 85.0
    assert (rate.numerator, rate.denominator) == (850, 1000)
    # Wilson 95%: (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n), p = 0.85, n = 1000
    z, p, n = 1.959963984540054, 0.85, 1000
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert rate.ci95_low == pytest.approx(100 * (centre - half), rel=1e-12)
    assert rate.ci95_high == pytest.approx(100 * (centre + half), rel=1e-12)


def test_a_zero_denominator_has_no_value():
    rate = cskpi.csat(0, 0)
    assert rate.value is None and rate.ci95_low is None and rate.ci95_high is None


def test_invalid_arguments_raise_usage_errors():
    with pytest.raises(cskpi.UsageError, match="resolved"):
        cskpi.fcr(11, 10)
    with pytest.raises(cskpi.UsageError):
        cskpi.erlang_c(0, 1.0)


def test_nps_aht_and_retention():
    score = cskpi.nps(650, 250, 100)
    assert score.value == pytest.approx(55.0, rel=1e-14) and score.responses == 1000  # 65% - 10%
    assert cskpi.aht(3600.0, 12) == 300.0
    assert cskpi.aht(0.0, 0) is None
    assert cskpi.retention_rate(80, 100).value == 80.0
    assert cskpi.churn_rate(80, 100).value == 20.0


def test_clv_and_erlang_formulas_on_textbook_values():
    assert cskpi.historical_clv(50.0, 4.0, 3.0) == 600.0
    assert cskpi.margin_multiple_clv(100.0, 0.8, 0.1) == pytest.approx(100 * 0.8 / 0.3, rel=1e-15)
    assert cskpi.erlang_b(2, 1.0) == pytest.approx(0.2, rel=1e-15)
    assert cskpi.erlang_c(2, 1.0) == pytest.approx(1 / 3, rel=1e-15)
    assert cskpi.erlang_asa(2, 1.0, 180) == pytest.approx(60.0, rel=1e-15)
    assert cskpi.erlang_asa(2, 2.0, 180) is None
    assert cskpi.traffic_intensity(100, 1800, 180) == 10.0
