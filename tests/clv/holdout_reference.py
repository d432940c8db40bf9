#!/usr/bin/env python3
"""Independent reference of the CDNOW holdout check in tests/clv/test_holdout.cpp.

Reads CDNOW_sample.txt without cskpi, counts each customer's distinct purchase days in the
calibration period (up to 1997-09-30) and in the holdout (1997-10-01 to 1998-06-30), and
evaluates the BG/NBD conditional expectation of Fader, Hardie & Lee (2005), eq. 10, with
scipy's hyp2f1, for the parameters given on the command line (weeks):

    E[Y(t) | x, t_x, T] = (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x)
                          2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))] / D,
    D = 1 + [x > 0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)

Usage: /usr/bin/python3 tests/clv/holdout_reference.py tests/data/cdnow/CDNOW_sample.txt \
           0.2425945219896021 4.413601976732204 0.7929220320779695 2.4259068044201078
"""

import datetime
import sys

from scipy.special import hyp2f1

CAL_END = datetime.date(1997, 9, 30)
HOLDOUT_END = datetime.date(1998, 6, 30)


def conditional_expected(t, x, t_x, big_t, r, alpha, a, b):
    hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + big_t + t))
    bracket = 1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp
    numerator = (a + b + x - 1) / (a - 1) * bracket
    d = 1.0
    if x > 0:
        d += a / (b + x - 1) * ((alpha + big_t) / (alpha + t_x)) ** (r + x)
    return numerator / d


def main():
    path = sys.argv[1]
    r, alpha, a, b = (float(v) for v in sys.argv[2:6])
    calibration = {}
    holdout = {}
    for line in open(path):
        fields = line.split()
        if not fields:
            continue
        customer, ymd = fields[1], fields[2]
        day = datetime.date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:]))
        if day <= CAL_END:
            calibration.setdefault(customer, set()).add(day)
        elif day <= HOLDOUT_END:
            holdout.setdefault(customer, set()).add(day)
    t = (HOLDOUT_END - CAL_END).days / 7.0
    groups = {}
    abs_error = 0.0
    for customer, days in sorted(calibration.items()):
        first, last = min(days), max(days)
        x = len(days) - 1
        t_x = (last - first).days / 7.0
        big_t = (CAL_END - first).days / 7.0
        actual = len(holdout.get(customer, ()))
        expected = conditional_expected(t, x, t_x, big_t, r, alpha, a, b)
        g = groups.setdefault(min(x, 7), [0, 0, 0.0])
        g[0] += 1
        g[1] += actual
        g[2] += expected
        abs_error += abs(expected - actual)
    print("duration_weeks", repr(t))
    for x in sorted(groups):
        n, actual, expected = groups[x]
        print("group", x, n, actual, repr(expected))
    customers = sum(g[0] for g in groups.values())
    actual = sum(g[1] for g in groups.values())
    expected = sum(g[2] for g in groups.values())
    print("customers", customers, "actual", actual, "expected", repr(expected))
    print("mae", repr(abs_error / customers))
    print("first_seen_in_holdout", len(set(holdout) - set(calibration)))
    print("customer_0001", repr(conditional_expected(t, 2, 213 / 7.0, 272 / 7.0, r, alpha, a, b)))


if __name__ == "__main__":
    main()
