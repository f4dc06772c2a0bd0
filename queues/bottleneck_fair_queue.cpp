#include "bottleneck_fair_queue.h"

#include <fmt/format.h>

#include "src/input_error.h"

namespace corelink {

void BottleneckFairQueue::attach_pipeline(size_t resources, DemandEstimate mode) {
    StartTimeFairQueue::attach_pipeline(resources, mode);
    timer_.arm_in(period_);
}

void BottleneckFairQueue::on_resource_done(size_t j, const Packet& p) {
    StartTimeFairQueue::on_resource_done(j, p);
    window_work_[j] += p.demand[j];
}

void BottleneckFairQueue::handle_event(uint32_t) {
    size_t best = bottleneck_;
    for (size_t j = 0; j < estimator().resources(); ++j)
        if (window_work_[j] > window_work_[best]) best = j;
    if (best != bottleneck_) ++switches_;
    bottleneck_ = best;
    window_work_.fill(SimTime::zero());
    timer_.arm_in(period_);
}

SimTime BottleneckFairQueue::tag(const Packet& p, SimTime v) {
    FlowTags& f = tags_of(p.flow_id);
    const SimTime start = max(v, f.finish);
    f.finish = start + charge(p);
    return start;
}

SimTime BottleneckFairQueue::charge(const Packet& p) const {
    return weighted(estimator().estimate(p, bottleneck_), p.flow_id);
}

QueueType BottleneckFairQueue::type() {
    return QueueType{
        "bottleneck-fair",
        "SFQ on the most utilised resource, re-detected every --bf-period (Egi et al.)",
        {{"bf-period", QueueOption::Type::Double, "30",
          "how often the bottleneck is re-detected, in time units (1 unit = "
          "1 us; DRFQ Fig. 5 uses 30, Table 7 300 ms = 300000)"}},
        [](const QueueEnv& env) {
            const double period = env.options.get_double("bf-period");
            if (!(period > 0.0))
                throw InputError(fmt::format("--bf-period: must be > 0, got {}", period));
            return std::make_unique<BottleneckFairQueue>(env.events, env.pool, env.limits,
                                                         SimTime::from_us(period));
        }};
}

}  // namespace corelink
