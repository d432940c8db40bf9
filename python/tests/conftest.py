import json
import os
import subprocess

import pytest


@pytest.fixture
def data_dir():
    return os.environ["CSKPI_DATA"]


@pytest.fixture
def command():
    """Runs the cskpi command and returns its JSON output as a dict."""

    def run(*args):
        out = subprocess.run([os.environ["CSKPI_COMMAND"], *args], check=True,
                             capture_output=True, text=True).stdout
        return json.loads(out)

    return run


@pytest.fixture
def read_records():
    """Reads an NDJSON file's records as a list of dicts."""

    def read(path):
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]

    return read
