#include "results_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>
#include <ostream>
#include <stdexcept>
#include <string_view>

namespace corelink {

namespace {

// Fixed notation of a finite double needs at most a sign, 309 integer digits, the point and the
// fraction's digits; precisions up to kMaxFastPrecision are formatted in a buffer of this size on
// the stack. Larger (or negative) precisions, which no table uses, take fmt's path.
constexpr int kMaxFastPrecision = 40;
constexpr size_t kRealBuffer = 1 + 309 + 1 + kMaxFastPrecision;

// Appends `d` as a cell of a column with `precision` digits. std::to_chars(fixed, precision) is
// exact and rounds exact binary ties to even, as printf("%.*f") and fmt's "{:.{}f}" (which
// formatted these cells before) do; the test checks it against snprintf.
template <class String>
void append_real(String& out, double d, int precision, double zero_below) {
    if (!std::isfinite(d)) {
        out += "nan";
        return;
    }
    // Avoid printing "-0.000".
    if (std::fabs(d) < zero_below) d = 0.0;
    if (precision < 0 || precision > kMaxFastPrecision) {
        fmt::format_to(std::back_inserter(out), "{:.{}f}", d, precision);
        return;
    }
    char buf[kRealBuffer];
    // Cannot fail: the buffer holds the longest fixed form at this precision.
    const auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed, precision);
    out.append(buf, r.ptr);
}

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char ch) { return (ch & 0x80) == 0; });
}

// Right-aligns s in `width` columns. fmt counts the width of non-ASCII text in displayed
// characters, and the tables have always been padded that way; ASCII takes the short path.
void append_right(std::string& out, std::string_view s, size_t width) {
    if (!is_ascii(s)) {
        fmt::format_to(std::back_inserter(out), "{:>{}}", s, width);
        return;
    }
    if (s.size() < width) out.append(width - s.size(), ' ');
    out.append(s);
}

}  // namespace

ResultsTable::ResultsTable(std::vector<Column> columns) : columns_(std::move(columns)) {
    zero_below_.reserve(columns_.size());
    for (const Column& c : columns_) zero_below_.push_back(0.5 * std::pow(10.0, -c.precision));
}

void ResultsTable::reserve_rows(size_t rows) {
    cells_.reserve(rows * columns_.size());
}

void ResultsTable::add_row(std::initializer_list<Cell> row) {
    add_cells(row.begin(), row.end());
}

void ResultsTable::add_row(const std::vector<Cell>& row) {
    add_cells(row.data(), row.data() + row.size());
}

void ResultsTable::add_cells(const Cell* begin, const Cell* end) {
    const auto n = static_cast<size_t>(end - begin);
    if (n != columns_.size())
        throw std::logic_error(
            fmt::format("row has {} cells, table has {} columns", n, columns_.size()));
    for (const Cell* c = begin; c != end; ++c)  // checked first: a rejected row adds nothing
        if (const auto* t = std::get_if<std::string>(c); t && t->size() > UINT32_MAX)
            throw std::length_error("ResultsTable: text cell too long");
    for (const Cell* c = begin; c != end; ++c) {
        Stored& s = cells_.emplace_back();
        if (const auto* i = std::get_if<int64_t>(c)) {
            s.integer = *i;
            s.kind = Kind::Integer;
        } else if (const auto* d = std::get_if<double>(c)) {
            s.real = *d;
            s.kind = Kind::Real;
        } else {
            const std::string& t = std::get<std::string>(*c);
            s.text_offset = text_.size();
            s.text_size = static_cast<uint32_t>(t.size());
            s.kind = Kind::Text;
            text_ += t;
        }
    }
}

ResultsTable::Cell ResultsTable::at(size_t row, size_t col) const {
    const Stored& s = cells_.at(row * columns_.size() + col);
    switch (s.kind) {
        case Kind::Integer: return s.integer;
        case Kind::Real: return s.real;
        case Kind::Text: break;
    }
    return text_.substr(s.text_offset, s.text_size);
}

