#include "cskpi/json/report_json.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "cskpi/detail/sink_buffer.hpp"
#include "cskpi/version.hpp"

namespace cskpi {
namespace {

using Json = nlohmann::ordered_json;

// ---- the two writers -----------------------------------------------------------------------
//
// Every document below is spelled out once, as a template over its writer: DomWriter builds the
// nlohmann::ordered_json the *_to_json functions return, StreamWriter prints the text that
// document's dump(2) would give, straight into a TextSink. Both take the same calls: key()
// before each member of an object, then a value or a begin_object()/begin_array() ... end().

// Builds the document bottom-up: a container is put together once its members are all there,
// then moved into its parent. nlohmann's own ways of growing an ordered_json object copy its
// members (a pair with a const key moves by copying), and a copy failing half-way cleans up
// by allocating in a noexcept destructor, which ends the program on std::bad_alloc.
class DomWriter {
  public:
    DomWriter& key(std::string_view name) {
        open_.back().key.assign(name);
        return *this;
    }
    void begin_object() { open_.push_back({.object = true}); }
    void begin_array() { open_.push_back({.object = false}); }
    void end() {
        Level& level = open_.back();
        Json container = level.object ? Json::object() : Json::array();
        if (level.object) {
            // Reserved first, so that each member is moved in, never copied.
            auto& object = container.get_ref<Json::object_t&>();
            object.reserve(level.members.size());
            for (auto& member : level.members) {
                object.emplace_back(std::move(member.first), std::move(member.second));
            }
        } else {
            container.get_ref<Json::array_t&>() = std::move(level.elements);
        }
        open_.pop_back();
        try {
            put(std::move(container));
        } catch (...) {
            release(container);
            throw;
        }
    }
    void null() { put(nullptr); }
    void boolean(bool value) { put(value); }
    void count(std::uint64_t value) { put(value); }
    void integer(std::int64_t value) { put(value); }
    void number(std::optional<double> value) {
        const std::optional<double> shown = printable(value);
        put(shown ? Json(*shown) : Json(nullptr));
    }
    void string(std::string_view value) { put(std::string(value)); }

    // Builds a document with `write`. Should that throw (std::bad_alloc above all), the parts
    // built are emptied here without allocating, for the same reason.
    template <typename Write>
    static Json build(Write&& write) {
        DomWriter out;
        try {
            write(out);
        } catch (...) {
            out.release_all();
            throw;
        }
        return std::move(out.root_);
    }

  private:
    struct Level {
        bool object = false;
        std::string key{};
        std::vector<std::pair<std::string, Json>> members{};
        Json::array_t elements{};
    };

    void put(Json&& value) {
        if (open_.empty()) {
            root_ = std::move(value);
            return;
        }
        Level& level = open_.back();
        if (level.object) {
            level.members.emplace_back(std::move(level.key), std::move(value));
        } else {
            level.elements.push_back(std::move(value));
        }
    }

    // Empties the containers leaves first; the destructor of an empty container or a scalar
    // allocates nothing.
    static void release(Json& value) noexcept {
        if (value.is_array()) {
            for (Json& element : value.get_ref<Json::array_t&>()) {
                release(element);
            }
            value.get_ref<Json::array_t&>().clear();
        } else if (value.is_object()) {
            for (auto& member : value.get_ref<Json::object_t&>()) {
                release(member.second);
            }
            value.get_ref<Json::object_t&>().clear();
        }
    }

    void release_all() noexcept {
        for (Level& level : open_) {
            for (auto& member : level.members) {
                release(member.second);
            }
            for (Json& element : level.elements) {
                release(element);
            }
        }
        release(root_);
    }

    Json root_;
    std::vector<Level> open_;
};

// Prints the document as Json::dump(2) (with error_handler_t::replace) would, followed by a
// newline, a bounded buffer at a time. Numbers and strings needing escapes go through
// nlohmann's own serializer, so every byte matches dump()'s.
class StreamWriter {
  public:
    explicit StreamWriter(const TextSink& sink)
        : out_(sink),
          adapter_(std::make_shared<Adapter>(out_)),
          serializer_(adapter_, ' ', Json::error_handler_t::replace) {
        open_.reserve(8);
    }

