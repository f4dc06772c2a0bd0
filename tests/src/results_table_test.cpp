#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "src/results_table.h"

using namespace corelink;

namespace {

// The oracle for a floating-point cell: C's printf("%.*f") (correctly rounded by glibc, exact
// binary ties to even), with the table's two documented exceptions: non-finite values print as
// "nan", and a magnitude below half a unit of the last digit prints as zero rather than "-0.00".
std::string printf_cell(double d, int precision) {
    if (!std::isfinite(d)) return "nan";
    if (std::fabs(d) < 0.5 * std::pow(10.0, -precision)) d = 0.0;
    std::vector<char> buf(static_cast<size_t>(std::snprintf(nullptr, 0, "%.*f", precision, d)) + 1);
    std::snprintf(buf.data(), buf.size(), "%.*f", precision, d);
    return buf.data();
}

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> out;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, sep)) out.push_back(cell);
    return out;
}

std::vector<std::string> lines(const std::string& text) {
    return split(text, '\n');
}

constexpr int kPrecisions = 10;  // columns p0..p9: every precision the experiments use (0..6)

}  // namespace

TEST_CASE("ResultsTable prints doubles as printf(\"%.*f\") does, at every precision",
          "[results_table]") {
    std::vector<double> values = {
        // Exact binary ties: round half to even (0.125 -> 0.12, 0.375 -> 0.38, 2.5 -> 2).
        0.125, 0.375, 2.5, 3.5, 0.5, 1.5, -0.125, -2.5, 0.015625, 1.0 / 1024,
        // Decimal values that are not ties in binary (2.675 is stored below ...675).
        2.675, 0.045, 4.35, 0.1, 1.0000005, 123456789.125,
        // Huge and tiny magnitudes, signed zero, thresholds of the zero rule.
        1e300, -1e300, std::numeric_limits<double>::max(), 1e22, 1e23, 9007199254740993.0, 1e-300,
        std::numeric_limits<double>::denorm_min(), 0.0, -0.0, -0.0004, -0.0005, -0.00049, -0.05,
        -0.5, -0.4, 0.5e-9, -0.5e-9};
    for (int j = 1; j <= 12; ++j)  // every k / 2^j in a range: many exact ties at each precision
        for (int k = -300; k <= 300; ++k) values.push_back(std::ldexp(k, -j));
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> moderate(-1e4, 1e4);
    for (int i = 0; i < 3000; ++i) values.push_back(moderate(rng));
    for (int i = 0; i < 3000; ++i) {  // random bit patterns: every exponent
        const uint64_t bits = rng();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        if (std::isfinite(d)) values.push_back(d);
    }

    std::vector<Column> columns;
    for (int p = 0; p < kPrecisions; ++p) columns.push_back({"p" + std::to_string(p), p});
    ResultsTable table(columns);
    for (double d : values) {
        std::vector<ResultsTable::Cell> row(kPrecisions, d);
        table.add_row(row);
    }
    const std::vector<std::string> csv = lines(table.to_csv());
    REQUIRE(csv.size() == values.size() + 1);
    CHECK(csv[0] == "p0,p1,p2,p3,p4,p5,p6,p7,p8,p9");
    size_t mismatches = 0;
    for (size_t r = 0; r < values.size(); ++r) {
        const std::vector<std::string> cells = split(csv[r + 1], ',');
        REQUIRE(cells.size() == kPrecisions);
        for (int p = 0; p < kPrecisions; ++p) {
            const std::string want = printf_cell(values[r], p);
            if (cells[static_cast<size_t>(p)] != want && ++mismatches <= 10)
                FAIL_CHECK(values[r] << " at " << p << ": got " << cells[static_cast<size_t>(p)]
                                     << ", printf " << want);
        }
    }
    CHECK(mismatches == 0);

    // Spelled out (ties to even; the zero rule): these do not depend on the oracle above.
    ResultsTable few({{"a", 2}, {"b", 0}, {"c", 3}, {"d", 1}});
    few.add_row({0.125, 2.5, -0.0004, std::nan("")});
    few.add_row({0.375, 3.5, -0.0, std::numeric_limits<double>::infinity()});
    few.add_row({-0.125, -2.5, -1e-300, -0.04});
    CHECK(few.to_csv() == "a,b,c,d\n0.12,2,0.000,nan\n0.38,4,0.000,nan\n-0.12,-2,0.000,0.0\n");
}

