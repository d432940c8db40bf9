"""DataFrames (cskpi/_frame.py): typed columns read as the JSON values they stand for, the
command's report on the same records, nulls of every pandas kind, and clear errors."""

import datetime
import json
import os
import subprocess

import numpy as np
import pandas as pd
import pytest

import cskpi

CLEAN = "generated/interactions_seed7_n200.ndjson"


def test_a_typed_frame_gives_the_commands_report(data_dir, command, tmp_path):
    """The generated records as a user's frame: tz-aware datetimes, nullable integers,
    booleans with missing values, categories, timedeltas. Same report, to the last digit."""
    path = os.path.join(data_dir, CLEAN)
    frame = pd.read_json(path, lines=True, dtype=False, convert_dates=False)
    for column in ("started_at", "answered_at", "ended_at"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column], utc=True).dt.tz_convert("Asia/Tokyo")
    frame["csat"] = frame["csat"].astype("Int64")
    frame["queue"] = frame["queue"].astype("category")
    frame["team"] = frame["team"].astype("string")
    with np.errstate(invalid="ignore"):  # pandas casts the NaNs on its way to NaT
        frame["talk_seconds"] = pd.to_timedelta(frame["talk_seconds"], unit="s")
    frame["resolved"] = frame["resolved"].astype("boolean")
    assert frame["first_contact_resolution"].dtype == object  # True, False and NaN
    mine = cskpi.report(frame, by="queue", period="week").attrs
    theirs = command("report", path, "--by", "queue", "--period", "week", "--format", "json")
    assert cskpi.ReportAccumulator("queue", period="week").add(frame).report_json() == theirs
    assert mine["input"] == theirs["input"]


def test_a_large_frame_is_read_in_slices_and_threads(tmp_path, command):
    """300,000 rows: several slices, two threads each. Counts and rates exact, means within
    1e-12 relative of the command's (its own threads add in another order)."""
    from test_dask import same_report
    path = tmp_path / "many.ndjson"
    subprocess.run([os.environ["CSKPI_GENERATOR"], "--records", "300000", "--seed", "5",
                    "--out", str(path), "--quiet"], check=True)
    frame = pd.read_json(path, lines=True, dtype=False, convert_dates=False)
    mine = cskpi.ReportAccumulator("agent_id").add(frame).report_json()
    theirs = command("report", str(path), "--by", "agent_id", "--format", "json")
    same_report(mine, theirs)


def test_empty_frames_and_unread_columns():
    assert cskpi.report(pd.DataFrame()).attrs["input"]["read"] == 0
    frame = pd.DataFrame({"id": ["a"], "started_at": ["2026-01-05T09:00:00Z"],
                          "notes": [{"free": "form"}]})
    assert cskpi.report(frame).attrs["input"]["accepted"] == 1


def test_bad_cells_are_counted_with_their_row():
    frame = pd.DataFrame({
        "id": ["a", "b", "c"],
        "started_at": pd.to_datetime(["2026-01-05T09:00:00Z"] * 3, utc=True),
        "csat": ["5", None, "4"],  # text is not a score, as in JSON
    })
    account = cskpi.report(frame).attrs["input"]
    assert (account["read"], account["accepted"], account["rejected"]) == (3, 1, 2)
    first = account["errors"][0]
    assert (first["file"], first["index"], first["field"], first["code"]) == \
        ("DataFrame", 0, "csat", "wrong_type")
    with pytest.raises(cskpi.RecordRejected) as caught:
        cskpi.report(frame, strict=True)
    assert caught.value.index == 0 and caught.value.field == "csat"


