#!/usr/bin/python3
"""The data of bench/clv_scale.sh, and the pandas + scipy pipeline it races cskpi against.

generate: purchases drawn from the BG/NBD process (Fader, Hardie & Lee 2005) with Gamma-Gamma
spend, as CSV `customer_id,date,amount` (a header row; dates YYYY-MM-DD). Each customer makes
a first purchase on a day uniform in the first half of 2024; its purchase rate is
Gamma(r = 0.75, alpha = 9 weeks), and after every purchase it drops out with probability
p ~ Beta(a = 0.8, b = 2.5); purchases come as a Poisson process until the dropout or the end of
2024 (the calibration end). A customer's spends are Gamma(p = 6, nu) with nu ~ Gamma(q = 3.8,
gamma = 15), in cents. Same seed, same file (numpy's PCG64). --repeat K draws each customer's
purchases K times, the first purchase included (K times the purchases per customer: the
doubling test; the first day's purchases combine into one period); --order shuffled, customer
or date orders the rows.

pandas: what a `lifetimes` user runs, written out: the RFM summary with a pandas groupby
(purchases on the same day combined, weeks), the BG/NBD and Gamma-Gamma log-likelihoods
fitted with scipy.optimize.minimize (Nelder-Mead, log parameters), and P(alive), expected
purchases over 12 months and a 12-month CLV (1% a month) for every customer, to CSV.
"""

import argparse
import sys

import numpy as np

START = np.datetime64("2024-01-01")
END = np.datetime64("2024-12-31")


def generate(customers, seed, repeat, order, out):
    rng = np.random.default_rng(seed)
    ids = np.arange(1, customers + 1)
    first = rng.integers(0, 182, customers)
    span = (END - START).astype(int) - first + 1  # days to the calibration end, inclusive
    rate = rng.gamma(0.75, 1.0 / 9.0, customers) / 7.0  # purchases a day
    dropout = rng.beta(0.8, 2.5, customers)
    nu = rng.gamma(3.8, 1.0 / 15.0, customers)
    cust, day = [], []
    for _ in range(repeat):
        cust.append(ids)
        day.append(first)
        # Repeat purchases until the dropout: a geometric count, then Poisson-process times.
        alive = rng.geometric(dropout) - 1  # purchases made before dropping out
        times = np.zeros(customers)
        active = np.ones(customers, dtype=bool)
        k = 0
        while active.any():
            idx = np.nonzero(active)[0]
            times[idx] += rng.exponential(1.0 / rate[idx])
            ok = (times[idx] < span[idx]) & (k < alive[idx])
            cust.append(ids[idx[ok]])
            day.append(first[idx[ok]] + np.floor(times[idx[ok]]).astype(int))
            active[idx[~ok]] = False
            k += 1
    cust = np.concatenate(cust)
    day = np.concatenate(day)
    amount = np.round(rng.gamma(6.0, 1.0 / nu[cust - 1]) * 100) / 100
    if order == "shuffled":
        perm = rng.permutation(len(cust))
    elif order == "customer":
        perm = np.lexsort((day, cust))
    else:
        perm = np.lexsort((cust, day))
    dates = (START + day[perm]).astype(str)
    names = np.char.add("c", np.char.zfill(cust[perm].astype(str), 7))
    text = np.char.add(np.char.add(names, ","), dates)
    amounts = np.char.mod("%.2f", amount[perm])
    with open(out, "w") as f:
        f.write("customer_id,date,amount\n")
        for chunk in range(0, len(text), 1 << 20):
            lines = np.char.add(np.char.add(text[chunk : chunk + (1 << 20)], ","),
                                amounts[chunk : chunk + (1 << 20)])
            f.write("\n".join(lines.tolist()))
            f.write("\n")
    print(f"{len(cust)} purchases of {customers} customers", file=sys.stderr)


def bgnbd_ll(params, x, tx, T):
    from scipy.special import gammaln

    r, alpha, a, b = np.exp(params)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    d = x > 0
    a4 = np.where(d, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) *
                  np.log(alpha + tx), -np.inf)
    return (a1 + a2 + np.logaddexp(a3, a4)).sum()


def gg_ll(params, x, m):
    from scipy.special import gammaln

    p, q, g = np.exp(params)
    px = p * x
    return (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g) + (px - 1) * np.log(m) +
            px * np.log(x) - (px + q) * np.log(g + px / p * m)).sum()


def expected(t, x, tx, T, r, alpha, a, b):
    from scipy.special import hyp2f1

    hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    first = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    second = 1 + (x > 0) * (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x)
    return first / second


def pandas_pipeline(path, out):
    import pandas as pd
    from scipy.optimize import minimize

    df = pd.read_csv(path, dtype={"customer_id": str}, parse_dates=["date"])
    days = df.groupby(["customer_id", "date"], sort=True)["amount"].sum().reset_index()
    g = days.groupby("customer_id", sort=True)
    first, last = g["date"].min(), g["date"].max()
    count = g["date"].count()
    first_amount = g["amount"].first()
    rfm = pd.DataFrame({"frequency": (count - 1).astype(float),
                        "recency": (last - first).dt.days / 7.0,
                        "T": (pd.Timestamp("2024-12-31") - first).dt.days / 7.0})
    rfm["monetary_value"] = np.where(rfm.frequency > 0, (g["amount"].sum() - first_amount) /
                                     rfm.frequency.where(rfm.frequency > 0, 1), 0.0)
    x, tx, T = rfm["frequency"].values, rfm["recency"].values, rfm["T"].values
    fit = minimize(lambda v: -bgnbd_ll(v, x, tx, T), np.zeros(4), method="Nelder-Mead",
                   options={"xatol": 1e-8, "fatol": 1e-8, "maxiter": 4000})
    r, alpha, a, b = np.exp(fit.x)
    rep = x > 0
    xs, ms = x[rep], rfm.monetary_value.values[rep]
    gfit = minimize(lambda v: -gg_ll(v, xs, ms), np.zeros(3), method="Nelder-Mead",
                    options={"xatol": 1e-8, "fatol": 1e-8, "maxiter": 4000})
    p, q, gam = np.exp(gfit.x)
    dead = (x > 0) * (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x)
    rfm["p_alive"] = 1.0 / (1.0 + dead)
    weeks = 365.2425 / 12 / 7
    rfm["expected_purchases"] = expected(12 * weeks, x, tx, T, r, alpha, a, b)
    spend = p * (gam + x * rfm.monetary_value.values) / (p * x + q - 1)
    clv = np.zeros(len(x))
    prev = np.zeros(len(x))
    for k in range(1, 13):
        e = expected(k * weeks, x, tx, T, r, alpha, a, b)
        clv += spend * (e - prev) / 1.01**k
        prev = e
    rfm["expected_spend"], rfm["clv"] = spend, clv
    rfm.to_csv(out)
    print(f"bgnbd r={r:.6g} alpha={alpha:.6g} a={a:.6g} b={b:.6g} ll={-fit.fun:.10g}; "
          f"gamma-gamma p={p:.6g} q={q:.6g} gamma={gam:.6g}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--customers", type=int, default=1_000_000)
    gen.add_argument("--seed", type=int, default=26)
    gen.add_argument("--repeat", type=int, default=1)
    gen.add_argument("--order", choices=["shuffled", "customer", "date"], default="shuffled")
    gen.add_argument("--out", required=True)
    pd_ = sub.add_parser("pandas")
    pd_.add_argument("input")
    pd_.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.customers, args.seed, args.repeat, args.order, args.out)
    else:
        pandas_pipeline(args.input, args.out)


if __name__ == "__main__":
    main()
