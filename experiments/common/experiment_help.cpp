// What --list-options and --help print beyond the option descriptions: the option table for
// tools (the CLI fuzz test reads it) and the catalogue of registered queues.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "experiments/common/experiment.h"

namespace corelink {

std::string Experiment::option_list() const {
    // One option per line, tab-separated: name, type, unit, lo, hi, default, choices.
    std::string out;
    for (const OptionSpec& s : specs_) {
        const Range r = s.effective_range();
        std::string choices;
        for (const std::string& c : s.choices) choices += (choices.empty() ? "" : "|") + c;
        out += fmt::format("{}\t{}\t{}\t{:g}\t{:g}\t{}\t{}\n", s.name, s.type_name(), s.unit, r.lo,
                           r.hi, s.has_default ? s.def : "-", choices.empty() ? "-" : choices);
    }
    if (uses_queues_) {
        for (const auto& m : builtin_queues().options()) {
            std::string users;
            for (const auto& u : m.used_by) users += (users.empty() ? "" : "|") + u;
            const char* t = m.option.type == QueueOption::Type::Int      ? "int"
                            : m.option.type == QueueOption::Type::Double ? "real"
                            : m.option.type == QueueOption::Type::Bool   ? "onoff"
                                                                         : "text";
            out += fmt::format("{}\tqueue-{}\t-\t{:g}\t{:g}\t{}\t{}\n", m.option.name, t,
                               m.option.lo, m.option.hi, m.option.default_value, users);
        }
    }
    return out;
}

std::string Experiment::queue_catalog() const {
    // Name, then the summary wrapped to the help width.
    const QueueRegistry& reg = builtin_queues();
    size_t name_width = 0;
    for (const std::string& n : reg.names()) name_width = std::max(name_width, n.size());
    const size_t indent = 2 + name_width + 2;
    std::string out = "Registered queues (--queue NAME):\n";
    for (const std::string& n : reg.names()) {
        std::string line = fmt::format("  {:{}}  ", n, name_width);
        std::istringstream words(reg.find(n)->summary);
        std::string w;
        size_t col = indent;
        bool first = true;
        while (words >> w) {
            if (!first && col + 1 + w.size() > kHelpWidth) {
                line += '\n' + std::string(indent, ' ');
                col = indent;
                first = true;
            }
            if (!first) {
                line += ' ';
                ++col;
            }
            line += w;
            col += w.size();
            first = false;
        }
        out += line + '\n';
    }
    return out;
}

}  // namespace corelink
