#include "queue_registry.h"

#include <fmt/format.h>

#include <charconv>
#include <stdexcept>

#include "src/input_error.h"

namespace corelink {

namespace {

template <typename T>
T parse_number(const std::string& name, const std::string& s, const char* what) {
    T v{};
    const char* end = s.data() + s.size();
    auto [ptr, ec] = std::from_chars(s.data(), end, v);
    if (ec != std::errc() || ptr != end || s.empty())
        throw InputError(fmt::format("--{}: expected {}, got '{}'", name, what, s));
    return v;
}

}  // namespace

int64_t QueueOptionValues::get_int(const std::string& name) const {
    return parse_number<int64_t>(name, get_string(name), "an integer");
}

double QueueOptionValues::get_double(const std::string& name) const {
    return parse_number<double>(name, get_string(name), "a number");
}

bool QueueOptionValues::get_bool(const std::string& name) const {
    const std::string& s = get_string(name);
    if (s == "1" || s == "true" || s == "on" || s == "yes") return true;
    if (s == "0" || s == "false" || s == "off" || s == "no") return false;
    throw InputError(fmt::format("--{}: expected on or off, got '{}'", name, s));
}

const std::string& QueueOptionValues::get_string(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end())
        throw std::logic_error(fmt::format("queue option --{} was never declared", name));
    return it->second;
}

namespace {
// Options the Queue base class implements, so every discipline has them.
constexpr const char* kMarkOption = "mark-k-pkts";
}  // namespace

void QueueRegistry::add(QueueType type) {
    if (find(type.name)) throw std::logic_error("queue registered twice: " + type.name);
    type.options.push_back(QueueOption{
        kMarkOption, QueueOption::Type::Int, "0",
        "step marking: ECN-capable packets arriving while this many packets or more are queued "
        "are marked CE (DCTCP's K, in packets; 0 = off); applies on top of the queue's own AQM"});
    for (const QueueOption& o : type.options) {
        bool merged = false;
        for (MergedOption& m : options_) {
            if (m.option.name != o.name) continue;
            if (m.option.type != o.type || m.option.default_value != o.default_value)
                throw std::logic_error(fmt::format("option --{} declared differently by {} and {}",
                                                   o.name, type.name, m.used_by.front()));
            m.used_by.push_back(type.name);
            merged = true;
        }
        if (!merged) options_.push_back(MergedOption{o, {type.name}});
    }
    types_.push_back(std::move(type));
}

const QueueType* QueueRegistry::find(std::string_view name) const {
    for (const QueueType& t : types_)
        if (t.name == name) return &t;
    return nullptr;
}

std::vector<std::string> QueueRegistry::names() const {
    std::vector<std::string> out;
    for (const QueueType& t : types_) out.push_back(t.name);
    return out;
}

std::string QueueRegistry::names_joined() const {
    std::string out;
    for (const QueueType& t : types_) out += (out.empty() ? "" : ", ") + t.name;
    return out;
}

QueueOptionValues QueueRegistry::defaults() const {
    QueueOptionValues v;
    for (const MergedOption& m : options_) v.set(m.option.name, m.option.default_value);
    return v;
}

std::unique_ptr<Queue> QueueRegistry::make(std::string_view name, const QueueEnv& env) const {
    const QueueType* t = find(name);
    if (!t)
        throw InputError(
            fmt::format("--queue: unknown queue '{}'; accepted: {}", name, names_joined()));
    std::unique_ptr<Queue> q = t->make(env);
    if (env.options.has(kMarkOption)) {
        const int64_t k = env.options.get_int(kMarkOption);
        if (k < 0)
            throw InputError(
                fmt::format("--{}: must be an integer >= 0 (packets), got {}", kMarkOption, k));
        q->set_mark_threshold_pkts(static_cast<uint64_t>(k));
    }
    return q;
}

}  // namespace corelink
