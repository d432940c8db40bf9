#!/bin/sh
# cskpi clv against the pandas + scipy pipeline of a lifetimes user, on 1,000,000 customers
# drawn from the BG/NBD process (bench/clv_scale.py generate, in shuffled order), then the
# doubling test: the same customers with twice the purchases each, shuffled, sorted by customer
# and sorted by date.
# Prints the wall time and peak RSS of each run (GNU time's -v).
#
#   bench/clv_scale.sh [CSKPI] [WORKDIR] [CUSTOMERS] [doubling]
#
# CSKPI defaults to build/release/tools/cskpi/cskpi, WORKDIR to a new temporary directory
# (the data takes about 600 MB), CUSTOMERS to 1000000; "doubling" runs the doubling test
# alone. Needs /usr/bin/time, and Debian's python3-pandas and python3-scipy at /usr/bin/python3.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cskpi=${1:-$here/../build/release/tools/cskpi/cskpi}
work=${2:-$(mktemp -d)}
customers=${3:-1000000}
py=/usr/bin/python3
mkdir -p "$work"

# Runs a command with its output to $work/out, and prints "label: seconds, MiB peak".
measure() {
    label=$1
    shift
    /usr/bin/time -v "$@" >"$work/out" 2>"$work/time" || {
        cat "$work/time" >&2
        exit 1
    }
    awk -v label="$label" '
        /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
        /Maximum resident set size/ { kb = $NF }
        END { printf "%-28s %8.2f s %8.1f MiB\n", label, s, kb / 1024 }' "$work/time"
}

clv() {
    measure "$1" "$cskpi" clv "$2" --csv --calibration-end 2024-12-31 --format csv
}

$py "$here/clv_scale.py" generate --customers "$customers" --out "$work/p1.csv"
if [ "${4:-}" != doubling ]; then
    clv "cskpi clv" "$work/p1.csv"
    measure "pandas + scipy" $py "$here/clv_scale.py" pandas "$work/p1.csv" \
        --out "$work/pandas.csv"
fi

# The doubling test: the same customers, twice the purchases each (each customer's purchases
# drawn twice), each file as written (shuffled), then sorted by customer and by date.
$py "$here/clv_scale.py" generate --customers "$customers" --repeat 2 --out "$work/p2.csv"
for n in 1 2; do
    head -n 1 "$work/p$n.csv" >"$work/p$n-customer.csv"
    tail -n +2 "$work/p$n.csv" | LC_ALL=C sort -t, -k1,1 -k2,2 >>"$work/p$n-customer.csv"
    head -n 1 "$work/p$n.csv" >"$work/p$n-date.csv"
    tail -n +2 "$work/p$n.csv" | LC_ALL=C sort -t, -k2,2 -k1,1 >>"$work/p$n-date.csv"
done
clv "cskpi clv, shuffled" "$work/p1.csv"
clv "cskpi clv, x2, shuffled" "$work/p2.csv"
for order in customer date; do
    clv "cskpi clv, by $order" "$work/p1-$order.csv"
    clv "cskpi clv, x2, by $order" "$work/p2-$order.csv"
done
