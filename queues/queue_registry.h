// Every queue discipline registers here with a name, a one-line summary, its options (name, type,
// default, help with units) and a factory. Experiments offer `--queue NAME` for every registered
// name and list every option in their --help; the generic queue test suite runs them all.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/event_list.h"
#include "src/packet_pool.h"
#include "src/queue.h"
#include "src/rng.h"

namespace corelink {

struct QueueOption {
    enum class Type { Int, Double, Bool, String };
    std::string name;  // the flag without dashes, e.g. "red-min-th"
    Type type;
    std::string default_value;
    std::string help;  // says the unit
    // Accepted range of Int and Double values (checked by the experiment layer before anything
    // runs). Every queue option so far is a count, a threshold, a weight or a time: >= 0.
    double lo = 0, hi = 1e9;
};

// Parsed option values, as strings checked against their declared types.
class QueueOptionValues {
public:
    void set(const std::string& name, std::string value) { values_[name] = std::move(value); }
    bool has(const std::string& name) const { return values_.count(name) != 0; }
    // Typed reads; throw InputError naming the flag when a value is malformed.
    int64_t get_int(const std::string& name) const;
    double get_double(const std::string& name) const;
    bool get_bool(const std::string& name) const;
    const std::string& get_string(const std::string& name) const;

private:
    std::map<std::string, std::string> values_;
};

// What a factory gets to build a queue.
struct QueueEnv {
    EventList& events;
    PacketPool& pool;
    Rng rng;
    QueueLimits limits;
    const QueueOptionValues& options;
    // Service time of the cheapest packet expected at this resource: RED's idle-time constant and
    // the unit in which thresholds "in packets" are converted to work.
    SimTime typical_cost;
};

struct QueueType {
    std::string name;
    std::string summary;
    std::vector<QueueOption> options;
    std::function<std::unique_ptr<Queue>(const QueueEnv&)> make;
};

class QueueRegistry {
public:
    // Throws std::logic_error on a duplicate name or on an option declared twice with different
    // types or defaults (two queues may share an option such as --batch).
    void add(QueueType type);

    const QueueType* find(std::string_view name) const;
    std::vector<std::string> names() const;  // in registration order
    std::string names_joined() const;        // "droptail, red, ..." for error messages

    struct MergedOption {
        QueueOption option;
        std::vector<std::string> used_by;
    };
    const std::vector<MergedOption>& options() const { return options_; }
    QueueOptionValues defaults() const;

    // Throws InputError naming --queue and the accepted names if `name` is unknown.
    std::unique_ptr<Queue> make(std::string_view name, const QueueEnv& env) const;

private:
    std::vector<QueueType> types_;
    std::vector<MergedOption> options_;
};

// The registry of every discipline corelink ships (queues/all_queues.cpp). Immutable.
const QueueRegistry& builtin_queues();

}  // namespace corelink
