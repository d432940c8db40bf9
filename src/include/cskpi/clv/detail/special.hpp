#pragma once
// Special functions of the CLV models. Internal: declared here so the tests can check them; not
// part of the stable API.

namespace cskpi::clv::detail {

/// log of the Gauss hypergeometric function 2F1(1, b; c; z) for 0 < b <= c and 0 <= z < 1,
/// with w = 1 - z given separately (accurately) by the caller. Series where it converges fast
/// (z <= 0.75), the Gauss continued fraction (modified Lentz) for 1e-3 <= w < 0.25, and the
/// connection formula to 1 - z (Abramowitz & Stegun 15.3.6) for w < 1e-3; see docs/clv.md.
double log_hyp2f1_1bc(double b, double c, double z, double w);

/// log 2F1(1, b; c; z) with w = 1 - z.
inline double log_hyp2f1_1bc(double b, double c, double z) {
    return log_hyp2f1_1bc(b, c, z, 1.0 - z);
}

/// log 2F1(a, b; c; z) for a, b, c > 0 and 0 <= z < 1, by the Euler transformation
/// 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z) when that series has smaller
/// terms, then the plain series. A reference implementation for tests (slow near z = 1).
double log_hyp2f1_series(double a, double b, double c, double z);

/// E_p[(1 - (1 + p t / A)^(-R)) / p] for p ~ Beta(a, b): the expected purchases in t of an
/// active BG/NBD-type customer with posterior rate Gamma(R, A) and dropout Beta(a, b).
double active_expected_purchases(double a, double b, double R, double A, double t);

}  // namespace cskpi::clv::detail
