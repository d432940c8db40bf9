import os
import pickle

import pandas as pd
import pytest

import cskpi

CALLS = "generated/interactions_seed7_n200.ndjson"
PURCHASES = "generated/purchases_seed7_n100.ndjson"



def test_a_file_gives_the_commands_report_to_the_last_digit(data_dir, command):
    path = os.path.join(data_dir, CALLS)
    mine = cskpi.RetentionAccumulator(period="week", tz="America/New_York").add(path)
    theirs = command("retention", path, "--period", "week", "--tz", "America/New_York",
                     "--cohorts", "--format", "json")
    assert mine.report_json(cohorts=True) == theirs
    frame = mine.report()
    assert list(frame["period"]) == [p["period"] for p in theirs["periods"]]
    assert list(frame["retained"]) == [p["retained"] for p in theirs["periods"]]
    assert frame.attrs["input"] == theirs["input"]
    assert frame.attrs["cohorts"] == []  # without cohorts=True


def test_purchases_give_the_commands_report(data_dir, command):
    path = os.path.join(data_dir, PURCHASES)
    mine = cskpi.retention(path, period="month", preset="canonical-purchase", cohorts=True)
    theirs = command("retention", path, "--preset", "canonical-purchase", "--cohorts",
                     "--format", "json")
    assert mine.attrs["cohorts"] == theirs["cohorts"]
    assert list(mine["end"]) == [p["end"] for p in theirs["periods"]]
    for row, period in zip(mine.itertuples(), theirs["periods"]):
        rate = period["retention_rate"]
        assert row.retention_rate_numerator == rate["numerator"]
        if rate["value"] is None:  # undefined (no customer the period before): NaN here
            assert pd.isna(row.retention_rate)
        else:
            assert row.retention_rate == rate["value"]


def test_dicts_and_a_dataframe_give_the_files_report(data_dir, read_records):
    path = os.path.join(data_dir, CALLS)
    records = read_records(path)
    from_file = cskpi.RetentionAccumulator(period="week").add(path).report_json()
    from_dicts = cskpi.RetentionAccumulator(period="week").add(records).report_json()
    from_frame = cskpi.RetentionAccumulator(period="week").add(pd.DataFrame(records))
    assert from_dicts["periods"] == from_file["periods"]
    assert from_frame.report_json()["periods"] == from_file["periods"]
    assert from_dicts["input"]["accepted"] == 200


def test_pickled_halves_merge_to_the_whole(data_dir, tmp_path, command, read_records):
    records = read_records(os.path.join(data_dir, CALLS))
    whole = cskpi.RetentionAccumulator(period="week").add(records)
    first = cskpi.RetentionAccumulator(period="week").add(records[:77])
    second = cskpi.RetentionAccumulator(period="week").add(records[77:])
    merged = pickle.loads(pickle.dumps(first)).merge(pickle.loads(pickle.dumps(second)))
    assert merged.report_json(True) == whole.report_json(True)
    assert merged.records == 200
    again = cskpi.RetentionAccumulator.from_bytes(whole.to_bytes(), period="week")
    assert again.report_json() == whole.report_json()
    state = tmp_path / "retention.state"
    state.write_bytes(whole.to_bytes())
    assert command("merge", str(state), "--format", "json") == whole.report_json()


def test_empty_input_and_bad_arguments(data_dir):
    empty = cskpi.retention([], period="day")
    assert empty.empty and empty.attrs["input"]["read"] == 0
    with pytest.raises(cskpi.UsageError, match="--period"):
        cskpi.RetentionAccumulator(period="fortnight")
    with pytest.raises(cskpi.UsageError, match="--tz"):
        cskpi.RetentionAccumulator(tz="Mars/Olympus")
    with pytest.raises(cskpi.UsageError, match="unknown option 'by'"):
        cskpi.RetentionAccumulator(by="queue")
    with pytest.raises(cskpi.UsageError, match="period"):
        cskpi.RetentionAccumulator(period="week").merge(cskpi.RetentionAccumulator())
    report_state = cskpi.ReportAccumulator().to_bytes()
    with pytest.raises(cskpi.Error, match="report state, not a retention state"):
        cskpi.RetentionAccumulator.from_bytes(report_state)
    with pytest.raises(cskpi.UsageError, match="time zone"):
        cskpi.retention(pd.DataFrame({"id": ["i"], "customer_id": ["c"],
                                      "started_at": [pd.Timestamp("2025-01-01")]}))
