#include "results_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace corelink {

void ResultsTable::add_row(std::vector<Cell> row) {
    if (row.size() != columns_.size())
        throw std::logic_error(
            fmt::format("row has {} cells, table has {} columns", row.size(), columns_.size()));
    rows_.push_back(std::move(row));
}

std::string ResultsTable::format(const Cell& c, size_t col) const {
    if (const auto* s = std::get_if<std::string>(&c)) return *s;
    if (const auto* i = std::get_if<int64_t>(&c)) return fmt::format("{}", *i);
    double d = std::get<double>(c);
    if (!std::isfinite(d)) return "nan";
    const int prec = columns_[col].precision;
    // Avoid printing "-0.000".
    if (std::fabs(d) < 0.5 * std::pow(10.0, -prec)) d = 0.0;
    return fmt::format("{:.{}f}", d, prec);
}

std::string ResultsTable::to_csv() const {
    std::string out;
    for (size_t c = 0; c < columns_.size(); ++c) {
        if (c) out += ',';
        out += columns_[c].name;
    }
    out += '\n';
    for (const auto& row : rows_) {
        for (size_t c = 0; c < row.size(); ++c) {
            if (c) out += ',';
            out += format(row[c], c);
        }
        out += '\n';
    }
    return out;
}

std::string ResultsTable::to_text() const {
    std::vector<std::vector<std::string>> cells;
    std::vector<size_t> width(columns_.size());
    for (size_t c = 0; c < columns_.size(); ++c) width[c] = columns_[c].name.size();
    for (const auto& row : rows_) {
        auto& out = cells.emplace_back();
        for (size_t c = 0; c < row.size(); ++c) {
            out.push_back(format(row[c], c));
            width[c] = std::max(width[c], out.back().size());
        }
    }
    std::string out;
    auto line = [&](const auto& get) {
        for (size_t c = 0; c < columns_.size(); ++c) {
            if (c) out += "  ";
            out += fmt::format("{:>{}}", get(c), width[c]);
        }
        out += '\n';
    };
    line([&](size_t c) { return columns_[c].name; });
    size_t total = 0;
    for (size_t w : width) total += w;
    out += std::string(total + 2 * (columns_.size() - 1), '-') + '\n';
    for (const auto& row : cells) line([&](size_t c) { return row[c]; });
    return out;
}

}  // namespace corelink
