#!/usr/bin/env bash
# What the HTML page costs over the JSON report: `cskpi report --by agent_id` on the
# generator's 1,000,000 records as --format json and as --format html, five runs each
# alternating, and the median wall time and peak memory of each (GNU time). The page must
# take at most 1.2x the JSON's time. Then a report by customer_id (one group per customer,
# about 214,000), whose page draws 200 groups and says how many it left out.
# usage: bench/html_report.sh BUILD_DIR [RECORDS]
set -euo pipefail
build=${1:?usage: html_report.sh BUILD_DIR [RECORDS]}
records=${2:-1000000}
cskpi="$build/tools/cskpi/cskpi"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bench/generator/cskpi-generate" --records "$records" --out "$work/in.ndjson" --quiet
echo "input: $records records; machine: $(nproc) cores, $(uname -m)"
"$cskpi" report "$work/in.ndjson" --by agent_id > /dev/null  # warm-up: fills the page cache
for run in 1 2 3 4 5; do
  for format in json html; do
    /usr/bin/time -f "%e %M" -o "$work/$format.$run" \
      "$cskpi" report "$work/in.ndjson" --by agent_id --format "$format" > "$work/out.$format"
  done
done
median() {  # format, field (1 seconds, 2 KB)
  cat "$work/$1".? | awk -v f="$2" '{print $f}' | sort -g | sed -n 3p
}
json_s=$(median json 1); html_s=$(median html 1)
printf '%-6s %6s s %8s KiB  %9s bytes\n' json "$json_s" "$(median json 2)" "$(stat -c %s "$work/out.json")"
printf '%-6s %6s s %8s KiB  %9s bytes\n' html "$html_s" "$(median html 2)" "$(stat -c %s "$work/out.html")"
echo "html / json: $(echo "scale=2; $html_s / $json_s" | bc)x (target <= 1.2x)"
/usr/bin/time -f "%e %M" -o "$work/customers.time" \
  "$cskpi" report "$work/in.ndjson" --by customer_id --format html > "$work/customers.html"
read -r seconds kb < "$work/customers.time"
echo "by customer_id: $seconds s, $kb KiB, page $(stat -c %s "$work/customers.html") bytes;" \
  "$(grep -o '[0-9]* of [0-9]* groups left out' "$work/customers.html")"
