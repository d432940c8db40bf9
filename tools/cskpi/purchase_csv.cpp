#include "purchase_csv.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cskpi/json/timestamp.hpp"
#include "cskpi/record_validation.hpp"
#include "errors.hpp"

namespace cskpi::cli {
namespace {

// One CSV record: its fields, the line it starts on, and what is wrong with it ("" if nothing).
struct CsvRecord {
    std::vector<std::string> fields{};
    std::uint64_t line = 0;
    std::string error{};
    std::string code{};
};

// Reads physical lines without their line break (LF or CRLF).
class LineReader {
  public:
    explicit LineReader(std::istream& in) : in_(in) {}

    bool next(std::string& text) {
        if (!std::getline(in_, text)) {
            return false;
        }
        ++line_;
        if (!text.empty() && text.back() == '\r') {
            text.pop_back();
        }
        if (line_ == 1 && text.starts_with("\xEF\xBB\xBF")) {
            text.erase(0, 3);
        }
        return true;
    }

    [[nodiscard]] std::uint64_t line() const noexcept { return line_; }
    [[nodiscard]] bool failed() const { return in_.bad(); }

  private:
    std::istream& in_;
    std::uint64_t line_ = 0;
};

// Reads the next non-blank record; false at the end of the input. A record with a quoted field
// may span several lines.
bool next_record(LineReader& lines, CsvRecord& record, std::size_t max_bytes) {
    std::string text;
    do {
        if (!lines.next(text)) {
            return false;
        }
    } while (text.empty());
    record = CsvRecord{};
    record.line = lines.line();
    std::size_t bytes = text.size();
    if (bytes > max_bytes) {
        record.code = "too_large";
        record.error = fmt::format("the record is longer than {} bytes", max_bytes);
        return true;
    }
    std::string field;
    std::size_t i = 0;
    while (true) {
        // At the start of a field.
        field.clear();
        if (i < text.size() && text[i] == '"') {
            ++i;
            bool closed = false;
            while (!closed) {
                if (i >= text.size()) {
                    // The quoted field goes on on the next line.
                    std::string more;
                    if (!lines.next(more)) {
                        record.code = "bad_csv";
                        record.error = "a quoted field is not closed before the end of the input";
                        return true;
                    }
                    bytes += more.size() + 1;
                    if (bytes > max_bytes) {
                        record.code = "too_large";
                        record.error = fmt::format("the record is longer than {} bytes", max_bytes);
                        return true;
                    }
                    field += '\n';
                    text = std::move(more);
                    i = 0;
                    continue;
                }
                const char c = text[i++];
                if (c != '"') {
                    field += c;
                } else if (i < text.size() && text[i] == '"') {
                    field += '"';
                    ++i;
                } else {
                    closed = true;
                }
            }
            if (i < text.size() && text[i] != ',') {
                record.code = "bad_csv";
                record.error = fmt::format("field {} has text after its closing quote",
                                           record.fields.size() + 1);
                return true;
            }
        } else {
            const std::size_t end = text.find(',', i);
            field.assign(text, i, end == std::string::npos ? std::string::npos : end - i);
            i = end == std::string::npos ? text.size() : end;
            if (field.find('"') != std::string::npos) {
                record.code = "bad_csv";
                record.error =
                    fmt::format("field {} has a quote but is not quoted", record.fields.size() + 1);
                return true;
            }
        }
        record.fields.push_back(field);
        if (i >= text.size()) {
            return true;
        }
        ++i;  // the comma
    }
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

std::size_t column_index(const std::vector<std::string>& header, const std::string& name,
                         std::string_view option, std::string_view source) {
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (trim(header[i]) == name) {
            return i;
        }
    }
    throw RunError(fmt::format("{}:1: the header has no column \"{}\" ({}; columns: {})", source,
                               name, option, fmt::join(header, ", ")));
}

// The purchase of a row, or the reason it is rejected (field, code, message).
struct RowError {
    std::string field;
    std::string code;
    std::string message;
};

std::optional<RowError> decode(const std::vector<std::string>& fields, std::size_t customer,
                               std::size_t date, std::size_t amount,
                               const PurchaseCsvColumns& names, Purchase& purchase) {
    purchase.customer_id = fields[customer];
    if (trim(purchase.customer_id).empty()) {
        return RowError{"customer_id", "missing_field",
                        fmt::format("column \"{}\" is empty", names.customer)};
    }
    const std::string_view date_text = trim(fields[date]);
    if (date_text.empty()) {
        return RowError{"at", "missing_field", fmt::format("column \"{}\" is empty", names.date)};
    }
    auto at = json::parse_date(date_text);
    if (!at) {
        at = json::parse_rfc3339(date_text);
    }
    if (!at) {
        return RowError{"at", "bad_timestamp",
                        fmt::format("{} = \"{}\" is not a date (YYYY-MM-DD, YYYYMMDD or RFC 3339)",
                                    names.date, date_text)};
    }
    if (!json::within_years_1_to_9999(*at)) {
        return RowError{
            "at", "bad_timestamp",
            fmt::format("{} = \"{}\" is outside years 1 to 9999 in UTC", names.date, date_text)};
    }
    purchase.at = *at;
    const std::string_view amount_text = trim(fields[amount]);
    if (amount_text.empty()) {
        return RowError{"amount", "missing_field",
                        fmt::format("column \"{}\" is empty", names.amount)};
    }
    double value = 0.0;
    const auto [ptr, ec] =
        std::from_chars(amount_text.data(), amount_text.data() + amount_text.size(), value);
    if (ec == std::errc::invalid_argument || ptr != amount_text.data() + amount_text.size()) {
        return RowError{"amount", "wrong_type",
                        fmt::format("{} = \"{}\" is not a number", names.amount, amount_text)};
    }
    if (ec == std::errc::result_out_of_range || !std::isfinite(value)) {
        return RowError{"amount", "out_of_range",
                        fmt::format("{} = {} is not a finite number", names.amount, amount_text)};
    }
    if (std::abs(value) > max_purchase_amount) {
        return RowError{"amount", "out_of_range",
                        fmt::format("{} = {} is beyond +-{:.0e}, the largest amount allowed",
                                    names.amount, amount_text, max_purchase_amount)};
    }
    purchase.amount = value;
    return std::nullopt;
}

}  // namespace

InputSummary read_purchases_csv(std::istream& in, const PurchaseCsvColumns& columns,
                                const json::ReadOptions& options, const json::PurchaseSink& sink,
                                std::string_view source) {
    LineReader lines(in);
    CsvRecord header;
    if (!next_record(lines, header, options.max_record_bytes)) {
        if (lines.failed()) {
            throw RunError(fmt::format("cannot read {}", source));
        }
        throw RunError(fmt::format("{}: no header row (an empty CSV file)", source));
    }
    if (!header.error.empty()) {
        throw RunError(fmt::format("{}:{}: header: {}", source, header.line, header.error));
    }
    const std::size_t customer =
        column_index(header.fields, columns.customer, "--customer-col", source);
    const std::size_t date = column_index(header.fields, columns.date, "--date-col", source);
    const std::size_t amount = column_index(header.fields, columns.amount, "--amount-col", source);

    InputSummary summary;
    CsvRecord record;
    while (next_record(lines, record, options.max_record_bytes)) {
        ++summary.read;
        std::optional<RowError> error;
        Purchase purchase;
        if (!record.error.empty()) {
            error = RowError{"", record.code, record.error};
        } else if (record.fields.size() != header.fields.size()) {
            error = RowError{"", "bad_csv",
                             fmt::format("{} fields, the header has {}", record.fields.size(),
                                         header.fields.size())};
        } else {
            error = decode(record.fields, customer, date, amount, columns, purchase);
        }
        if (error) {
            InputError input_error{std::string(source),    record.line,
                                   std::nullopt,           std::move(error->field),
                                   std::move(error->code), std::move(error->message)};
            if (options.strict) {
                throw json::RecordRejected(std::move(input_error));
            }
            ++summary.rejected;
            if (summary.errors.size() < options.max_errors) {
                summary.errors.push_back(std::move(input_error));
            } else {
                summary.errors_truncated = true;
            }
            continue;
        }
        ++summary.accepted;
        sink(std::move(purchase));
    }
    if (lines.failed()) {
        throw RunError(fmt::format("cannot read {}", source));
    }
    return summary;
}

}  // namespace cskpi::cli