// The output of one printing: a buffer that, when printing to a stream, is handed on whenever
// a line ends past kChunk bytes, so it stays small (and its pages stay cached) for any table.
class ResultsTable::Writer {
public:
    static constexpr size_t kChunk = size_t{64} << 10;
    explicit Writer(std::ostream* stream) : stream_(stream) {
        if (stream_) text.reserve(kChunk + 1024);
    }
    void end_line() {
        text += '\n';
        if (stream_ && text.size() >= kChunk) flush();
    }
    void flush() {
        if (!stream_) return;
        stream_->write(text.data(), static_cast<std::streamsize>(text.size()));
        text.clear();
    }
    std::string text;

private:
    std::ostream* stream_;
};

template <class String>
void ResultsTable::append_cell(String& out, size_t i, size_t col) const {
    const Stored& s = cells_[i];
    switch (s.kind) {
        case Kind::Integer: {
            char buf[24];
            out.append(buf, std::to_chars(buf, buf + sizeof buf, s.integer).ptr);
            return;
        }
        case Kind::Real:
            append_real(out, s.real, columns_[col].precision, zero_below_[col]);
            return;
        case Kind::Text: out.append(text_, s.text_offset, s.text_size); return;
    }
}

void ResultsTable::csv_into(Writer& out) const {
    const size_t ncols = columns_.size();
    for (size_t c = 0; c < ncols; ++c) {
        if (c) out.text += ',';
        out.text += columns_[c].name;
    }
    out.end_line();
    for (size_t i = 0, c = 0; i < cells_.size(); ++i) {
        if (c) out.text += ',';
        append_cell(out.text, i, c);
        if (++c == ncols) {
            out.end_line();
            c = 0;
        }
    }
}

void ResultsTable::text_into(Writer& out) const {
    const size_t ncols = columns_.size();
    // First every cell formatted back to back (their sizes give the column widths), then the
    // aligned lines. Both scratch buffers are per cell: in huge pages when large.
    std::basic_string<char, std::char_traits<char>, BlockAllocator<char>> body;
    body.reserve(cells_.size() * 8 + text_.size());
    BlockVector<uint32_t> size(cells_.size());
    std::vector<size_t> width(ncols);
    for (size_t c = 0; c < ncols; ++c) width[c] = columns_[c].name.size();
    for (size_t i = 0, c = 0; i < cells_.size(); ++i) {
        const size_t before = body.size();
        append_cell(body, i, c);
        size[i] = static_cast<uint32_t>(body.size() - before);
        width[c] = std::max<size_t>(width[c], size[i]);
        if (++c == ncols) c = 0;
    }
    size_t line_size = 0;
    for (size_t w : width) line_size += w;
    if (ncols > 1) line_size += 2 * (ncols - 1);

    for (size_t c = 0; c < ncols; ++c) {
        if (c) out.text += "  ";
        append_right(out.text, columns_[c].name, width[c]);
    }
    out.end_line();
    out.text.append(line_size, '-');
    out.end_line();
    size_t at = 0;
    for (size_t i = 0, c = 0; i < cells_.size(); ++i) {
        if (c) out.text += "  ";
        append_right(out.text, std::string_view(body.data() + at, size[i]), width[c]);
        at += size[i];
        if (++c == ncols) {
            out.end_line();
            c = 0;
        }
    }
}

std::string ResultsTable::to_csv() const {
    Writer out(nullptr);
    // Most cells of a large table are short numbers; the string grows if they are not.
    out.text.reserve(64 + cells_.size() * 8 + text_.size());
    csv_into(out);
    return std::move(out.text);
}

std::string ResultsTable::to_text() const {
    Writer out(nullptr);
    text_into(out);
    return std::move(out.text);
}

void ResultsTable::write_csv(std::ostream& stream) const {
    Writer out(&stream);
    csv_into(out);
    out.flush();
}

void ResultsTable::write_text(std::ostream& stream) const {
    Writer out(&stream);
    text_into(out);
    out.flush();
}

}  // namespace corelink
