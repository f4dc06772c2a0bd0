// A results table: named columns, typed cells, printed either as an aligned text table for people
// or as CSV for scripts. Numbers are formatted with a fixed precision per column, so the same
// results always give the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace corelink {

struct Column {
    std::string name;
    int precision = 3;  // digits after the point for floating-point cells
};

class ResultsTable {
public:
    using Cell = std::variant<std::string, int64_t, double>;

    explicit ResultsTable(std::vector<Column> columns) : columns_(std::move(columns)) {}

    void add_row(std::vector<Cell> row);
    size_t rows() const { return rows_.size(); }
    size_t columns() const { return columns_.size(); }
    const Cell& at(size_t row, size_t col) const { return rows_[row][col]; }

    std::string to_csv() const;
    std::string to_text() const;

private:
    std::string format(const Cell& c, size_t col) const;

    std::vector<Column> columns_;
    std::vector<std::vector<Cell>> rows_;
};

}  // namespace corelink
