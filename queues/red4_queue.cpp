#include "red4_queue.h"

namespace corelink {

Verdict Red4Queue::admit(Packet& p) {
    switch (policy_.on_arrival(p, *this, now())) {
        case Red4Policy::Decision::Accept: return Verdict::Admit;
        case Red4Policy::Decision::Signal: return signal(p);
        case Red4Policy::Decision::Forced: return Verdict::DropForced;
    }
    return Verdict::Admit;
}

QueueType Red4Queue::type() {
    std::vector<QueueOption> options = RedParams::options();
    for (QueueOption& o : Red4Params::options()) options.push_back(std::move(o));
    return QueueType{
        "red4",
        "one FIFO with RED_4: RED for the cheapest flow, p*(cost/cheapest cost)^2 for the others",
        std::move(options), [](const QueueEnv& env) {
            return std::make_unique<Red4Queue>(
                env.events, env.pool, env.limits, RedParams::from_options(env.options, false),
                Red4Params::from_options(env.options), env.typical_cost, env.rng);
        }};
}

}  // namespace corelink
