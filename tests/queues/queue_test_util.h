// Building a registered queue with a few options changed, for the per-discipline tests.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

#include "queues/queue_registry.h"
#include "src/simulation.h"

namespace corelink::testing {

inline std::unique_ptr<Queue> make_queue(
    Simulation& sim, const std::string& name, QueueLimits limits, SimTime typical_cost,
    std::initializer_list<std::pair<const char*, const char*>> overrides = {}) {
    QueueOptionValues options = builtin_queues().defaults();
    for (const auto& [k, v] : overrides) options.set(k, v);
    QueueEnv env{sim.events(), sim.pool(), sim.make_rng(), limits, options, typical_cost};
    return builtin_queues().make(name, env);
}

}  // namespace corelink::testing
