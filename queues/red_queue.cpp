#include "red_queue.h"

namespace corelink {

Verdict RedQueue::admit(Packet& p) {
    red_.on_arrival(*this, now());
    if (p.cost > max_cost_) max_cost_ = p.cost;
    switch (red_.region()) {
        case RedEstimator::Region::Below: spacing_.reset(); return Verdict::Admit;
        case RedEstimator::Region::Forced: spacing_.forced(); return Verdict::DropForced;
        case RedEstimator::Region::Ramp: break;
    }
    double p_b = red_.p_b();
    if (red_.params().byte_mode && max_cost_.ps() > 0) p_b *= p.cost / max_cost_;
    return spacing_.draw(p_b, rng_) ? signal(p) : Verdict::Admit;
}

QueueType RedQueue::type() {
    std::vector<QueueOption> options = RedParams::options();
    options.push_back(RedParams::byte_mode_option());
    return QueueType{"red",
                     "one FIFO with Floyd-Jacobson RED (ECN mark or early drop; gentle by default)",
                     std::move(options), [](const QueueEnv& env) {
                         return std::make_unique<RedQueue>(
                             env.events, env.pool, env.limits,
                             RedParams::from_options(env.options, true), env.typical_cost, env.rng);
                     }};
}

}  // namespace corelink
