import functools
import os
import subprocess

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import cskpi
import cskpi.dask

RECORDS = 400_000
PARTS = 8


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    """400,000 generated records in 8 NDJSON files, cut on line boundaries."""
    work = tmp_path_factory.mktemp("dask")
    whole = work / "all.ndjson"
    subprocess.run([os.environ["CSKPI_GENERATOR"], "--records", str(RECORDS), "--seed", "11",
                    "--out", str(whole), "--quiet"], check=True)
    lines = whole.read_text().splitlines(keepends=True)
    paths = []
    for i in range(PARTS):
        path = work / f"part-{i}.ndjson"
        path.write_text("".join(lines[i * len(lines) // PARTS:(i + 1) * len(lines) // PARTS]))
        paths.append(str(path))
    return str(whole), paths


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def same_values(mine, theirs, inexact=False, where="report"):
    """Counts, rates and quantiles exactly; means (a value beside a "sum", a "mean", a
    "stddev") within 1e-12 relative: a merge adds sums in another order."""
    if isinstance(theirs, dict):
        assert mine.keys() == theirs.keys(), where
        mean = "sum" in theirs
        for key, value in theirs.items():
            same_values(mine[key], value, inexact or key in ("mean", "stddev", "sum") or
                        (mean and key == "value"), f"{where}/{key}")
    elif isinstance(theirs, list):
        assert len(mine) == len(theirs), where
        for i, (a, b) in enumerate(zip(mine, theirs)):
            same_values(a, b, inexact, f"{where}/{i}")
    elif inexact and isinstance(theirs, float):
        assert mine == pytest.approx(theirs, rel=1e-12), where
    else:
        assert mine == theirs, where


def same_report(mine, theirs):
    same_values(mine, theirs)


def test_a_cluster_gives_the_single_process_report(parts, client):
    whole, paths = parts
    expected = cskpi.ReportAccumulator("agent_id").add(whole).report_json()
    bag = db.from_sequence(paths, npartitions=PARTS)
    merged = cskpi.dask.accumulate(bag, "agent_id", split_every=3).compute()
    same_report(merged.report_json(), expected)
    assert cskpi.dask.report(bag, "agent_id").shape[0] == len(expected["groups"])


def _die_once(path, marker_dir):
    marker = os.path.join(marker_dir, "died")
    if path.endswith("part-3.ndjson") and not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(1)  # the worker process dies mid-computation
    return path


def test_a_killed_worker_changes_nothing(parts, client, tmp_path):
    whole, paths = parts
    expected = cskpi.ReportAccumulator("queue").add(whole).report_json()
    bag = db.from_sequence(paths, npartitions=PARTS).map(_die_once, str(tmp_path))
    merged = cskpi.dask.accumulate(bag, "queue").compute()
    assert os.path.exists(tmp_path / "died")
    same_report(merged.report_json(), expected)


def test_a_dataframe_of_records(parts, client):
    whole, paths = parts
    frame = pd.read_json(paths[0], lines=True, dtype=False, convert_dates=False)
    expected = cskpi.ReportAccumulator("team").add(paths[0]).report_json()
    merged = cskpi.dask.accumulate(dd.from_pandas(frame, npartitions=4), "team").compute()
    mine = merged.report_json()
    # The input's field coverage names other sources (columns, not JSON Pointers of a file).
    assert mine["input"]["accepted"] == expected["input"]["accepted"] == 50_000
    same_values(mine["groups"], expected["groups"])
    same_values(mine["overall"], expected["overall"])


def test_bad_split_every_and_dedupe_are_refused(parts):
    bag = db.from_sequence(parts[1], npartitions=PARTS)
    for bad in (1, 0, -3, 2.5, True):
        with pytest.raises(cskpi.UsageError, match="split_every"):
            cskpi.dask.accumulate(bag, split_every=bad)
    with pytest.raises(cskpi.UsageError, match="dedupe"):
        cskpi.dask.accumulate(bag, dedupe=True)


def test_partial_states_travel_as_saved_state_bytes(parts):
    """Tasks pass bytes, which no merge can change (a task's result can be read again, by a
    retried merge or a persisted partition), and which merge to the report of the whole."""
    from cskpi.dask import _accumulate, _merge, _merged
    make = functools.partial(cskpi.ReportAccumulator, ["queue"])
    first, second = (_accumulate([path], make) for path in parts[1][:2])
    assert isinstance(first, bytes) and isinstance(second, bytes)
    merged = _merged(make, _merge(make, first), second)
    whole = cskpi.ReportAccumulator("queue").add(parts[1][:2])
    same_report(merged.report_json(), whole.report_json())
    assert merged.records == 2 * RECORDS // PARTS


def test_retention_on_a_cluster_is_the_single_process_report(client, data_dir, read_records):
    path = os.path.join(data_dir, "generated/interactions_seed7_n200.ndjson")
    records = read_records(path)
    expected = cskpi.RetentionAccumulator(period="week").add(path).report_json(cohorts=True)
    bag = db.from_sequence(records, npartitions=5)
    merged = cskpi.dask.accumulate_retention(bag, split_every=2, period="week").compute()
    assert merged.report_json(cohorts=True) == expected
    frame = cskpi.dask.retention(dd.from_pandas(pd.DataFrame(records), npartitions=3),
                                 period="week")
    assert list(frame["end"]) == [p["end"] for p in expected["periods"]]
    with pytest.raises(cskpi.UsageError, match="dedupe"):
        cskpi.dask.retention(bag, dedupe=True)


def test_rfm_summary_on_a_cluster_is_the_single_process_summary(client, data_dir, tmp_path):
    whole = os.path.join(data_dir, os.pardir, "cli", "data", "cdnow.csv")
    with open(whole) as f:
        header, *rows = f.readlines()
    paths = []
    for i in range(4):  # four CSV files, each with the header
        path = tmp_path / f"cdnow-{i}.csv"
        path.write_text(header + "".join(rows[i * len(rows) // 4:(i + 1) * len(rows) // 4]))
        paths.append(str(path))
    options = {"calibration_end": "1997-09-30", "customer_col": "customer", "date_col": "date",
               "amount_col": "dollars"}
    expected = cskpi.rfm_summary(whole, **options)
    mine = cskpi.dask.rfm_summary(db.from_sequence(paths, npartitions=4), split_every=3,
                                  **options)
    pd.testing.assert_frame_equal(mine, expected, check_exact=False, rtol=1e-12)
    frame = pd.read_csv(whole, dtype={"customer": str, "date": str})
    frame = frame.rename(columns={"customer": "customer_id", "dollars": "amount"})
    from_frame = cskpi.dask.rfm_summary(dd.from_pandas(frame, npartitions=3),
                                        calibration_end="1997-09-30")
    pd.testing.assert_frame_equal(from_frame[["frequency", "recency", "T"]],
                                  expected[["frequency", "recency", "T"]])
    # Fitted on the driver, the model is the one-process model.
    fitted = cskpi.BetaGeoFitter().fit(mine["frequency"], mine["recency"], mine["T"])
    alone = cskpi.BetaGeoFitter().fit(expected["frequency"], expected["recency"], expected["T"])
    assert fitted.params_ == alone.params_