def test_naive_times_and_mixed_columns_are_refused():
    naive = pd.DataFrame({"id": ["a"], "started_at": pd.to_datetime(["2026-01-05 09:00"])})
    with pytest.raises(cskpi.UsageError, match="started_at.*time zone"):
        cskpi.report(naive)
    objects = pd.DataFrame({"id": ["a"], "started_at": [datetime.datetime(2026, 1, 5, 9)]})
    with pytest.raises(cskpi.UsageError, match="time zone"):
        cskpi.report(objects)
    mixed = pd.DataFrame({"id": ["a", 7], "started_at": ["2026-01-05T09:00:00Z"] * 2})
    with pytest.raises(cskpi.UsageError, match='"id", row 1: a int among strings'):
        cskpi.report(mixed)
    flags = pd.DataFrame({"id": ["a", "b"], "started_at": ["2026-01-05T09:00:00Z"] * 2,
                          "abandoned": [True, "no"]})
    with pytest.raises(cskpi.UsageError, match='"abandoned", row 1: a str among booleans'):
        cskpi.report(flags)


def test_nulls_of_every_pandas_kind():
    frame = pd.DataFrame({
        "id": pd.array(["a", "b", "c", "d"], dtype="string"),
        "started_at": pd.to_datetime(["2026-01-05T09:00:00Z"] * 4, utc=True),
        "agent_id": ["x", None, np.nan, pd.NA],
        "abandoned": pd.array([True, False, None, None], dtype="boolean"),
        "wait_seconds": pd.to_timedelta([30, None, 10, None], unit="s"),
    })
    report = cskpi.report(frame).attrs
    assert report["input"]["accepted"] == 4
    fields = report["input"]["fields"]
    assert fields["agent_id"]["found"] == 1
    assert fields["abandoned"]["found"] == 2
    assert fields["wait_seconds"]["found"] == 2


def test_a_mapping_given_as_a_dict_travels_with_the_accumulator():
    """mapping= takes the mapping itself; a pickled accumulator carries it along."""
    import pickle
    mapping = {"fields": {"id": "/Contact ID", "started_at": "/Start",
                          "agent_id": "/Agent", "csat": "/Score"}}
    frame = pd.DataFrame({"Contact ID": ["a", "b"],
                          "Start": ["2026-01-05T09:00:00Z", "2026-01-05T10:00:00Z"],
                          "Agent": ["ann", "bob"], "Score": [5, 2]})
    acc = cskpi.ReportAccumulator("agent_id", mapping=mapping).add(frame)
    again = pickle.loads(pickle.dumps(acc)).add(frame.iloc[:1])
    assert acc.report_json()["input"]["accepted"] == 2
    assert again.report_json()["input"]["accepted"] == 3
    assert list(again.report()["agent_id"]) == ["ann", "bob"]
    with pytest.raises(cskpi.UsageError, match="mapping"):
        cskpi.report(frame, mapping={"fields": {"id": 7}})
    with pytest.raises(cskpi.UsageError, match="--preset and --mapping"):
        cskpi.report(frame, mapping=mapping, preset="zendesk")


def test_text_beyond_ascii_and_errors_on_the_reading_threads():
    """Strings of every width are read as UTF-8 on the reading threads (40,000 rows: two
    threads, blocks of rows each); a lone surrogate, which has no UTF-8, and a bad cell far
    into the frame are named with their row."""
    names = ["José", "Zoë", "北京", "agent 😀", "plain"]
    rows = 40_000
    frame = pd.DataFrame({
        "id": [f"c{i}" for i in range(rows)],
        "started_at": pd.to_datetime(["2026-01-05T09:00:00Z"] * rows, utc=True),
        "agent_id": [names[i % len(names)] for i in range(rows)],
    })
    report = cskpi.report(frame, by="agent_id", threads=2)
    assert sorted(report["agent_id"]) == sorted(names)
    assert list(report.sort_values("agent_id")["contacts"]) == [rows // len(names)] * len(names)
    broken = frame.copy()
    broken.loc[30_000, "agent_id"] = "bad \ud800"
    with pytest.raises(cskpi.UsageError, match='"agent_id", row 30000: a str with a lone '
                                               'surrogate'):
        cskpi.report(broken, by="agent_id", threads=2)
    broken.loc[30_000, "agent_id"] = 7
    with pytest.raises(cskpi.UsageError, match='"agent_id", row 30000: a int among strings'):
        cskpi.report(broken, by="agent_id", threads=2)
