#include "cskpi/json/report_json.hpp"

#include <cmath>
#include <optional>
#include <string>

#include "cskpi/version.hpp"

namespace cskpi {
namespace {

using Json = nlohmann::ordered_json;

// The one way a floating-point value enters a document: null when undefined or not finite,
// so no document can hold NaN or infinity (the core never produces them; this guards
// hand-built values too).
Json number(const std::optional<double>& value) {
    if (!value || !std::isfinite(*value)) {
        return nullptr;
    }
    return *value;
}

Json number(double value) {
    return number(std::optional<double>(value));
}

Json rate(const Rate& r) {
    Json j = Json::object();
    j["value"] = number(r.value);
    j["numerator"] = r.numerator;
    j["denominator"] = r.denominator;
    if (r.ci95) {
        j["ci95"] = Json::array({number(r.ci95->lower), number(r.ci95->upper)});
    } else {
        j["ci95"] = nullptr;
    }
    return j;
}

Json mean(const Mean& m) {
    Json j = Json::object();
    j["value"] = number(m.value());
    j["count"] = m.count();
    j["sum"] = number(m.sum());
    j["stddev"] = number(m.stddev());
    return j;
}

Json distribution(const DistributionSummary& d) {
    Json j = Json::object();
    j["count"] = d.count;
    j["mean"] = number(d.mean);
    j["p50"] = number(d.p50);
    j["p90"] = number(d.p90);
    return j;
}

Json nps_json(const NpsScore& n) {
    Json j = Json::object();
    j["value"] = number(n.value);
    j["promoters"] = n.promoters;
    j["passives"] = n.passives;
    j["detractors"] = n.detractors;
    j["responses"] = n.responses;
    j["margin95"] = number(n.margin95);
    return j;
}

Json kpis(const KpiSet& k) {
    Json j = Json::object();
    j["contacts"] = k.contacts;
    j["handled"] = k.handled;
    j["fcr"] = rate(k.fcr);
    Json csat = rate(k.csat.satisfied);
    csat["mean"] = number(k.csat.answers.value());
    j["csat"] = std::move(csat);
    j["nps"] = nps_json(k.nps);
    Json ces = mean(k.ces.answers);
    ces["agree"] = rate(k.ces.agree);
    j["ces"] = std::move(ces);
    j["aht_seconds"] = mean(k.aht_seconds);
    j["asa_seconds"] = mean(k.asa_seconds);
    j["service_level"] = rate(k.service_level);
    j["abandonment_rate"] = rate(k.abandonment_rate);
    j["first_response_seconds"] = distribution(k.first_response_seconds);
    j["resolution_seconds"] = distribution(k.resolution_seconds);
    return j;
}

Json input_error(const InputError& e) {
    Json j = Json::object();
    if (!e.file.empty()) {
        j["file"] = e.file;
    }
    if (e.line) {
        j["line"] = *e.line;
    } else if (e.index) {
        j["index"] = *e.index;
    }
    j["field"] = e.field.empty() ? Json(nullptr) : Json(e.field);
    j["code"] = e.code;
    j["message"] = e.message;
    return j;
}

Json input(const InputSummary& s) {
    Json j = Json::object();
    j["read"] = s.read;
    j["accepted"] = s.accepted;
    j["rejected"] = s.rejected;
    j["duplicates"] = s.duplicates;
    Json errors = Json::array();
    for (const InputError& e : s.errors) {
        errors.push_back(input_error(e));
    }
    j["errors"] = std::move(errors);
    j["errors_truncated"] = s.errors_truncated;
    return j;
}

Json options(const ReportOptions& o) {
    Json j = Json::object();
    Json group_by = Json::array();
    for (Dimension d : o.group_by) {
        group_by.push_back(std::string(to_string(d)));
    }
    j["group_by"] = std::move(group_by);
    j["period"] = o.period ? Json(std::string(to_string(*o.period))) : Json(nullptr);
    j["utc_offset"] = to_string(o.utc_offset);
    j["csat_scale"] = o.csat.points;
    j["csat_threshold"] = o.csat.threshold;
    j["sl_threshold_seconds"] = number(o.service_level_seconds);
    j["short_abandon_seconds"] = number(o.short_abandon_seconds);
    j["abandon_mode"] = std::string(to_string(o.abandon_mode));
    j["fcr_mode"] = std::string(to_string(o.fcr_mode));
    j["fcr_window_seconds"] = number(static_cast<double>(o.fcr_window.count()) / 1000.0);
    return j;
}

Json group_key(const GroupKey& key, const ReportOptions& o) {
    Json j = Json::object();
    for (std::size_t i = 0; i < o.group_by.size(); ++i) {
        const std::string name(to_string(o.group_by[i]));
        if (i < key.values.size() && !key.values[i].empty()) {
            j[name] = key.values[i];
        } else {
            j[name] = nullptr;
        }
    }
    if (key.period) {
        j["period"] = *key.period;
    }
    return j;
}

}  // namespace

nlohmann::ordered_json report_to_json(const Report& report, const InputSummary& summary) {
    Json j = Json::object();
    j["cskpi_version"] = version_string;
    j["input"] = input(summary);
    j["options"] = options(report.options);
    j["overall"] = kpis(report.overall);
    Json groups = Json::array();
    for (const ReportGroup& g : report.groups) {
        Json group = Json::object();
        group["key"] = group_key(g.key, report.options);
        group["kpis"] = kpis(g.kpis);
        groups.push_back(std::move(group));
    }
    j["groups"] = std::move(groups);
    return j;
}

nlohmann::ordered_json staffing_to_json(const StaffingResult& r) {
    Json j = Json::object();
    j["traffic_erlangs"] = number(r.traffic_erlangs);
    j["agents"] = r.agents;
    j["probability_wait"] = number(r.probability_wait);
    j["service_level"] = number(r.service_level);
    j["asa_seconds"] = number(r.asa_seconds);
    j["occupancy"] = number(r.occupancy);
    j["agents_with_shrinkage"] = r.agents_with_shrinkage;
    return j;
}

nlohmann::ordered_json retention_to_json(const RetentionReport& report) {
    Json j = Json::object();
    j["period"] = std::string(to_string(report.period));
    j["utc_offset"] = to_string(report.utc_offset);
    j["records"] = report.records;
    j["skipped_without_customer"] = report.skipped_without_customer;
    j["customers"] = report.customers;
    j["customer_periods"] = report.customer_periods;
    Json periods = Json::array();
    for (const RetentionPeriod& p : report.periods) {
        Json row = Json::object();
        row["period"] = p.period;
        row["start"] = p.start;
        row["retained"] = p.retained;
        row["new"] = p.new_customers;
        row["first_time"] = p.first_time;
        row["end"] = p.end;
        row["retention_rate"] = rate(p.retention_rate);
        row["churn_rate"] = rate(p.churn_rate);
        periods.push_back(std::move(row));
    }
    j["periods"] = std::move(periods);
    Json cohorts = Json::array();
    for (const RetentionCohort& c : report.cohorts) {
        Json row = Json::object();
        row["cohort"] = c.cohort;
        row["size"] = c.size;
        Json retention = Json::array();
        for (const std::optional<double>& value : c.retention) {
            retention.push_back(number(value));
        }
        row["retention"] = std::move(retention);
        cohorts.push_back(std::move(row));
    }
    j["cohorts"] = std::move(cohorts);
    return j;
}

}  // namespace cskpi