    StreamWriter& key(std::string_view name) {
        separate();
        quoted(name);
        out_.append(": ");
        after_key_ = true;
        return *this;
    }
    void begin_object() { open('{'); }
    void begin_array() { open('['); }
    void end() {
        const Level level = open_.back();
        open_.pop_back();
        if (!level.empty) {
            out_.append('\n');
            indent();
        }
        out_.append(level.object ? '}' : ']');
    }
    void null() {
        separate();
        out_.append("null");
    }
    void boolean(bool value) {
        separate();
        out_.append(value ? "true" : "false");
    }
    void count(std::uint64_t value) { digits(value); }
    void integer(std::int64_t value) { digits(value); }
    void number(std::optional<double> value) {
        const std::optional<double> shown = printable(value);
        if (!shown) {
            null();
            return;
        }
        separate();
        serializer_.dump(Json(*shown), false, false, 0);
    }
    void string(std::string_view value) {
        separate();
        quoted(value);
    }

    // The final newline, and whatever is still buffered.
    void finish() {
        out_.append('\n');
        out_.flush();
    }

  private:
    struct Level {
        bool object;
        bool empty;
    };

    // Feeds the serializer's output into the buffer.
    class Adapter final : public nlohmann::detail::output_adapter_protocol<char> {
      public:
        explicit Adapter(detail::SinkBuffer& out) : out_(out) {}
        void write_character(char c) override { out_.append(c); }
        void write_characters(const char* s, std::size_t length) override {
            out_.append(std::string_view(s, length));
        }

      private:
        detail::SinkBuffer& out_;
    };

    void open(char bracket) {
        separate();
        out_.append(bracket);
        open_.push_back({bracket == '{', true});
    }

    // What dump(2) puts before a value: nothing after a key or at the top, else a line break
    // (and a comma after the first member) and the indentation.
    void separate() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (open_.empty()) {
            return;
        }
        Level& level = open_.back();
        out_.append(level.empty ? "\n" : ",\n");
        level.empty = false;
        indent();
    }

    void indent() {
        for (std::size_t i = 0; i < open_.size(); ++i) {
            out_.append("  ");
        }
    }

    template <typename Integer>
    void digits(Integer value) {
        separate();
        std::array<char, 24> text{};
        const auto result = std::to_chars(text.data(), text.data() + text.size(), value);
        out_.append(
            std::string_view(text.data(), static_cast<std::size_t>(result.ptr - text.data())));
    }

    // Printable ASCII other than '"' and '\\' is written as it is by dump(); anything else
    // (escapes, UTF-8, invalid bytes to replace) is left to nlohmann.
    void quoted(std::string_view text) {
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            if (byte < 0x20 || byte >= 0x80 || c == '"' || c == '\\') {
                serializer_.dump(Json(std::string(text)), false, false, 0);
                return;
            }
        }
        out_.append('"');
        out_.append(text);
        out_.append('"');
    }

    detail::SinkBuffer out_;
    std::shared_ptr<Adapter> adapter_;
    nlohmann::detail::serializer<Json> serializer_;
    std::vector<Level> open_;
    bool after_key_ = false;
};

// ---- the documents -------------------------------------------------------------------------

template <typename Out>
void rate_members(Out& out, const Rate& r) {
    out.key("value").number(r.value);
    out.key("numerator").count(r.numerator);
    out.key("denominator").count(r.denominator);
    out.key("ci95");
    if (r.ci95) {
        out.begin_array();
        out.number(r.ci95->lower);
        out.number(r.ci95->upper);
        out.end();
    } else {
        out.null();
    }
}

template <typename Out>
void rate(Out& out, const Rate& r) {
    out.begin_object();
    rate_members(out, r);
    out.end();
}

template <typename Out>
void mean_members(Out& out, const Mean& m) {
    out.key("value").number(m.value());
    out.key("count").count(m.count());
    out.key("sum").number(m.sum());
    out.key("stddev").number(m.stddev());
}

