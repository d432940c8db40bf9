#!/usr/bin/env python3
"""The Python package against the command, in one run (docs/python.md, "Performance"):

1. cskpi.dask.report over RECORDS generated records in 8 NDJSON files on a LocalCluster of
   2 worker processes, against `cskpi report` on the same files in one process;
2. cskpi.report on a pandas DataFrame of FRAME_RECORDS rows with canonical columns, against
   `cskpi report` on the same records as NDJSON.

usage: PYTHONPATH=BUILD/python bench/python_report.py BUILD [RECORDS] [FRAME_RECORDS]
"""

import os
import subprocess
import sys
import tempfile
import time

import pandas as pd


def timed(run):
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main():
    build = sys.argv[1]
    records = int(sys.argv[2]) if len(sys.argv) > 2 else 4_000_000
    frame_records = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
    command = os.path.join(build, "tools/cskpi/cskpi")
    generator = os.path.join(build, "bench/generator/cskpi-generate")
    import cskpi
    import cskpi.dask
    import dask.bag as db
    from distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory() as work:
        paths = []
        for i in range(8):
            path = os.path.join(work, f"part-{i}.ndjson")
            subprocess.run([generator, "--records", str(records // 8), "--seed", str(100 + i),
                            "--out", path, "--quiet"], check=True)
            paths.append(path)
        run = [command, "report", *paths, "--by", "agent_id", "--format", "json"]
        subprocess.run(run, check=True, capture_output=True)  # fills the page cache
        alone, _ = timed(lambda: subprocess.run(run, check=True, capture_output=True))
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster):
            bag = db.from_sequence(paths, npartitions=8)
            cskpi.dask.report(bag, by="agent_id", threads=1)  # starts the workers' imports
            on_dask, _ = timed(lambda: cskpi.dask.report(bag, by="agent_id", threads=1))
        print(f"{records} records in 8 files, by agent_id: cskpi report {alone:.2f} s, "
              f"cskpi.dask.report on 2 workers {on_dask:.2f} s ({on_dask / alone:.2f}x)")

        path = os.path.join(work, "frame.ndjson")
        subprocess.run([generator, "--records", str(frame_records), "--out", path, "--quiet"],
                       check=True)
        frame = pd.read_json(path, lines=True, dtype=False, convert_dates=False)
        for column in ("started_at", "answered_at", "ended_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        run = [command, "report", path, "--by", "agent_id", "--format", "json"]
        subprocess.run(run, check=True, capture_output=True)
        alone, _ = timed(lambda: subprocess.run(run, check=True, capture_output=True))
        from_frame, _ = timed(lambda: cskpi.report(frame, by="agent_id"))
        print(f"{frame_records} records, by agent_id: cskpi report on NDJSON {alone:.2f} s, "
              f"cskpi.report on a DataFrame {from_frame:.2f} s ({from_frame / alone:.2f}x)")


if __name__ == "__main__":
    main()
