// A results table: named columns, typed cells, printed either as an aligned text table for people
// or as CSV for scripts. Numbers are formatted with a fixed precision per column, so the same
// results always give the same bytes.
//
// Formatting rules (the output's contract): an integer prints in decimal; a floating-point cell
// prints like printf("%.*f", precision) (correctly rounded, exact binary ties to even), except
// that a non-finite value prints as "nan" and a value whose magnitude is below half a unit of
// the last printed digit (0.5 * 10^-precision) prints as zero, never as "-0.000". Text cells print
// as given; the text table right-aligns every column to its widest cell or name.
//
// Tables can be large (one row per flow: 100,000 rows), so cells sit in one flat array of
// 16-byte records (a large one in huge pages: see object_array.h), text cells' bytes in one
// shared string, and printing formats each cell straight into one output buffer; write_csv and
// write_text pass it on to the stream every 64 KiB, so printing needs no memory per row.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <variant>
#include <vector>

#include "src/object_array.h"

namespace corelink {

struct Column {
    std::string name;
    int precision = 3;  // digits after the point for floating-point cells
};

class ResultsTable {
public:
    using Cell = std::variant<std::string, int64_t, double>;

    explicit ResultsTable(std::vector<Column> columns);

    // Room for this many rows without reallocating (optional; a hint for large tables).
    void reserve_rows(size_t rows);
    // One row, a cell per column (std::logic_error otherwise).
    void add_row(std::initializer_list<Cell> row);
    void add_row(const std::vector<Cell>& row);

    size_t rows() const { return columns_.empty() ? 0 : cells_.size() / columns_.size(); }
    size_t columns() const { return columns_.size(); }
    Cell at(size_t row, size_t col) const;

    std::string to_csv() const;
    std::string to_text() const;
    // The same bytes, written to `out` as they are formatted.
    void write_csv(std::ostream& out) const;
    void write_text(std::ostream& out) const;

private:
    enum class Kind : uint8_t { Text, Integer, Real };
    // One cell: an integer, a double, or where a text cell's bytes are in text_.
    struct Stored {
        union {
            int64_t integer;
            double real;
            uint64_t text_offset;
        };
        uint32_t text_size;
        Kind kind;
    };
    static_assert(sizeof(Stored) == 16);

    class Writer;

    void add_cells(const Cell* begin, const Cell* end);
    // Appends cell (row-major index i) as formatted for column `col`.
    template <class String>
    void append_cell(String& out, size_t i, size_t col) const;
    void csv_into(Writer& out) const;
    void text_into(Writer& out) const;

    std::vector<Column> columns_;
    std::vector<double> zero_below_;  // per column: magnitudes below this print as zero
    BlockVector<Stored> cells_;       // row-major
    std::string text_;                // the bytes of every text cell, one after another
};

}  // namespace corelink