template <typename Out>
void mean(Out& out, const Mean& m) {
    out.begin_object();
    mean_members(out, m);
    out.end();
}

template <typename Out>
void distribution(Out& out, const DistributionSummary& d) {
    out.begin_object();
    out.key("count").count(d.count);
    out.key("mean").number(d.mean);
    out.key("p50").number(d.p50);
    out.key("p90").number(d.p90);
    out.end();
}

template <typename Out>
void nps(Out& out, const NpsScore& n) {
    out.begin_object();
    out.key("value").number(n.value);
    out.key("promoters").count(n.promoters);
    out.key("passives").count(n.passives);
    out.key("detractors").count(n.detractors);
    out.key("responses").count(n.responses);
    out.key("margin95").number(n.margin95);
    out.end();
}

// The queue outcomes, transfers and handle-time parts (docs/kpis.md, "Contact outcomes").
template <typename Out>
void outcome_kpis(Out& out, const KpiSet& k) {
    for (const auto& [name, n] :
         {std::pair{"queued", k.queued}, std::pair{"answered", k.answered},
          std::pair{"abandoned", k.abandoned}, std::pair{"short_abandoned", k.short_abandoned},
          std::pair{"abandoned_within_target", k.abandoned_within_target},
          std::pair{"callback_requests", k.callback_requests},
          std::pair{"flowed_out", k.flowed_out}, std::pair{"transferred_out", k.transferred_out},
          std::pair{"transferred_in", k.transferred_in}, std::pair{"callbacks", k.callbacks},
          std::pair{"outbound_handled", k.outbound_handled}, std::pair{"held", k.held}}) {
        out.key(name).count(n);
    }
    out.key("max_wait_seconds").number(k.max_wait_seconds);
    for (const auto& [name, m] :
         {std::pair{"abandon_time_seconds", &k.abandon_time_seconds},
          std::pair{"talk_seconds", &k.talk_seconds}, std::pair{"hold_seconds", &k.hold_seconds},
          std::pair{"acw_seconds", &k.acw_seconds}}) {
        out.key(name);
        mean(out, *m);
    }
    out.key("survey_response_rate");
    rate(out, k.survey_response_rate);
    for (const auto& [name, sla] : {std::pair{"first_response_sla", &k.first_response_sla},
                                    std::pair{"resolution_sla", &k.resolution_sla}}) {
        if (*sla) {
            out.key(name);
            rate(out, **sla);
        }
    }
}

template <typename Out>
void kpis(Out& out, const KpiSet& k) {
    out.begin_object();
    out.key("contacts").count(k.contacts);
    out.key("handled").count(k.handled);
    out.key("fcr");
    rate(out, k.fcr);
    out.key("csat").begin_object();
    rate_members(out, k.csat.satisfied);
    out.key("mean").number(k.csat.answers.value());
    out.end();
    out.key("nps");
    nps(out, k.nps);
    out.key("ces").begin_object();
    mean_members(out, k.ces.answers);
    out.key("agree");
    rate(out, k.ces.agree);
    out.end();
    out.key("aht_seconds");
    mean(out, k.aht_seconds);
    out.key("asa_seconds");
    mean(out, k.asa_seconds);
    out.key("service_level");
    rate(out, k.service_level);
    out.key("abandonment_rate");
    rate(out, k.abandonment_rate);
    out.key("first_response_seconds");
    distribution(out, k.first_response_seconds);
    out.key("resolution_seconds");
    distribution(out, k.resolution_seconds);
    for (const auto& [name, business] :
         {std::pair{"first_response_business_seconds", &k.first_response_business_seconds},
          std::pair{"resolution_business_seconds", &k.resolution_business_seconds}}) {
        if (*business) {
            out.key(name);
            distribution(out, **business);
        }
    }
    outcome_kpis(out, k);
    out.end();
}

template <typename Out>
void input_error(Out& out, const InputError& e) {
    out.begin_object();
    if (!e.file.empty()) {
        out.key("file").string(e.file);
    }
    if (e.line) {
        out.key("line").count(*e.line);
    }
    if (e.index) {
        out.key("index").count(*e.index);
    }
    out.key("field");
    if (e.field.empty()) {
        out.null();
    } else {
        out.string(e.field);
    }
    out.key("code").string(e.code);
    out.key("message").string(e.message);
    out.end();
}

