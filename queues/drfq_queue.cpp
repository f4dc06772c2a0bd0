#include "drfq_queue.h"

#include <fmt/format.h>

#include "src/input_error.h"

namespace corelink {

SimTime DrfqQueue::tag(const Packet& p, SimTime v) {
    FlowTags& f = tags_of(p.flow_id);
    const size_t m = estimator().tagged_resources();
    SimTime floor = v;
    if (delta_ != SimTime::never()) floor = max(floor, f.finish - delta_);
    SimTime start = SimTime::zero();
    SimTime finish = SimTime::zero();
    for (size_t j = 0; j < m; ++j) {
        const SimTime s_j = max(floor, f.finish_on[j]);
        f.finish_on[j] = s_j + weighted(estimator().estimate(p, j), p.flow_id);
        start = max(start, s_j);
        finish = max(finish, f.finish_on[j]);
    }
    f.finish = finish;
    return start;
}

SimTime DrfqQueue::charge(const Packet& p) const {
    // The memoryless charge, max_j s_j / w; with dovetailing it bounds F - S from above.
    SimTime c = SimTime::zero();
    for (size_t j = 0; j < estimator().tagged_resources(); ++j)
        c = max(c, estimator().estimate(p, j));
    return weighted(c, p.flow_id);
}

QueueType DrfqQueue::type() {
    return QueueType{
        "drfq",
        "multi-resource fair queueing: equal weighted dominant shares (memoryless by default)",
        {{"drfq-mode", QueueOption::Type::String, "memoryless",
          "memoryless | dovetailing | bounded (bounded uses --drfq-delta; dovetailing and "
          "bounded are reconstructions, docs/algorithms.md §5.5)"},
         {"drfq-delta", QueueOption::Type::Double, "0",
          "with --drfq-mode bounded: how far (time units of virtual time, 1 unit = 1 us) "
          "a per-resource tag may lag the flow's largest; 0 = memoryless"}},
        [](const QueueEnv& env) {
            const std::string& mode = env.options.get_string("drfq-mode");
            // Checked in every mode, so a mistyped value is never silently ignored.
            const double d = env.options.get_double("drfq-delta");
            if (!(d >= 0.0)) throw InputError(fmt::format("--drfq-delta: must be >= 0, got {}", d));
            SimTime delta = SimTime::zero();
            if (mode == "dovetailing") {
                delta = SimTime::never();
            } else if (mode == "bounded") {
                delta = d > 1e12 ? SimTime::never() : SimTime::from_us(d);
            } else if (mode != "memoryless") {
                throw InputError(fmt::format(
                    "--drfq-mode: expected memoryless, dovetailing or bounded, got '{}'", mode));
            }
            return std::make_unique<DrfqQueue>(env.events, env.pool, env.limits, delta);
        }};
}

}  // namespace corelink
