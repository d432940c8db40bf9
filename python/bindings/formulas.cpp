// The formula layer as plain functions: the same functions the library's users call.

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "cskpi/clv_formulas.hpp"
#include "cskpi/contact_kpis.hpp"
#include "cskpi/nps.hpp"
#include "cskpi/queue_kpis.hpp"
#include "cskpi/rate.hpp"
#include "cskpi/retention.hpp"
#include "cskpi/staffing.hpp"

namespace cskpi::python {

namespace py = pybind11;

void bind_formulas(py::module_& m) {
    py::class_<Rate>(m, "Rate", "A rate in percent with its counts and 95% Wilson interval.")
        .def_readonly("numerator", &Rate::numerator)
        .def_readonly("denominator", &Rate::denominator)
        .def_readonly("value", &Rate::value)
        .def_property_readonly(
            "ci95_low",
            [](const Rate& r) { return r.ci95 ? std::optional(r.ci95->lower) : std::nullopt; })
        .def_property_readonly(
            "ci95_high",
            [](const Rate& r) { return r.ci95 ? std::optional(r.ci95->upper) : std::nullopt; })
        .def("__repr__", [](const Rate& r) {
            return "Rate(" + std::to_string(r.numerator) + "/" + std::to_string(r.denominator) +
                   ")";
        });
    py::class_<NpsScore>(m, "NpsScore", "NPS in points with its class counts and margin.")
        .def_readonly("promoters", &NpsScore::promoters)
        .def_readonly("passives", &NpsScore::passives)
        .def_readonly("detractors", &NpsScore::detractors)
        .def_readonly("responses", &NpsScore::responses)
        .def_readonly("value", &NpsScore::value)
        .def_readonly("margin95", &NpsScore::margin95);

    m.def("fcr", &fcr, py::arg("resolved_first_contact"), py::arg("inquiries"));
    m.def("csat", &csat, py::arg("satisfied"), py::arg("responses"));
    m.def("nps", &nps, py::arg("promoters"), py::arg("passives"), py::arg("detractors"));
    m.def("aht", py::overload_cast<double, std::uint64_t>(&aht), py::arg("total_handle_seconds"),
          py::arg("contacts"));
    m.def("asa", &asa, py::arg("total_wait_seconds_answered"), py::arg("answered"));
    m.def("retention_rate", py::overload_cast<std::uint64_t, std::uint64_t>(&retention_rate),
          py::arg("retained"), py::arg("active_previous"));
    m.def("churn_rate", &churn_rate, py::arg("retained"), py::arg("active_previous"));
    m.def("historical_clv", &historical_clv, py::arg("average_purchase_value"),
          py::arg("purchase_frequency"), py::arg("lifespan"));
    m.def("margin_multiple_clv", &margin_multiple_clv, py::arg("margin"), py::arg("retention"),
          py::arg("discount_rate"));
    m.def("traffic_intensity", &traffic_intensity, py::arg("contacts"), py::arg("interval_seconds"),
          py::arg("aht_seconds"));
    m.def("erlang_b", &erlang_b, py::arg("agents"), py::arg("traffic_erlangs"));
    m.def("erlang_c", &erlang_c, py::arg("agents"), py::arg("traffic_erlangs"));
    m.def("erlang_service_level", &erlang_service_level, py::arg("agents"),
          py::arg("traffic_erlangs"), py::arg("aht_seconds"), py::arg("target_seconds"));
    m.def("erlang_asa", &erlang_asa, py::arg("agents"), py::arg("traffic_erlangs"),
          py::arg("aht_seconds"));
    m.def("erlang_occupancy", &erlang_occupancy, py::arg("agents"), py::arg("traffic_erlangs"));
}

}  // namespace cskpi::python