// The report's "input" object: the account of the records read.
template <typename Out>
void input(Out& out, const InputSummary& s) {
    out.begin_object();
    out.key("read").count(s.read);
    out.key("accepted").count(s.accepted);
    out.key("rejected").count(s.rejected);
    out.key("duplicates").count(s.duplicates);
    out.key("errors").begin_array();
    for (const InputError& e : s.errors) {
        input_error(out, e);
    }
    out.end();
    out.key("errors_truncated").boolean(s.errors_truncated);
    // How many accepted records held each optional mapped field: a pointer that matches
    // nothing shows as 0 here.
    out.key("fields").begin_object();
    for (const FieldCoverage& f : s.fields) {
        out.key(f.field).begin_object();
        out.key("from").string(f.source);
        out.key("found").count(f.found);
        out.end();
    }
    out.end();
    out.end();
}

// "09:00", or "09:00:30" for a time with seconds.
std::string clock_text(std::int32_t seconds) {
    const std::int32_t s = seconds % 60;
    return s == 0 ? fmt::format("{:02}:{:02}", seconds / 3600, seconds / 60 % 60)
                  : fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, s);
}

// The schedule as its file gives it (docs/cli.md, "Business hours file"), and the SLA basis.
template <typename Out>
void business_hours_options(Out& out, const ReportOptions& o) {
    if (o.first_response_target_seconds || o.resolution_target_seconds) {
        out.key("sla_basis").string(to_string(o.sla_basis));
    }
    if (!o.business_hours) {
        return;
    }
    const BusinessSchedule& s = *o.business_hours;
    out.key("business_hours").begin_object();
    out.key("time_zone")
        .string(s.zone.name().empty() ? to_string(s.zone.fixed_offset()) : s.zone.name());
    out.key("hours").begin_object();
    for (std::size_t d = 0; d < 7; ++d) {
        out.key(kWeekdayNames[d]).begin_array();
        for (const OpenInterval& open : s.week[d]) {
            out.begin_array();
            out.string(clock_text(open.open_seconds));
            out.string(clock_text(open.close_seconds));
            out.end();
        }
        out.end();
    }
    out.end();
    out.key("holidays").begin_array();
    for (const std::chrono::local_days day : s.holidays) {
        const std::chrono::year_month_day date{day};
        out.string(fmt::format("{:04}-{:02}-{:02}", int{date.year()}, unsigned{date.month()},
                               unsigned{date.day()}));
    }
    out.end();
    out.end();
}

template <typename Out>
void options(Out& out, const ReportOptions& o) {
    out.begin_object();
    out.key("group_by").begin_array();
    for (Dimension d : o.group_by) {
        out.string(to_string(d));
    }
    out.end();
    out.key("period");
    if (o.period) {
        out.string(to_string(*o.period));
    } else {
        out.null();
    }
    out.key("utc_offset").string(to_string(o.utc_offset));
    if (!o.time_zone.empty()) {
        out.key("time_zone").string(o.time_zone);
    }
    out.key("csat_scale").integer(o.csat.points);
    out.key("csat_threshold").integer(o.csat.threshold);
    out.key("sl_threshold_seconds").number(o.service_level_seconds);
    out.key("short_abandon_seconds").number(o.short_abandon_seconds);
    out.key("abandon_mode").string(to_string(o.abandon_mode));
    out.key("fcr_mode").string(to_string(o.fcr_mode));
    out.key("fcr_window_seconds").number(static_cast<double>(o.fcr_window.count()) / 1000.0);
    out.key("definitions").string(to_string(o.definitions));
    for (const auto& [name, target] :
         {std::pair{"first_response_target_seconds", o.first_response_target_seconds},
          std::pair{"resolution_target_seconds", o.resolution_target_seconds}}) {
        if (target) {
            out.key(name).number(*target);
        }
    }
    business_hours_options(out, o);
    if (o.definitions == Definitions::genesys) {
        out.key("genesys_sl").begin_object();
        out.key("abandons").boolean(o.genesys.include_abandons);
        out.key("short_abandons").boolean(o.genesys.include_short_abandons);
        out.key("flow_outs").boolean(o.genesys.include_flow_outs);
        out.end();
    }
    out.end();
}

