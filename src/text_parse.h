// The few text parsers every layer shares, so that a flag, a queue option and a config line
// accept exactly the same spellings: on/off switches and comma lists.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corelink {

// "on|true|yes|1" -> true, "off|false|no|0" -> false, anything else -> nullopt.
inline std::optional<bool> parse_on_off(std::string_view s) {
    if (s == "on" || s == "true" || s == "yes" || s == "1") return true;
    if (s == "off" || s == "false" || s == "no" || s == "0") return false;
    return std::nullopt;
}

// Splits "a, b,c" on `sep`, trimming blanks around items. An empty item ("1,,2", "1,", ",1")
// yields nullopt: a list with a hole in it is a typing error, never "skip this one". An empty or
// all-blank text yields an empty list.
inline std::optional<std::vector<std::string>> split_list(std::string_view text, char sep = ',') {
    std::vector<std::string> out;
    if (text.find_first_not_of(" \t") == std::string_view::npos) return out;
    size_t begin = 0;
    while (true) {
        const size_t end = text.find(sep, begin);
        std::string_view item =
            text.substr(begin, end == std::string_view::npos ? end : end - begin);
        const size_t b = item.find_first_not_of(" \t");
        if (b == std::string_view::npos) return std::nullopt;
        const size_t e = item.find_last_not_of(" \t");
        out.emplace_back(item.substr(b, e - b + 1));
        if (end == std::string_view::npos) break;
        begin = end + 1;
    }
    return out;
}

}  // namespace corelink
