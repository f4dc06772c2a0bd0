#include "options.h"

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <filesystem>

#include "src/text_parse.h"

namespace corelink {

namespace {

std::string num(double v) {
    return fmt::format("{:g}", v);
}

std::string quoted(const std::string& text) {
    // Keep the one error line one line, whatever the user typed.
    std::string out;
    for (char c : text.substr(0, 80)) out += (c == '\n' || c == '\r') ? ' ' : c;
    return "'" + out + (text.size() > 80 ? "...'" : "'");
}

std::string with_unit(const std::string& what, const std::string& unit) {
    return unit.empty() ? what : what + " " + unit;
}

[[noreturn]] void refuse(const std::string& flag, const std::string& accepted,
                         const std::string& text) {
    throw InputError(fmt::format("--{}: must be {}, got {}", flag, accepted, quoted(text)));
}

bool strict_double(const std::string& s, double& v) {
    const char* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, v);
    return !s.empty() && ec == std::errc() && p == end;
}

}  // namespace

std::string Range::describe() const {
    return fmt::format("{}{}, {}{}", lo_open ? "(" : "[", num(lo), num(hi), hi_open ? ")" : "]");
}

double ps_per_unit(const std::string& unit) {
    if (unit == "s") return 1e12;
    if (unit == "ms") return 1e9;
    if (unit == "us") return 1e6;
    if (unit == "ns") return 1e3;
    return 0;
}

SimTime to_sim_time(double value, const std::string& unit) {
    return SimTime::from_ps(std::llround(value * ps_per_unit(unit)));
}

Range OptionSpec::effective_range() const {
    Range r = range;
    if (kind != OptionKind::Time) return r;
    const double ps = ps_per_unit(unit);
    r.hi = std::min(r.hi, kMaxOptionPs / ps);
    // A positive time must be at least 1 ps, or it would round to zero.
    if (r.lo_open && r.lo >= 0 && r.lo < 1.0 / ps) {
        r.lo = 1.0 / ps;
        r.lo_open = false;
    }
    return r;
}

std::string OptionSpec::type_name() const {
    switch (kind) {
        case OptionKind::Real: return "real";
        case OptionKind::Int: return "int";
        case OptionKind::Time: return "time";
        case OptionKind::Choice: return "choice";
        case OptionKind::OnOff: return "onoff";
        case OptionKind::Text: return "text";
        case OptionKind::RealList: return "reallist";
        case OptionKind::IntList: return "intlist";
        case OptionKind::Flag: return "flag";
        case OptionKind::OutDir: return "outdir";
        case OptionKind::OutFile: return "outfile";
    }
    return "";
}

std::string OptionSpec::accepted() const {
    const Range r = effective_range();
    switch (kind) {
        case OptionKind::Real: return with_unit("a number in " + r.describe(), unit);
        case OptionKind::Int: return with_unit("an integer in " + r.describe(), unit);
        case OptionKind::Time: return with_unit("a time in " + r.describe(), unit);
        case OptionKind::Choice: {
            std::string c;
            for (const std::string& s : choices) c += (c.empty() ? "" : "|") + s;
            return "one of " + c;
        }
        case OptionKind::OnOff: return "on or off";
        case OptionKind::Text: return "a non-empty text";
        case OptionKind::RealList:
            return with_unit("a comma list of numbers in " + r.describe(), unit);
        case OptionKind::IntList:
            return with_unit("a comma list of integers (or a..b) in " + r.describe(), unit);
        case OptionKind::Flag: return "a switch without a value";
        case OptionKind::OutDir: return "a directory that can be created or written";
        case OptionKind::OutFile: return "a file that can be written";
    }
    return "";
}

double parse_real(const std::string& flag, const std::string& text, const Range& r,
                  const std::string& unit) {
    double v{};
    if (!strict_double(text, v) || !std::isfinite(v) || !r.contains(v))
        refuse(flag, with_unit("a number in " + r.describe(), unit), text);
    return v;
}

int64_t parse_int(const std::string& flag, const std::string& text, const Range& r,
                  const std::string& unit) {
    int64_t v{};
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc() || p != end || !r.contains(static_cast<double>(v)))
        refuse(flag, with_unit("an integer in " + r.describe(), unit), text);
    return v;
}

bool parse_on_off_flag(const std::string& flag, const std::string& text) {
    const auto v = parse_on_off(text);
    if (!v) refuse(flag, "on or off", text);
    return *v;
}

std::vector<std::string> parse_list(const std::string& flag, const std::string& text) {
    const auto items = split_list(text);
    if (!items || items->empty()) refuse(flag, "a comma list without empty items", text);
    return *items;
}

