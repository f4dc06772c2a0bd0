#include "red4mq_queue.h"

#include <fmt/format.h>

#include "src/input_error.h"

namespace corelink {

Verdict Red4MqQueue::admit(Packet& p) {
    // Queue::packets() and work() already sum every per-flow queue: exactly RED_4 MQ's occupancy.
    switch (policy_.on_arrival(p, *this, now())) {
        case Red4Policy::Decision::Accept: break;
        case Red4Policy::Decision::Signal:
            if (signal(p) != Verdict::Admit) return Verdict::DropEarly;
            break;
        case Red4Policy::Decision::Forced: return Verdict::DropForced;
    }
    // The cap is a buffer limit, so like the shared limit it applies after the AQM has seen the
    // arrival (docs/algorithms.md §1: overflow is independent of RED).
    if (flow_cap_pkts_ != 0 && rr_.queued(p.flow_id) >= flow_cap_pkts_)
        return Verdict::DropFlowLimit;
    return Verdict::Admit;
}

QueueType Red4MqQueue::type() {
    std::vector<QueueOption> options = RedParams::options();
    for (QueueOption& o : Red4Params::options()) options.push_back(std::move(o));
    for (QueueOption& o : BatchingRoundRobin::options()) options.push_back(std::move(o));
    options.push_back({"red4mq-flow-cap", QueueOption::Type::Int, "0",
                       "RED_4 MQ per-flow queue cap, in packets (0 = only the shared limit)"});
    return QueueType{
        "red4mq",
        "RED_4 MQ: per-flow FIFOs served by the batching round robin, RED_4 at enqueue on the "
        "total occupancy",
        std::move(options), [](const QueueEnv& env) {
            const int64_t cap = env.options.get_int("red4mq-flow-cap");
            if (cap < 0)
                throw InputError(fmt::format(
                    "--red4mq-flow-cap: must be an integer >= 0 (0 = no cap), got {}", cap));
            return std::make_unique<Red4MqQueue>(
                env.events, env.pool, env.limits, RedParams::from_options(env.options, false),
                Red4Params::from_options(env.options), env.typical_cost, env.rng,
                BatchingRoundRobin::from_options(env.options), static_cast<uint64_t>(cap));
        }};
}

}  // namespace corelink
