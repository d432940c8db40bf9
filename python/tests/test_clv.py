import math
import os
import pickle
import subprocess

import numpy as np
import pandas as pd
import pytest

import cskpi

PURCHASES = "generated/purchases_seed7_n100.ndjson"
CDNOW_COLUMNS = {"customer_col": "customer", "date_col": "date", "amount_col": "dollars"}
# cskpi clv's default horizon, 12 months, in the model's weeks (clv::convert).
HORIZON_WEEKS = 12 * (365.2425 / 12.0) / 7.0


@pytest.fixture
def cdnow(data_dir):
    """tests/cli/data/cdnow.csv: the CDNOW sample as CSV (customer, date, cds, dollars)."""
    return os.path.join(data_dir, os.pardir, "cli", "data", "cdnow.csv")


@pytest.fixture(scope="module")
def cdnow_rfm():
    path = os.path.join(os.environ["CSKPI_DATA"], os.pardir, "cli", "data", "cdnow.csv")
    return cskpi.rfm_summary(path, calibration_end="1997-09-30", **CDNOW_COLUMNS)


def close(mine, theirs):
    if theirs is None:
        return mine is None or math.isnan(mine)
    return mine == pytest.approx(theirs, rel=1e-12, abs=0.0)


def test_the_summary_is_the_commands(cdnow, cdnow_rfm, command):
    theirs = command("clv", cdnow, "--calibration-end", "1997-09-30",
                     *[f"--{k.replace('_', '-')}={v}" for k, v in CDNOW_COLUMNS.items()])
    rfm = cdnow_rfm
    assert list(rfm.index) == [c["customer_id"] for c in theirs["customers"]]
    assert rfm.index.name == "customer_id"
    assert list(rfm.columns) == ["frequency", "recency", "T", "monetary_value"]
    for customer in theirs["customers"]:
        row = rfm.loc[customer["customer_id"]]
        assert (row.frequency, row.recency, row["T"]) == (
            customer["frequency"], customer["recency"], customer["T"])
        assert close(row.monetary_value, customer["monetary_value"] or 0.0)
    assert rfm.attrs["input"] == theirs["input"]


def test_dicts_a_dataframe_and_pickled_halves_give_the_files_summary(data_dir, read_records):
    path = os.path.join(data_dir, PURCHASES)
    records = read_records(path)
    options = {"calibration_end": "2023-09-30", "holdout_end": "2023-12-31"}
    whole = cskpi.rfm_summary(path, **options)
    assert list(whole.columns)[-2:] == ["holdout_frequency", "holdout_spend"]
    assert whole["holdout_frequency"].sum() > 0
    pd.testing.assert_frame_equal(cskpi.rfm_summary(records, **options), whole)
    frame = pd.DataFrame(records).rename(columns={"at": "date"})
    frame["date"] = pd.to_datetime(frame["date"], utc=True)
    pd.testing.assert_frame_equal(cskpi.rfm_summary(frame, **options), whole,
                                  check_exact=False, rtol=1e-12)
    first = cskpi.RfmAccumulator(**options).add(records[::2])
    second = cskpi.RfmAccumulator(**options).add(records[1::2])
    merged = pickle.loads(pickle.dumps(first)).merge(pickle.loads(pickle.dumps(second)))
    pd.testing.assert_frame_equal(merged.summary(), whole, check_exact=False, rtol=1e-12)
    again = cskpi.RfmAccumulator.from_bytes(whole_state := merged.to_bytes(), **options)
    assert again.to_bytes() == whole_state and again.records == len(records)


@pytest.mark.parametrize("model, fitter", [("bgnbd", cskpi.BetaGeoFitter),
                                           ("pareto", cskpi.ParetoNBDFitter),
                                           ("mbgnbd", cskpi.ModifiedBetaGeoFitter)])
def test_cdnow_fits_and_values_as_the_command(cdnow, cdnow_rfm, command, model, fitter):
    theirs = command("clv", cdnow, "--calibration-end", "1997-09-30", "--model", model,
                     *[f"--{k.replace('_', '-')}={v}" for k, v in CDNOW_COLUMNS.items()])
    rfm = cdnow_rfm
    f, r, T, m = rfm["frequency"], rfm["recency"], rfm["T"], rfm["monetary_value"]
    purchases = fitter().fit(f, r, T)
    assert purchases.params_.keys() == theirs["params"].keys()
    for name, value in theirs["params"].items():
        assert close(purchases.params_[name], value), name
    assert close(purchases.log_likelihood_, theirs["log_likelihood"])
    assert purchases.converged_

    repeat = rfm[(f > 0) & (m > 0)]
    spend = cskpi.GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    gg = theirs["spend_model"]["params"]
    assert [spend.params_[k] for k in ("p", "q", "v")] == pytest.approx(
        [gg["p"], gg["q"], gg["gamma"]], rel=1e-12)
    assert close(spend.log_likelihood_, theirs["spend_model"]["log_likelihood"])

    p_alive = purchases.conditional_probability_alive(f, r, T)
    expected = purchases.conditional_expected_number_of_purchases_up_to_time(
        HORIZON_WEEKS, f, r, T)
    profit = spend.conditional_expected_average_profit(f, m)
    clv = spend.customer_lifetime_value(purchases, f, r, T, m, time=12, discount_rate=0.01)
    assert list(clv.index) == [c["customer_id"] for c in theirs["customers"]]
    for customer in theirs["customers"]:
        key = customer["customer_id"]
        assert close(p_alive[key], customer["p_alive"]), key
        assert close(expected[key], customer["expected_purchases"]), key
        assert close(profit[key], customer["expected_spend"]), key
        assert close(clv[key], customer["clv"]), key


