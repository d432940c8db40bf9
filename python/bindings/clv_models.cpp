// The CLV models of the binding: the library's purchase-count models (BG/NBD, Pareto/NBD,
// MBG/NBD), Gamma-Gamma and the discounted CLV as functions over arrays of customers, which
// cskpi/_clv.py wraps in classes a lifetimes user recognises. Every number is the library's.

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <limits>
#include <memory>
#include <optional>

#include "bindings.hpp"
#include "cskpi/clv/bgnbd.hpp"
#include "cskpi/clv/clv_value.hpp"
#include "cskpi/clv/gamma_gamma.hpp"
#include "cskpi/clv/mbgnbd.hpp"
#include "cskpi/clv/pareto_nbd.hpp"
#include "errors.hpp"
#include "purchase_input.hpp"

namespace cskpi::python {
namespace {

namespace py = pybind11;
using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

// The customers of three equally long arrays, checked as the models' domain needs.
std::vector<clv::Rfm> customers(const Array& frequency, const Array& recency, const Array& T) {
    if (frequency.size() != recency.size() || frequency.size() != T.size()) {
        throw cli::UsageError("frequency, recency and T differ in length");
    }
    std::vector<clv::Rfm> rows(static_cast<std::size_t>(frequency.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto at = static_cast<py::ssize_t>(i);
        rows[i] = {frequency.at(at), recency.at(at), T.at(at)};
    }
    return rows;
}

std::unique_ptr<clv::PurchaseModel> model_of(const std::string& name,
                                             const std::vector<double>& p) {
    if (p.size() != 4) {
        throw cli::UsageError("a purchase model has 4 parameters");
    }
    if (name == "bgnbd") {
        return std::make_unique<clv::BgNbd>(clv::BgNbdParams{p[0], p[1], p[2], p[3]});
    }
    if (name == "mbgnbd") {
        return std::make_unique<clv::MbgNbd>(clv::MbgNbdParams{p[0], p[1], p[2], p[3]});
    }
    if (name == "pareto_nbd") {
        return std::make_unique<clv::ParetoNbd>(clv::ParetoNbdParams{p[0], p[1], p[2], p[3]});
    }
    throw cli::UsageError("model: \"" + name + "\" is not bgnbd, pareto_nbd or mbgnbd");
}

py::dict fit_dict(const std::vector<std::string_view>& names, const std::vector<double>& values,
                  const clv::FitReport& report) {
    py::dict fit;
    py::dict params;
    for (std::size_t i = 0; i < names.size(); ++i) {
        params[py::str(std::string(names[i]))] = values[i];
    }
    fit["params"] = params;
    fit["log_likelihood"] = report.log_likelihood;
    fit["converged"] = report.converged;
    fit["message"] = report.message;
    fit["iterations"] = report.iterations;
    fit["std_errors"] = report.std_errors ? py::cast(*report.std_errors) : py::none();
    return fit;
}

template <typename Model>
py::dict fit_with(const std::vector<clv::Rfm>& rows) {
    std::optional<clv::Fitted<Model>> fitted;
    {
        py::gil_scoped_release unlocked;
        fitted.emplace(Model::fit(rows));
    }
    return fit_dict(fitted->model.parameter_names(), fitted->model.parameter_values(),
                    fitted->report);
}

py::dict fit_purchase_model(const std::string& name, const Array& frequency, const Array& recency,
                            const Array& T) {
    const std::vector<clv::Rfm> rows = customers(frequency, recency, T);
    if (name == "bgnbd") {
        return fit_with<clv::BgNbd>(rows);
    }
    if (name == "mbgnbd") {
        return fit_with<clv::MbgNbd>(rows);
    }
    if (name == "pareto_nbd") {
        return fit_with<clv::ParetoNbd>(rows);
    }
    throw cli::UsageError("model: \"" + name + "\" is not bgnbd, pareto_nbd or mbgnbd");
}

// One value per customer, `value` computing it.
template <typename Value>
py::array_t<double> per_customer(const std::vector<clv::Rfm>& rows, Value&& value) {
    py::array_t<double> out(static_cast<py::ssize_t>(rows.size()));
    double* data = out.mutable_data();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        data[i] = value(i, rows[i]);
    }
    return out;
}

// t: one horizon for every customer, or one per customer.
double horizon_of(const Array& t, std::size_t i) {
    return t.size() == 1 ? t.at(0) : t.at(static_cast<py::ssize_t>(i));
}

py::array_t<double> conditional_expected_purchases(const std::string& name,
                                                   const std::vector<double>& params,
                                                   const Array& t, const Array& frequency,
                                                   const Array& recency, const Array& T) {
    const auto model = model_of(name, params);
    const std::vector<clv::Rfm> rows = customers(frequency, recency, T);
    if (t.size() != 1 && static_cast<std::size_t>(t.size()) != rows.size()) {
        throw cli::UsageError("t is neither one number nor one per customer");
    }
    return per_customer(rows, [&](std::size_t i, const clv::Rfm& row) {
        return model->conditional_expected_purchases(horizon_of(t, i), row);
    });
}

py::array_t<double> p_alive(const std::string& name, const std::vector<double>& params,
                            const Array& frequency, const Array& recency, const Array& T) {
    const auto model = model_of(name, params);
    return per_customer(customers(frequency, recency, T),
                        [&](std::size_t, const clv::Rfm& row) { return model->p_alive(row); });
}

py::array_t<double> expected_purchases(const std::string& name, const std::vector<double>& params,
                                       const Array& t) {
    const auto model = model_of(name, params);
    py::array_t<double> out(t.size());
    double* data = out.mutable_data();
    for (py::ssize_t i = 0; i < t.size(); ++i) {
        data[i] = model->expected_purchases(t.at(i));
    }
    return out;
}

std::vector<clv::SpendObservation> spend_observations(const Array& frequency,
                                                      const Array& monetary_value) {
    if (frequency.size() != monetary_value.size()) {
        throw cli::UsageError("frequency and monetary_value differ in length");
    }
    std::vector<clv::SpendObservation> rows(static_cast<std::size_t>(frequency.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto at = static_cast<py::ssize_t>(i);
        rows[i] = {frequency.at(at), monetary_value.at(at)};
    }
    return rows;
}

py::dict fit_gamma_gamma(const Array& frequency, const Array& monetary_value) {
    const std::vector<clv::SpendObservation> rows = spend_observations(frequency, monetary_value);
    std::optional<clv::Fitted<clv::GammaGamma>> fitted;
    {
        py::gil_scoped_release unlocked;
        fitted.emplace(clv::GammaGamma::fit(rows));
    }
    return fit_dict(fitted->model.parameter_names(), fitted->model.parameter_values(),
                    fitted->report);
}

clv::GammaGamma gamma_gamma_of(const std::vector<double>& p) {
    if (p.size() != 3) {
        throw cli::UsageError("Gamma-Gamma has 3 parameters");
    }
    return clv::GammaGamma({p[0], p[1], p[2]});
}

// NaN where the model has no expected spend (a repeat buyer without a positive mean spend).
py::array_t<double> expected_spend(const std::vector<double>& params, const Array& frequency,
                                   const Array& monetary_value) {
    const clv::GammaGamma model = gamma_gamma_of(params);
    const std::vector<clv::SpendObservation> rows = spend_observations(frequency, monetary_value);
    py::array_t<double> out(static_cast<py::ssize_t>(rows.size()));
    double* data = out.mutable_data();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        data[i] = model.conditional_expected_spend(rows[i]).value_or(
            std::numeric_limits<double>::quiet_NaN());
    }
    return out;
}

// The discounted CLV of each customer over `horizon_months`, discounted monthly; NaN where
// the expected spend is NaN or negative, as the command leaves it out.
py::array_t<double> lifetime_value(const std::string& name, const std::vector<double>& params,
                                   const Array& frequency, const Array& recency, const Array& T,
                                   const Array& spend, const std::string& unit,
                                   double horizon_months, double discount_rate, double margin) {
    const auto model = model_of(name, params);
    const std::vector<clv::Rfm> rows = customers(frequency, recency, T);
    if (static_cast<std::size_t>(spend.size()) != rows.size()) {
        throw cli::UsageError("monetary_value and frequency differ in length");
    }
    if (!(discount_rate >= 0.0)) {
        throw cli::UsageError("discount_rate: it is negative (a rate per month, e.g. 0.01)");
    }
    const clv::ClvOptions options{.model_unit = cli::parse_model_unit("freq", unit),
                                  .horizon = horizon_months,
                                  .horizon_unit = clv::TimeUnit::month,
                                  .discount_period = clv::TimeUnit::month,
                                  .discount_rate = discount_rate,
                                  .margin = margin};
    return per_customer(rows, [&](std::size_t i, const clv::Rfm& row) {
        const double value = spend.at(static_cast<py::ssize_t>(i));
        if (!std::isfinite(value) || value < 0.0) {
            return std::numeric_limits<double>::quiet_NaN();
        }
        return clv::customer_lifetime_value(*model, row, value, options);
    });
}

}  // namespace

void bind_clv_models(py::module_& m) {
    m.def("fit_purchase_model", &fit_purchase_model, py::arg("model"), py::arg("frequency"),
          py::arg("recency"), py::arg("T"));
    m.def("conditional_expected_purchases", &conditional_expected_purchases, py::arg("model"),
          py::arg("params"), py::arg("t"), py::arg("frequency"), py::arg("recency"), py::arg("T"));
    m.def("p_alive", &p_alive, py::arg("model"), py::arg("params"), py::arg("frequency"),
          py::arg("recency"), py::arg("T"));
    m.def("expected_purchases", &expected_purchases, py::arg("model"), py::arg("params"),
          py::arg("t"));
    m.def("fit_gamma_gamma", &fit_gamma_gamma, py::arg("frequency"), py::arg("monetary_value"));
    m.def("expected_spend", &expected_spend, py::arg("params"), py::arg("frequency"),
          py::arg("monetary_value"));
    m.def("customer_lifetime_value", &lifetime_value, py::arg("model"), py::arg("params"),
          py::arg("frequency"), py::arg("recency"), py::arg("T"), py::arg("expected_spend"),
          py::arg("unit"), py::arg("horizon_months"), py::arg("discount_rate"), py::arg("margin"));
}

}  // namespace cskpi::python
