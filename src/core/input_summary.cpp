#include "cskpi/input_summary.hpp"

namespace cskpi {

void merge(InputSummary& total, const InputSummary& part, std::size_t max_errors) {
    total.read += part.read;
    total.accepted += part.accepted;
    total.rejected += part.rejected;
    total.duplicates += part.duplicates;
    for (const InputError& error : part.errors) {
        if (total.errors.size() < max_errors) {
            total.errors.push_back(error);
        } else {
            total.errors_truncated = true;
        }
    }
    total.errors_truncated = total.errors_truncated || part.errors_truncated;
    if (total.fields.empty()) {
        total.fields = part.fields;
        return;
    }
    for (std::size_t i = 0; i < total.fields.size() && i < part.fields.size(); ++i) {
        total.fields[i].found += part.fields[i].found;
    }
}

}  // namespace cskpi
