// Customer lifetime value on the CDNOW sample (Fader, Hardie & Lee 2005): the RFM summary at
// the 1997-09-30 calibration end in weeks, BG/NBD and Gamma-Gamma fits, and each customer's
// 12-month discounted CLV; prints the parameters and the ten most valuable customers.
#include <fmt/format.h>

#include <algorithm>
#include <cskpi/clv.hpp>
#include <cskpi/json/timestamp.hpp>
#include <fstream>
#include <sstream>

int main(int argc, char** argv) {
    const std::string file = argc > 1 ? argv[1] : CSKPI_EXAMPLES_DATA "/cdnow_sample.txt";
    std::ifstream in(file);
    if (!in) {
        fmt::print(stderr, "{}: cannot open\n", file);
        return 1;
    }
    // Columns: id_total id_sample YYYYMMDD number_of_cds dollar_value.
    std::vector<cskpi::Purchase> purchases;
    std::string total_id;
    std::string sample_id;
    std::string date;
    int cds = 0;
    double dollars = 0;
    while (in >> total_id >> sample_id >> date >> cds >> dollars) {
        purchases.push_back({sample_id, *cskpi::json::parse_date(date), dollars});
    }
    using cskpi::clv::TimeUnit;
    const auto rows = cskpi::clv::rfm_summary(
        purchases,
        {.calibration_end = *cskpi::json::parse_date("1997-09-30"), .unit = TimeUnit::week});
    const auto rfm = cskpi::clv::rfm_values(rows);
    const auto purchases_fit = cskpi::clv::BgNbd::fit(rfm);
    std::vector<cskpi::clv::SpendObservation> spend;
    for (const auto& row : rows) {
        spend.push_back({row.rfm.frequency, row.monetary_value});
    }
    const auto spend_fit = cskpi::clv::GammaGamma::fit(spend);
    const auto& p = purchases_fit.model.params();
    const auto& g = spend_fit.model.params();
    fmt::print("{} purchases, {} customers\n", purchases.size(), rows.size());
    fmt::print("BG/NBD      r {:.4f}  alpha {:.3f}  a {:.4f}  b {:.3f}  LL {:.2f}  ({})\n", p.r,
               p.alpha, p.a, p.b, purchases_fit.report.log_likelihood,
               purchases_fit.report.converged ? "converged" : purchases_fit.report.message);
    fmt::print("Gamma-Gamma p {:.3f}  q {:.3f}  gamma {:.2f}\n\n", g.p, g.q, g.gamma);

    std::vector<double> expected_spend;
    for (const auto& s : spend) {
        expected_spend.push_back(spend_fit.model.conditional_expected_spend(s).value_or(0.0));
    }
    const auto clv = cskpi::clv::customer_lifetime_value(purchases_fit.model, rfm, expected_spend,
                                                         {.model_unit = TimeUnit::week,
                                                          .horizon = 12,
                                                          .horizon_unit = TimeUnit::month,
                                                          .discount_period = TimeUnit::month,
                                                          .discount_rate = 0.01});
    std::vector<std::size_t> order(rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return clv[a] > clv[b]; });
    fmt::print("{:<8} {:>5} {:>8} {:>6} {:>8} {:>8} {:>10}\n", "customer", "x", "t_x", "T",
               "P(alive)", "spend", "CLV 12mo");
    for (std::size_t k = 0; k < 10; ++k) {
        const auto i = order[k];
        fmt::print("{:<8} {:>5.0f} {:>8.2f} {:>6.2f} {:>8.3f} {:>8.2f} {:>10.2f}\n",
                   rows[i].customer_id, rfm[i].frequency, rfm[i].recency, rfm[i].T,
                   purchases_fit.model.p_alive(rfm[i]), expected_spend[i], clv[i]);
    }
    return 0;
}
