#!/usr/bin/env bash
# End-to-end comparison with the peer an analyst would use instead: `cskpi report --by
# agent_id --format json` against DuckDB (@duckdb/node-api from the npm registry, installed by
# ../shared/peers/duckdb_report) on the generator's 1,000,000 canonical records. DuckDB runs
# bench/duckdb_outcomes.mjs, the peer's query extended with the contact-outcome keys, so both
# compute the same KPIs. Prints wall time and peak memory of both (GNU time), and checks that
# both give the same numbers. The same records written as CSV are then reported by cskpi too
# (`cskpi-csv`), which must give the NDJSON report's KPIs and input counts (the field coverage
# differs: the CSV writes every column, the NDJSON leaves default values out; means may differ
# in the last bits, as threads split the two files at different records). Last, the cost of a
# saved state as a user meets it: the report written as a state instead (`cskpi-save`), and
# that state merged back into the report (`cskpi-merge`, the same JSON as `cskpi`).
# usage: bench/compare_duckdb.sh BUILD_DIR [RECORDS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: compare_duckdb.sh BUILD_DIR [RECORDS]}
records=${2:-1000000}
peer=${CSKPI_PEER:-$here/../shared/peers/duckdb_report}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bench/generator/cskpi-generate" --records "$records" --out "$work/in.ndjson" --quiet
"$build/bench/generator/cskpi-generate" --records "$records" --format csv --out "$work/in.csv" --quiet
echo "input: $records records, $(stat -c %s "$work/in.ndjson") bytes; machine: $(nproc) cores, $(uname -m)"
"$peer" "$work/in.ndjson" agent_id > /dev/null  # warm-up: installs the npm package, fills the page cache
cache=${CSKPI_PEER_CACHE:-$HOME/.cache/cskpi-peers}
cp "$here/bench/duckdb_outcomes.mjs" "$cache/duckdb_outcomes.mjs"
measure() {  # name, command...
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.json"
  read -r seconds kb < "$work/$name.time"
  printf '%-12s %6.2f s  %8.1f MB peak\n' "$name" "$seconds" "$(echo "$kb / 1024" | bc -l)"
}
measure cskpi "$build/tools/cskpi/cskpi" report "$work/in.ndjson" --by agent_id --format json
measure cskpi-csv "$build/tools/cskpi/cskpi" report "$work/in.csv" --by agent_id --format json
python3 - "$work/cskpi.json" "$work/cskpi-csv.json" <<'PY'
import json, math, sys
ndjson, csv = (json.load(open(path)) for path in sys.argv[1:3])
for report in (ndjson, csv):
    del report["input"]["fields"]
def same(a, b, where):  # counts exactly; means within rounding (threads split the files differently)
    if isinstance(a, float) or isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12), where
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            same(a[key], b[key], f"{where}/{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{where}/{i}")
    else:
        assert a == b, where
same(ndjson, csv, "the CSV report differs from the NDJSON report at ")
PY
measure cskpi-save "$build/tools/cskpi/cskpi" report "$work/in.ndjson" --by agent_id --save-state "$work/in.state"
measure cskpi-merge "$build/tools/cskpi/cskpi" merge "$work/in.state" --format json
cmp "$work/cskpi.json" "$work/cskpi-merge.json" || { echo "the merged state's report differs" >&2; exit 1; }
echo "saved state: $(stat -c %s "$work/in.state") bytes"
measure duckdb node "$cache/duckdb_outcomes.mjs" "$work/in.ndjson" agent_id
python3 - "$work/cskpi.json" "$work/duckdb.json" <<'PY'
import json, sys
mine = {g["key"]["agent_id"]: g["kpis"] for g in json.load(open(sys.argv[1]))["groups"]}
peer = {g["key"]["agent_id"]: g["kpis"] for g in json.load(open(sys.argv[2]))["groups"]}
assert mine.keys() == peer.keys(), (mine.keys() ^ peer.keys())
checked = 0
for agent, p in peer.items():
    m = mine[agent]
    for key in ["contacts", "handled", "queued", "answered", "abandoned", "short_abandoned",
                "abandoned_within_target", "callback_requests", "flowed_out", "transferred_out",
                "transferred_in", "callbacks", "outbound_handled", "held", "max_wait_seconds"]:
        assert m[key] == p[key], (agent, key, m[key], p[key])
    for key in ["csat", "service_level", "abandonment_rate", "survey_response_rate"]:
        assert (m[key]["numerator"], m[key]["denominator"]) == (p[key]["numerator"], p[key]["denominator"]), (agent, key)
    for key in ["aht_seconds", "asa_seconds", "ces", "abandon_time_seconds", "talk_seconds",
                "hold_seconds", "acw_seconds"]:
        assert m[key]["count"] == p[key]["count"], (agent, key)
        if p[key]["value"] is not None:
            assert abs(m[key]["value"] - p[key]["value"]) <= 1e-9 * abs(p[key]["value"]), (agent, key)
    checked += 1
# FCR per agent differs by design: see docs/kpis.md ("Where cskpi differs from the DuckDB peer").
print(f"same numbers: {checked} groups agree on contacts, handled, CSAT, AHT, ASA, service level, "
      "abandonment and every contact-outcome count, wait, time and survey response rate")
PY
