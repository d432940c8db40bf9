#include "cskpi/clv/detail/special.hpp"

#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace cskpi::clv::detail {
namespace {

constexpr double kEps = 1e-16;

// 2F1(1, b; c; z) = sum (b)_n / (c)_n z^n: positive terms, each at most z times the previous
// when b <= c. Used for z <= 0.75 (at most ~130 terms).
double hyp2f1_1bc_series(double b, double c, double z) {
    double term = 1.0;
    double sum = 1.0;
    for (int n = 0; n < 100000; ++n) {
        term *= (b + n) / (c + n) * z;
        sum += term;
        if (term <= kEps * sum) {
            break;
        }
    }
    return sum;
}

// Gauss continued fraction of 2F1(1, b; c; z) = 2F1(p + q, 1; p + 1; z) with p = c - 1,
// q = b - c + 1 (the continued fraction of the incomplete beta function B_z(p, q) =
// z^p (1 - z)^q / p * 2F1(p + q, 1; p + 1; z), DLMF 8.17.8 and 8.17.22), evaluated by the
// modified Lentz method. Converges for every z < 1, fast when z < (p + 1) / (p + q + 2).
double hyp2f1_1bc_cf(double b, double c, double z, bool& ok) {
    const double p = c - 1.0;
    const double q = b - c + 1.0;
    constexpr double tiny = 1e-300;
    const double qab = p + q;
    const double qap = p + 1.0;
    const double qam = p - 1.0;
    double cc = 1.0;
    double d = 1.0 - qab * z / qap;
    if (std::abs(d) < tiny) {
        d = tiny;
    }
    d = 1.0 / d;
    double h = d;
    ok = false;
    for (int m = 1; m <= 20000; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (q - m) * z / ((qam + m2) * (p + m2));
        d = 1.0 + aa * d;
        if (std::abs(d) < tiny) {
            d = tiny;
        }
        cc = 1.0 + aa / cc;
        if (std::abs(cc) < tiny) {
            cc = tiny;
        }
        d = 1.0 / d;
        h *= d * cc;
        aa = -(p + m) * (qab + m) * z / ((p + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (std::abs(d) < tiny) {
            d = tiny;
        }
        cc = 1.0 + aa / cc;
        if (std::abs(cc) < tiny) {
            cc = tiny;
        }
        d = 1.0 / d;
        const double del = d * cc;
        h *= del;
        if (std::abs(del - 1.0) < 1e-15) {
            ok = true;
            break;
        }
    }
    return h;
}

}  // namespace

namespace {

// log 2F1(1, b; c; z) near z = 1 (w = 1 - z small) by the connection formula (A&S 15.3.6 with
// a = 1; d = c - 1 - b not an integer):
//   2F1(1, b; c; z) = (c - 1) / d * 2F1(1, b; 1 - d; w)
//                     + Gamma(c) Gamma(-d) / Gamma(b) * w^d * z^(1 - c).
// Both series in w converge fast for w < 1e-3.
double log_hyp2f1_1bc_near_one(double b, double c, double z, double w) {
    const double d = c - 1.0 - b;
    // First part: (c - 1) / d * sum (b)_n / (1 - d)_n w^n.
    double term = 1.0;
    double sum = 1.0;
    for (int n = 0; n < 100000; ++n) {
        term *= (b + n) / (1.0 - d + n) * w;
        sum += term;
        if (std::abs(term) <= kEps * std::abs(sum) && n > 1 && std::abs(d - n) > 1.0) {
            break;
        }
    }
    const double first = (c - 1.0) / d * sum;
    // Second part, in logs with its sign (Gamma(-d) < 0 for 0 < d < 1, etc.).
    int sign_gd = 1;
    const double lg_md = boost::math::lgamma(-d, &sign_gd);
    const double log_second =
        std::lgamma(c) + lg_md - std::lgamma(b) + d * std::log(w) + (1.0 - c) * std::log(z);
    const double sign_second = static_cast<double>(sign_gd);
    // Combine: first + sign * e^log_second, in logs (the total is positive).
    if (first > 0.0) {
        const double lf = std::log(first);
        const double m = std::max(lf, log_second);
        const double v = std::exp(lf - m) + sign_second * std::exp(log_second - m);
        return m + std::log(v);
    }
    const double m = log_second;
    const double v = sign_second - (-first) * std::exp(-m);
    return m + std::log(v);
}

}  // namespace

double log_hyp2f1_1bc(double b, double c, double z, double w) {
    if (!(w > 0.0)) {
        w = std::numeric_limits<double>::min();
    }
    z = std::clamp(z, 0.0, 1.0 - w);
    if (z <= 0.75) {
        return std::log(hyp2f1_1bc_series(b, c, z));
    }
    if (w < 1e-3) {
        const double d = c - 1.0 - b;
        const double gap = std::abs(d - std::round(d));
        if (gap > 5e-5) {
            return log_hyp2f1_1bc_near_one(b, c, z, w);
        }
        // d (almost) an integer: the two parts have poles that cancel. The function is smooth
        // in c, so interpolate it by the cubic through c0 -/+ h and c0 -/+ 2h around the pole
        // c0 (error O(h^4); cancellation in each evaluation costs ~eps / h).
        const double c0 = 1.0 + b + std::round(d);
        constexpr double h = 1e-4;
        const double nodes[4] = {c0 - 2.0 * h, c0 - h, c0 + h, c0 + 2.0 * h};
        double result = 0.0;
        for (int i = 0; i < 4; ++i) {
            double weight = 1.0;
            for (int j = 0; j < 4; ++j) {
                if (j != i) {
                    weight *= (c - nodes[j]) / (nodes[i] - nodes[j]);
                }
            }
            result += weight * log_hyp2f1_1bc_near_one(b, nodes[i], z, w);
        }
        return result;
    }
    bool ok = false;
    const double cf = hyp2f1_1bc_cf(b, c, z, ok);
    if (ok && cf > 0.0 && std::isfinite(cf)) {
        return std::log(cf);
    }
    return std::log(hyp2f1_1bc_series(b, c, z));
}

double log_hyp2f1_series(double a, double b, double c, double z) {
    // Terms are positive for a, b, c > 0 and z >= 0; sum with a running scale to avoid overflow.
    double log_scale = 0.0;
    double term = 1.0;
    double sum = 1.0;
    for (int n = 0; n < 10000000; ++n) {
        term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
        sum += term;
        if (sum > 1e200) {
            sum *= 1e-200;
            term *= 1e-200;
            log_scale += 200.0 * std::log(10.0);
        }
        if (term <= kEps * sum && (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z < 1.0) {
            break;
        }
    }
    return std::log(sum) + log_scale;
}

double active_expected_purchases(double a, double b, double R, double A, double t) {
    // Q = E_p[(1 - (1 + p t / A)^-R) / p], p ~ Beta(a, b)
    //   = C / (a - 1) [1 - (1 - z)^R 2F1(R, b; C; z)],  C = a + b - 1, z = t / (A + t)
    // (FHL 2005 eq. 10 with the posterior parameters). Euler's transformation gives
    // (1 - z)^R 2F1(R, b; C; z) = (1 - z)^(a - 1) 2F1(C - R, a - 1; C; z), whose series has
    // small terms even for R ~ 1e5, and the factor (a - 1) of every term but the first cancels
    // the 1 / (a - 1), so
    //   Q = C E1 - (1 - z)^(a - 1) S,  E1 = (1 - (1 - z)^(a - 1)) / (a - 1) (-> -log(1 - z)),
    //   S = sum_{n >= 1} (C - R)_n (a)_(n-1) z^n / ((C + 1)_(n-1) n!),
    // finite for every a, b > 0 (C > -1, so C + 1 + k > 0).
    if (!(t > 0.0)) {
        return 0.0;
    }
    const double z = t / (A + t);
    const double L = -std::log1p(t / A);  // log(1 - z)
    const double C = a + b - 1.0;
    const double am1 = a - 1.0;
    double e1 = 0.0;
    if (std::abs(am1 * L) < 1e-10) {
        e1 = -L * (1.0 + 0.5 * am1 * L);
    } else {
        e1 = -std::expm1(am1 * L) / am1;
    }
    const double ap = C - R;
    double term = ap * z;
    double sum = term;
    for (int n = 1; n < 10000000 && term != 0.0; ++n) {
        term *= (ap + n) * (a + n - 1.0) / ((C + n) * (n + 1.0)) * z;
        sum += term;
        if (std::abs(term) <= kEps * std::abs(sum) && n > 2) {
            break;
        }
    }
    const double q = C * e1 - std::exp(am1 * L) * sum;
    return std::max(q, 0.0);
}

}  // namespace cskpi::clv::detail