template <typename Out>
void group_key(Out& out, const GroupKey& key, const ReportOptions& o) {
    out.begin_object();
    for (std::size_t i = 0; i < o.group_by.size(); ++i) {
        out.key(to_string(o.group_by[i]));
        if (i < key.values.size() && !key.values[i].empty()) {
            out.string(key.values[i]);
        } else {
            out.null();
        }
    }
    if (key.period) {
        out.key("period").string(*key.period);
    }
    out.end();
}

template <typename Out>
void report_document(Out& out, const Report& report, const InputSummary& summary) {
    out.begin_object();
    out.key("cskpi_version").string(version_string);
    out.key("input");
    input(out, summary);
    out.key("options");
    options(out, report.options);
    out.key("overall");
    kpis(out, report.overall);
    out.key("groups").begin_array();
    for (const ReportGroup& g : report.groups) {
        out.begin_object();
        out.key("key");
        group_key(out, g.key, report.options);
        out.key("kpis");
        kpis(out, g.kpis);
        out.end();
    }
    out.end();
    out.end();
}

template <typename Out>
void staffing_document(Out& out, const StaffingResult& r) {
    out.begin_object();
    out.key("traffic_erlangs").number(r.traffic_erlangs);
    out.key("agents").integer(r.agents);
    out.key("probability_wait").number(r.probability_wait);
    out.key("service_level").number(r.service_level);
    out.key("asa_seconds").number(r.asa_seconds);
    out.key("occupancy").number(r.occupancy);
    out.key("agents_with_shrinkage").integer(r.agents_with_shrinkage);
    out.end();
}

template <typename Out>
void retention_document(Out& out, const RetentionReport& report) {
    out.begin_object();
    out.key("period").string(to_string(report.period));
    out.key("utc_offset").string(to_string(report.utc_offset));
    if (!report.time_zone.empty()) {
        out.key("time_zone").string(report.time_zone);
    }
    out.key("records").count(report.records);
    out.key("skipped_without_customer").count(report.skipped_without_customer);
    out.key("customers").count(report.customers);
    out.key("customer_periods").count(report.customer_periods);
    out.key("periods").begin_array();
    for (const RetentionPeriod& p : report.periods) {
        out.begin_object();
        out.key("period").string(p.period);
        out.key("start").count(p.start);
        out.key("retained").count(p.retained);
        out.key("new").count(p.new_customers);
        out.key("first_time").count(p.first_time);
        out.key("end").count(p.end);
        out.key("retention_rate");
        rate(out, p.retention_rate);
        out.key("churn_rate");
        rate(out, p.churn_rate);
        out.end();
    }
    out.end();
    out.key("cohorts").begin_array();
    for (const RetentionCohort& c : report.cohorts) {
        out.begin_object();
        out.key("cohort").string(c.cohort);
        out.key("size").count(c.size);
        out.key("retention").begin_array();
        for (const std::optional<double>& value : c.retention) {
            out.number(value);
        }
        out.end();
        out.end();
    }
    out.end();
    out.end();
}

}  // namespace

nlohmann::ordered_json report_to_json(const Report& report, const InputSummary& summary) {
    return DomWriter::build([&](DomWriter& out) { report_document(out, report, summary); });
}

void write_report_json(const TextSink& sink, const Report& report, const InputSummary& summary) {
    StreamWriter out(sink);
    report_document(out, report, summary);
    out.finish();
}

nlohmann::ordered_json staffing_to_json(const StaffingResult& r) {
    return DomWriter::build([&](DomWriter& out) { staffing_document(out, r); });
}

nlohmann::ordered_json retention_to_json(const RetentionReport& report) {
    return DomWriter::build([&](DomWriter& out) { retention_document(out, report); });
}

}  // namespace cskpi