TEST_CASE("ResultsTable prints integers and text as given", "[results_table]") {
    ResultsTable table({{"i", 0}, {"s"}});
    const int64_t ints[] = {0, -1, 7, std::numeric_limits<int64_t>::max(),
                            std::numeric_limits<int64_t>::min()};
    for (int64_t i : ints) table.add_row({i, std::string("x") + std::to_string(i)});
    table.add_row({int64_t{3}, std::string()});
    const std::vector<std::string> csv = lines(table.to_csv());
    REQUIRE(csv.size() == 7);
    for (size_t r = 0; r < 5; ++r) {
        char want[64];
        std::snprintf(want, sizeof want, "%lld,x%lld", static_cast<long long>(ints[r]),
                      static_cast<long long>(ints[r]));
        CHECK(csv[r + 1] == want);
    }
    CHECK(csv[6] == "3,");
}

TEST_CASE("ResultsTable's text form right-aligns each column to its widest entry",
          "[results_table]") {
    ResultsTable table({{"queue"}, {"n", 0}, {"goodput_mbps", 3}});
    table.add_row({std::string("droptail"), int64_t{12}, 1.5});
    table.add_row({std::string("fq"), int64_t{-3}, 1234.25});
    // Widths: max(5, 8, 2) = 8, max(1, 2, 2) = 2, max(12, 5, 8) = 12; columns two spaces apart,
    // dashes over the full width (8 + 2 + 2 + 2 + 12 = 26).
    CHECK(table.to_text() ==
          "   queue   n  goodput_mbps\n"
          "--------------------------\n"
          "droptail  12         1.500\n"
          "      fq  -3      1234.250\n");
    // A non-ASCII cell: the width is counted in bytes ("é" is two), the padding in characters
    // (fmt's "{:>N}", which always padded these tables), so "é" gets two spaces in a 3-byte column.
    ResultsTable accents({{"q"}});
    accents.add_row({std::string("\xc3\xa9")});
    accents.add_row({std::string("abc")});
    CHECK(accents.to_text() == "  q\n---\n  \xc3\xa9\nabc\n");
    // No rows: the header and the rule only.
    CHECK(ResultsTable({{"a"}, {"bb"}}).to_text() == "a  bb\n-----\n");
}

TEST_CASE("ResultsTable keeps what was added and rejects rows of the wrong width",
          "[results_table]") {
    ResultsTable table({{"name"}, {"count", 0}, {"x", 2}});
    CHECK(table.rows() == 0);
    CHECK(table.columns() == 3);
    table.reserve_rows(100);
    CHECK(table.rows() == 0);
    table.add_row({std::string("a"), int64_t{1}, 0.25});
    table.add_row(std::vector<ResultsTable::Cell>{std::string("bcd"), int64_t{-2}, 1e10});
    CHECK(table.rows() == 2);
    CHECK(table.at(0, 0) == ResultsTable::Cell(std::string("a")));
    CHECK(table.at(1, 0) == ResultsTable::Cell(std::string("bcd")));
    CHECK(table.at(1, 1) == ResultsTable::Cell(int64_t{-2}));
    CHECK(table.at(0, 2) == ResultsTable::Cell(0.25));
    CHECK_THROWS_AS(table.at(2, 0), std::out_of_range);
    CHECK_THROWS_AS(table.add_row({int64_t{1}, 2.0}), std::logic_error);
    CHECK_THROWS_AS(table.add_row(std::vector<ResultsTable::Cell>(4, 1.0)), std::logic_error);
    CHECK(table.rows() == 2);  // a rejected row leaves nothing behind
    CHECK(table.to_csv() == "name,count,x\na,1,0.25\nbcd,-2,10000000000.00\n");
}

TEST_CASE("ResultsTable streams the same bytes as it returns, past the writer's chunk size",
          "[results_table]") {
    // 20,000 rows of ~30 bytes: the streaming writer hands on its buffer several times (every
    // 64 KiB), and the 320 KB of cells take the huge-page block path; the oracle is to_csv() /
    // to_text(), whose bytes the other cases check.
    ResultsTable table({{"flow", 0}, {"goodput_mbps", 3}, {"label"}});
    table.reserve_rows(20000);
    for (int64_t i = 0; i < 20000; ++i)
        table.add_row({i, static_cast<double>(i) / 7.0, std::string(i % 3 == 0 ? "a" : "bcd")});
    std::ostringstream csv, text;
    table.write_csv(csv);
    table.write_text(text);
    CHECK(csv.str() == table.to_csv());
    CHECK(text.str() == table.to_text());
    CHECK(lines(csv.str()).size() == 20001);
    CHECK(lines(text.str()).size() == 20002);
    CHECK(lines(csv.str())[20000] == "19999,2857.000,bcd");  // 19,999 / 7 = 2,857 exactly
}
