// The option layer: every flag of an experiment is declared once with its type, unit and accepted
// range, and parse() refuses anything outside it — non-finite numbers, magnitudes that overflow
// simulated time (integer picoseconds) or an integer type, times that would round to 0 ps, empty
// list items, unwritable output paths — with one line naming the flag and the accepted range.
// The same table prints --help and --list-options (a machine-readable dump the fuzz test reads).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "src/input_error.h"
#include "src/sim_time.h"

namespace corelink {

// A closed or half-open interval of accepted values.
struct Range {
    double lo = -1e18, hi = 1e18;
    bool lo_open = false, hi_open = false;

    bool contains(double v) const {
        return (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
    }
    std::string describe() const;  // "(0, 1e+06]"
};
inline Range between(double lo, double hi) {
    return {lo, hi, false, false};
}
inline Range above(double lo, double hi) {
    return {lo, hi, true, false};
}  // (lo, hi]
inline Range probability() {
    return between(0, 1);
}

enum class OptionKind {
    Real,      // a finite number in its range
    Int,       // an integer in its range
    Time,      // a finite number of seconds/ms/us/ns: fits SimTime; > 0 values do not round to 0
    Choice,    // one of a fixed set of words
    OnOff,     // on|off (also true/false, yes/no, 1/0)
    Text,      // free text, non-empty
    RealList,  // comma list of Reals, each in range
    IntList,   // comma list of Ints and ranges a..b, each in range
    Flag,      // a switch without a value
    OutDir,    // a directory results are written to: checked creatable before anything runs
    OutFile,   // a file results are written to: checked writable before anything runs
};

struct OptionSpec {
    std::string name;  // the long flag without dashes
    OptionKind kind = OptionKind::Real;
    std::string unit;  // "Mb/s", "packets", "s", ...; for Time: s, ms, us or ns
    Range range;
    std::string def;  // default as text; empty with `required_default = false` = optional
    bool has_default = true;
    std::string help;
    std::vector<std::string> choices;  // Choice
    size_t max_items = 10000;          // lists
    // An alias (old spelling) maps onto `alias_of` with its value multiplied by `alias_scale`.
    std::string alias_of;
    double alias_scale = 1.0;
    std::string group = "Experiment options";

    std::string type_name() const;
    // What is accepted, for errors and --help: "a number in (0, 1e+06] Mb/s".
    std::string accepted() const;
    Range effective_range() const;  // Time: narrowed to what SimTime can hold
};

// A spec from its first fields (the rest take their defaults).
inline OptionSpec spec_of(std::string name, OptionKind kind, std::string unit, Range range,
                          std::string def, bool has_default, std::string help) {
    OptionSpec s;
    s.name = std::move(name);
    s.kind = kind;
    s.unit = std::move(unit);
    s.range = range;
    s.def = std::move(def);
    s.has_default = has_default;
    s.help = std::move(help);
    return s;
}

// A parsed value.
using OptionValue = std::variant<std::monostate, double, int64_t, bool, std::string,
                                 std::vector<double>, std::vector<int64_t>>;

// Parses and checks `text` for `spec`; throws InputError "--NAME: must be ACCEPTED, got 'TEXT'".
OptionValue parse_option_value(const OptionSpec& spec, const std::string& text);

// Each throws InputError naming `flag` when the value is not acceptable.
double parse_real(const std::string& flag, const std::string& text, const Range& r,
                  const std::string& unit = "");
int64_t parse_int(const std::string& flag, const std::string& text, const Range& r,
                  const std::string& unit = "");
bool parse_on_off_flag(const std::string& flag, const std::string& text);
// Comma list without empty items; ranges "a..b" of integers expand (IntList only).
std::vector<std::string> parse_list(const std::string& flag, const std::string& text);
std::vector<int64_t> parse_int_list(const std::string& flag, const std::string& text,
                                    const Range& r, size_t max_items = 10000);
std::vector<double> parse_real_list(const std::string& flag, const std::string& text,
                                    const Range& r, size_t max_items = 10000);

// Output paths: refused unless they could be written (an existing writable directory, or a
// missing one under a writable existing parent). Nothing is created.
void check_output_dir(const std::string& flag, const std::string& path);
void check_output_file(const std::string& flag, const std::string& path);
// An input file: exists, is a regular file, is readable.
void check_input_file(const std::string& flag, const std::string& path);

// Picoseconds per unit of a Time option ("s", "ms", "us", "ns"); 0 for anything else.
double ps_per_unit(const std::string& unit);
// A Time option's value as SimTime (the value was range-checked at parse time).
SimTime to_sim_time(double value, const std::string& unit);
// The largest simulated time an option may ask for, in ps: far below SimTime::never(), so that
// warm-up + duration + a round trip never overflow.
constexpr double kMaxOptionPs = 1e18;  // ~11.6 simulated days

}  // namespace corelink