def test_arrays_in_arrays_out_and_numbers_in_numbers_out(cdnow_rfm):
    rfm = cdnow_rfm
    bgf = cskpi.BetaGeoFitter().fit(rfm["frequency"].to_numpy(), rfm["recency"].to_list(),
                                    rfm["T"])
    row = rfm.iloc[0]
    one = bgf.conditional_probability_alive(row.frequency, row.recency, row["T"])
    assert isinstance(one, float)
    many = bgf.conditional_probability_alive(rfm["frequency"].to_numpy(),
                                             rfm["recency"].to_numpy(), rfm["T"].to_numpy())
    assert isinstance(many, np.ndarray) and many[0] == one
    curve = bgf.expected_number_of_purchases_up_to_time(np.array([0.0, 10.0, 39.0]))
    assert curve[0] == 0.0 and curve[1] < curve[2]
    assert bgf.expected_number_of_purchases_up_to_time(10.0) == curve[1]
    assert repr(bgf).startswith("<cskpi.BetaGeoFitter: fitted with r: ")


def test_bad_arguments_raise_cskpi_errors(data_dir, cdnow_rfm):
    path = os.path.join(data_dir, PURCHASES)
    with pytest.raises(cskpi.UsageError, match="--calibration-end is required"):
        cskpi.RfmAccumulator()
    with pytest.raises(cskpi.UsageError, match="--calibration-end: \"soon\" is not a date"):
        cskpi.rfm_summary(path, calibration_end="soon")
    with pytest.raises(cskpi.UsageError, match="holdout_end"):
        cskpi.rfm_summary(path, calibration_end="2023-09-30", holdout_end="later")
    with pytest.raises(cskpi.UsageError, match="--period"):
        cskpi.rfm_summary(path, calibration_end="2023-09-30", period="year")
    with pytest.raises(cskpi.UsageError, match="unknown option 'model'"):
        cskpi.rfm_summary(path, calibration_end="2023-09-30", model="bgnbd")
    with pytest.raises(cskpi.UsageError, match="calibration_end"):
        cskpi.RfmAccumulator(calibration_end="2023-09-30").merge(
            cskpi.RfmAccumulator(calibration_end="2023-10-31"))
    with pytest.raises(cskpi.UsageError, match="time zone"):
        cskpi.rfm_summary([{"customer_id": "c", "at": pd.Timestamp("2023-01-01").to_pydatetime(),
                            "amount": 1.0}], calibration_end="2023-09-30")
    with pytest.raises(cskpi.Error, match="retention state, not an RFM summary state"):
        cskpi.RfmAccumulator.from_bytes(cskpi.RetentionAccumulator().to_bytes(),
                                        calibration_end="2023-09-30")
    empty = cskpi.rfm_summary([], calibration_end="2023-09-30")
    assert empty.empty and list(empty.columns) == ["frequency", "recency", "T", "monetary_value"]
    rfm = cdnow_rfm
    with pytest.raises(cskpi.Error, match="not fitted"):
        cskpi.BetaGeoFitter().conditional_probability_alive(1, 2, 3)
    with pytest.raises(cskpi.UsageError, match="differ in length"):
        cskpi.BetaGeoFitter().fit([1, 2], [1], [3, 4])
    bgf = cskpi.BetaGeoFitter().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    repeat = rfm[(rfm["frequency"] > 0) & (rfm["monetary_value"] > 0)]
    ggf = cskpi.GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    with pytest.raises(cskpi.UsageError, match="freq"):
        ggf.customer_lifetime_value(bgf, [1], [1], [2], [10.0], freq="fortnight")
    with pytest.raises(cskpi.UsageError, match="discount_rate"):
        ggf.customer_lifetime_value(bgf, [1], [1], [2], [10.0], discount_rate=-0.1)


def test_cskpi_merge_refuses_an_rfm_state(data_dir, tmp_path):
    state = tmp_path / "rfm.state"
    acc = cskpi.RfmAccumulator(calibration_end="2023-09-30")
    state.write_bytes(acc.add(os.path.join(data_dir, PURCHASES)).to_bytes())
    run = subprocess.run([os.environ["CSKPI_COMMAND"], "merge", str(state)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "holds an RFM summary state" in run.stderr
