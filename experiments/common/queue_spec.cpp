#include "queue_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "experiments/common/options.h"
#include "src/input_error.h"
#include "src/packet_pool.h"
#include "src/text_parse.h"

namespace corelink {

std::string queue_option_accepted(const QueueOption& o) {
    const Range r = between(o.lo, o.hi);
    switch (o.type) {
        case QueueOption::Type::Int: return "an integer in " + r.describe();
        case QueueOption::Type::Double: return "a number in " + r.describe();
        case QueueOption::Type::Bool: return "on or off";
        case QueueOption::Type::String: return "a name";
    }
    return "";
}

void check_queue_option(const QueueOption& o, const std::string& value) {
    const Range r = between(o.lo, o.hi);
    switch (o.type) {
        case QueueOption::Type::Int: parse_int(o.name, value, r); break;
        case QueueOption::Type::Double: parse_real(o.name, value, r); break;
        case QueueOption::Type::Bool: parse_on_off_flag(o.name, value); break;
        case QueueOption::Type::String:
            if (value.empty())
                throw InputError(fmt::format("--{}: must be a name, got ''", o.name));
            break;
    }
}

std::vector<QueueSpec> parse_queue_specs(const std::string& flag, const std::string& text,
                                         const QueueOptionValues& base) {
    const QueueRegistry& reg = builtin_queues();
    const std::string form =
        "a comma list of NAME[:option=value...] with NAME one of " + reg.names_joined();
    std::vector<QueueSpec> out;
    for (const std::string& item : parse_list(flag, text)) {
        const auto parts = split_list(item, ':');
        if (!parts || parts->empty())
            throw InputError(fmt::format("--{}: must be {}, got '{}'", flag, form, item));
        QueueSpec spec{item, parts->front(), base};
        const QueueType* type = reg.find(spec.name);
        if (!type)
            throw InputError(fmt::format("--{}: unknown queue '{}'; accepted: {}", flag, spec.name,
                                         reg.names_joined()));
        for (size_t i = 1; i < parts->size(); ++i) {
            const std::string& kv = (*parts)[i];
            const auto eq = kv.find('=');
            const std::string key = kv.substr(0, eq);
            const auto opt = std::find_if(type->options.begin(), type->options.end(),
                                          [&](const QueueOption& o) { return o.name == key; });
            if (eq == std::string::npos || opt == type->options.end()) {
                std::string names;
                for (const QueueOption& o : type->options)
                    names += (names.empty() ? "" : ", ") + o.name;
                throw InputError(
                    fmt::format("--{}: '{}' in '{}': {} takes option=value with option one of: {}",
                                flag, kv, item, spec.name, names.empty() ? "(none)" : names));
            }
            const std::string value = kv.substr(eq + 1);
            check_queue_option(*opt, value);
            spec.options.set(key, value);
        }
        for (const QueueSpec& s : out)
            if (s.label == spec.label)
                throw InputError(fmt::format("--{}: '{}' is given twice", flag, spec.label));
        out.push_back(std::move(spec));
    }
    return out;
}

void try_queue_specs(const std::vector<QueueSpec>& specs) {
    for (const QueueSpec& s : specs) {
        EventList events;
        PacketPool pool;
        const QueueEnv env{
            events, pool, Rng(0), QueueLimits::in_packets(100), s.options, SimTime::from_us(1)};
        builtin_queues().make(s.name, env);
    }
}

}  // namespace corelink
