#pragma once
// Loads the CDNOW fixtures of tests/data/cdnow (copies of the lifetimes datasets).

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cskpi/clv/rfm.hpp"
#include "cskpi/records.hpp"

namespace cdnow {

inline std::string path(const std::string& file) {
    return std::string(CSKPI_CDNOW_DIR) + "/" + file;
}

inline cskpi::Timestamp date(int y, unsigned m, unsigned d) {
    return cskpi::Timestamp{
        std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}};
}

/// CDNOW_sample.txt: customer_id is the 4-digit id_sample ("0001".."2357").
inline std::vector<cskpi::Purchase> purchases() {
    std::ifstream in(path("CDNOW_sample.txt"));
    if (!in) {
        throw std::runtime_error("cannot open CDNOW_sample.txt");
    }
    std::vector<cskpi::Purchase> out;
    std::string id_total, id_sample;
    long ymd = 0;
    int cds = 0;
    double dollars = 0.0;
    while (in >> id_total >> id_sample >> ymd >> cds >> dollars) {
        const int y = static_cast<int>(ymd / 10000);
        const auto m = static_cast<unsigned>((ymd / 100) % 100);
        const auto d = static_cast<unsigned>(ymd % 100);
        out.push_back({id_sample, date(y, m, d), dollars});
    }
    return out;
}

inline cskpi::Timestamp calibration_end() {
    return date(1997, 9, 30);
}

struct SummaryRow {
    std::string id;
    double x, t_x, T, zbar;
};

/// A summary CSV (ID,frequency,recency,T[,zbar]); zbar is 0 when the file has no such column.
inline std::vector<SummaryRow> summary(const std::string& file) {
    std::ifstream in(path(file));
    if (!in) {
        throw std::runtime_error("cannot open " + file);
    }
    std::string line;
    std::getline(in, line);  // header
    std::vector<SummaryRow> out;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty()) {
            continue;
        }
        std::stringstream ss(line);
        std::string cell;
        std::vector<std::string> cells;
        while (std::getline(ss, cell, ',')) {
            cells.push_back(cell);
        }
        SummaryRow row{cells.at(0), std::stod(cells.at(1)), std::stod(cells.at(2)),
                       std::stod(cells.at(3)), cells.size() > 4 ? std::stod(cells[4]) : 0.0};
        out.push_back(row);
    }
    return out;
}

/// The calibration summary in weeks computed by cskpi from the raw purchases.
inline std::vector<cskpi::clv::CustomerRfm> rfm() {
    const auto p = purchases();
    return cskpi::clv::rfm_summary(
        p, {.calibration_end = calibration_end(), .unit = cskpi::clv::TimeUnit::week});
}

}  // namespace cdnow
