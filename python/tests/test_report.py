import os
import pickle
import subprocess

import pandas as pd
import pytest

import cskpi

CLEAN = "generated/interactions_seed7_n200.ndjson"
DIRTY = "generated/interactions_seed7_n200_dirty5.ndjson"


def test_a_file_gives_the_commands_report_to_the_last_digit(data_dir, command):
    path = os.path.join(data_dir, CLEAN)
    mine = cskpi.ReportAccumulator("agent_id,queue", period="week", tz="America/New_York",
                                   fcr_window="48h").add(path).report_json()
    theirs = command("report", path, "--by", "agent_id,queue", "--period", "week", "--tz",
                     "America/New_York", "--fcr-window", "48h", "--format", "json")
    assert mine == theirs


def test_the_frame_has_a_row_per_group_and_interval_columns(data_dir, command):
    path = os.path.join(data_dir, CLEAN)
    frame = cskpi.report(path, by="queue")
    theirs = command("report", path, "--by", "queue", "--format", "json")
    assert list(frame["queue"]) == [g["key"]["queue"] for g in theirs["groups"]]
    for row, group in zip(frame.itertuples(), theirs["groups"]):
        fcr = group["kpis"]["fcr"]
        assert (row.fcr, row.fcr_numerator, row.fcr_denominator) == (
            fcr["value"], fcr["numerator"], fcr["denominator"])
        assert [row.fcr_ci95_low, row.fcr_ci95_high] == fcr["ci95"]
        assert row.aht_seconds_count == group["kpis"]["aht_seconds"]["count"]
    assert frame.attrs["input"]["read"] == 200
    assert frame.attrs["overall"]["contacts"] == theirs["overall"]["contacts"]


def test_dicts_and_a_dataframe_give_the_files_report(data_dir, read_records):
    path = os.path.join(data_dir, CLEAN)
    records = read_records(path)
    from_file = cskpi.ReportAccumulator("team").add(path).report_json()
    from_dicts = cskpi.ReportAccumulator("team").add(records).report_json()
    assert from_dicts["groups"] == from_file["groups"]
    assert from_dicts["input"]["accepted"] == 200
    from_frame = cskpi.ReportAccumulator("team").add(pd.DataFrame(records)).report_json()
    assert from_frame["groups"] == from_file["groups"]


def test_bad_records_are_counted_and_listed(data_dir, command):
    path = os.path.join(data_dir, DIRTY)
    frame = cskpi.report(path)
    theirs = command("report", path, "--format", "json")
    assert frame.attrs["input"] == theirs["input"]
    counts = frame.attrs["input"]
    assert counts["read"] == counts["accepted"] + counts["rejected"] + counts["duplicates"]
    assert counts["rejected"] > 0


def test_strict_raises_with_where_and_why(data_dir):
    path = os.path.join(data_dir, DIRTY)
    with pytest.raises(cskpi.RecordRejected) as caught:
        cskpi.report(path, strict=True)
    error = caught.value
    assert error.file == path and error.line is not None and error.code
    assert f"{path}:{error.line}" in str(error)


def test_bad_options_raise_usage_errors(data_dir):
    with pytest.raises(cskpi.UsageError, match="--period"):
        cskpi.ReportAccumulator(period="fortnight")
    with pytest.raises(cskpi.UsageError, match="unknown option"):
        cskpi.ReportAccumulator(colour="blue")
    with pytest.raises(cskpi.Error, match="nosuch.ndjson"):
        cskpi.report(os.path.join(data_dir, "nosuch.ndjson"))


def test_pickled_shards_merge_to_the_whole_report(data_dir, read_records):
    records = read_records(os.path.join(data_dir, CLEAN))
    whole = cskpi.ReportAccumulator("agent_id", fcr="case").add(records).report_json()
    shards = [cskpi.ReportAccumulator("agent_id", fcr="case").add(records[i::3])
              for i in range(3)]
    travelled = [pickle.loads(pickle.dumps(shard)) for shard in shards]
    total = travelled[2].merge(travelled[0]).merge(travelled[1])
    merged = total.report_json()
    assert merged["input"]["read"] == 200
    for mine, theirs in zip(merged["groups"], whole["groups"]):
        assert mine["key"] == theirs["key"]
        assert mine["kpis"]["fcr"] == theirs["kpis"]["fcr"]
        assert mine["kpis"]["contacts"] == theirs["kpis"]["contacts"]
        assert mine["kpis"]["aht_seconds"]["value"] == pytest.approx(
            theirs["kpis"]["aht_seconds"]["value"], rel=1e-12)


def test_states_of_other_options_do_not_merge():
    by_queue = cskpi.ReportAccumulator("queue")
    by_team = cskpi.ReportAccumulator("team")
    with pytest.raises(cskpi.UsageError):
        by_queue.merge(by_team)
    with pytest.raises(cskpi.Error):
        cskpi.ReportAccumulator.from_bytes(by_team.to_bytes(), "queue")
    with pytest.raises(cskpi.Error, match="magic"):
        cskpi.ReportAccumulator.from_bytes(b"not a state at all, but long enough", "queue")


def test_the_bytes_are_a_saved_state_the_command_merges(data_dir, command, tmp_path):
    path = os.path.join(data_dir, CLEAN)
    acc = cskpi.ReportAccumulator("queue").add(path)
    state = tmp_path / "shard.state"
    state.write_bytes(acc.to_bytes())
    assert command("merge", str(state), "--format", "json") == acc.report_json()


def test_dedupe_counts_each_id_once_within_an_add():
    records = [{"id": "a", "started_at": "2026-01-05T09:00:00Z", "talk_seconds": 10},
               {"id": "a", "started_at": "2026-01-05T09:00:00Z", "talk_seconds": 30},
               {"id": "b", "started_at": "2026-01-05T10:00:00Z", "talk_seconds": 50}]
    report = cskpi.ReportAccumulator(dedupe=True).add(records).report_json()
    assert (report["input"]["read"], report["input"]["accepted"],
            report["input"]["duplicates"]) == (3, 2, 1)
    # The later copy of "a" is kept: talk (30 + 50) / 2 = 40 s.
    assert report["overall"]["talk_seconds"]["value"] == 40.0


def test_datetimes_with_a_zone_are_read_and_naive_ones_refused():
    import datetime
    utc = datetime.timezone.utc
    record = {"id": "a", "started_at": datetime.datetime(2026, 1, 5, 9, 30, tzinfo=utc)}
    report = cskpi.ReportAccumulator(period="day").add([record]).report_json()
    assert report["input"]["accepted"] == 1
    assert report["groups"][0]["key"]["period"] == "2026-01-05"
    with pytest.raises(cskpi.UsageError, match="no time zone"):
        cskpi.ReportAccumulator().add([{"id": "b",
                                        "started_at": datetime.datetime(2026, 1, 5, 9, 30)}])