std::vector<int64_t> parse_int_list(const std::string& flag, const std::string& text,
                                    const Range& r, size_t max_items) {
    const std::string accepted = fmt::format(
        "a comma list of at most {} integers (or ranges a..b) in {}", max_items, r.describe());
    const auto items = split_list(text);
    if (!items || items->empty()) refuse(flag, accepted, text);
    std::vector<int64_t> out;
    for (const std::string& item : *items) {
        const auto dots = item.find("..");
        int64_t lo{}, hi{};
        try {
            if (dots == std::string::npos) {
                lo = hi = parse_int(flag, item, r);
            } else {
                lo = parse_int(flag, item.substr(0, dots), r);
                hi = parse_int(flag, item.substr(dots + 2), r);
            }
        } catch (const InputError&) {
            refuse(flag, accepted, text);
        }
        if (hi < lo || static_cast<double>(hi) - static_cast<double>(lo) >= double(max_items))
            refuse(flag, accepted, text);
        for (int64_t v = lo; v <= hi; ++v) out.push_back(v);
        if (out.size() > max_items) refuse(flag, accepted, text);
    }
    return out;
}

std::vector<double> parse_real_list(const std::string& flag, const std::string& text,
                                    const Range& r, size_t max_items) {
    const std::string accepted =
        fmt::format("a comma list of at most {} numbers in {}", max_items, r.describe());
    const auto items = split_list(text);
    if (!items || items->empty() || items->size() > max_items) refuse(flag, accepted, text);
    std::vector<double> out;
    for (const std::string& item : *items) {
        double v{};
        if (!strict_double(item, v) || !std::isfinite(v) || !r.contains(v))
            refuse(flag, accepted, text);
        out.push_back(v);
    }
    return out;
}

namespace fs = std::filesystem;

namespace {

// The nearest existing ancestor of `p` (p itself if it exists) must be a writable directory.
void check_creatable(const std::string& flag, const fs::path& p, const std::string& what) {
    std::error_code ec;
    fs::path probe = fs::absolute(p, ec);
    while (!probe.empty() && !fs::exists(probe, ec)) {
        if (probe == probe.parent_path()) break;
        probe = probe.parent_path();
    }
    if (!fs::is_directory(probe, ec) || ::access(probe.c_str(), W_OK | X_OK) != 0)
        throw InputError(fmt::format("--{}: must be {}; '{}' is not a writable directory", flag,
                                     what, probe.string()));
}

}  // namespace

void check_output_dir(const std::string& flag, const std::string& path) {
    const std::string what = "a directory that can be created or written";
    if (path.empty()) refuse(flag, what, path);
    std::error_code ec;
    if (fs::exists(path, ec) && !fs::is_directory(path, ec))
        throw InputError(
            fmt::format("--{}: must be {}; '{}' is not a directory", flag, what, path));
    check_creatable(flag, path, what);
}

void check_output_file(const std::string& flag, const std::string& path) {
    const std::string what = "a file that can be written";
    if (path.empty()) refuse(flag, what, path);
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw InputError(fmt::format("--{}: must be {}; '{}' is a directory", flag, what, path));
    fs::path parent = fs::path(path).parent_path();
    if (parent.empty()) parent = ".";
    if (!fs::is_directory(parent, ec))
        throw InputError(
            fmt::format("--{}: must be {}; '{}' is not a directory", flag, what, parent.string()));
    check_creatable(flag, parent, what);
}

void check_input_file(const std::string& flag, const std::string& path) {
    std::error_code ec;
    if (path.empty() || !fs::is_regular_file(path, ec) || ::access(path.c_str(), R_OK) != 0)
        refuse(flag, "a readable regular file", path);
}

OptionValue parse_option_value(const OptionSpec& s, const std::string& text) {
    const Range r = s.effective_range();
    switch (s.kind) {
        case OptionKind::Real:
        case OptionKind::Time: {
            double v{};
            if (!strict_double(text, v) || !std::isfinite(v) || !r.contains(v))
                refuse(s.name, s.accepted(), text);
            // A nonzero time that rounds to 0 ps would silently mean "none" (e.g. 1e-300 ms):
            // the ranges that admit 0 still refuse it.
            if (s.kind == OptionKind::Time && v != 0 && to_sim_time(v, s.unit).ps() == 0)
                refuse(s.name, s.accepted() + " (a nonzero time must be at least 1 ps)", text);
            return v;
        }
        case OptionKind::Int: return parse_int(s.name, text, r, s.unit);
        case OptionKind::Choice:
            for (const std::string& c : s.choices)
                if (c == text) return text;
            refuse(s.name, s.accepted(), text);
        case OptionKind::OnOff: return parse_on_off_flag(s.name, text);
        case OptionKind::Text:
            if (text.find_first_not_of(" \t") == std::string::npos)
                refuse(s.name, s.accepted(), text);
            return text;
        case OptionKind::RealList: return parse_real_list(s.name, text, r, s.max_items);
        case OptionKind::IntList: return parse_int_list(s.name, text, r, s.max_items);
        case OptionKind::Flag: return text == "true" || text == "1" || text == "on";
        case OptionKind::OutDir: check_output_dir(s.name, text); return text;
        case OptionKind::OutFile: check_output_file(s.name, text); return text;
    }
    return std::monostate{};
}

}  // namespace corelink
