#include "bottleneck_fair_queue.h"

#include <fmt/format.h>

#include "src/input_error.h"

namespace corelink {

void BottleneckFairQueue::attach_pipeline(size_t resources, DemandEstimate mode) {
    StartTimeFairQueue::attach_pipeline(resources, mode);
    integrated_to_ = now();
    timer_.arm_in(period_);
}

void BottleneckFairQueue::integrate() {
    const double dt = static_cast<double>((now() - integrated_to_).ps());
    for (size_t j = 0; j < estimator().resources(); ++j)
        present_area_[j] += static_cast<double>(present_[j].ps()) * dt;
    integrated_to_ = now();
}

void BottleneckFairQueue::store(Packet& p) {
    StartTimeFairQueue::store(p);
    if (!attached()) return;
    integrate();
    present_[0] += p.demand[0];
}

void BottleneckFairQueue::on_resource_done(size_t j, const Packet& p) {
    StartTimeFairQueue::on_resource_done(j, p);
    window_work_[j] += p.demand[j];
    integrate();
    present_[j] -= p.demand[j];
    if (j + 1 < estimator().resources()) present_[j + 1] += p.demand[j + 1];
}

void BottleneckFairQueue::on_dropped(size_t j, const Packet& p) {
    integrate();
    present_[j] -= p.demand[j];
}

void BottleneckFairQueue::handle_event(uint32_t) {
    integrate();
    // A resource takes over only if it is more loaded than the current bottleneck by the
    // margin, so near-ties do not cause switching (docs/algorithms.md §5.8).
    auto load = [&](size_t j) {
        return detect_ == BottleneckDetect::Utilisation ? static_cast<double>(window_work_[j].ps())
                                                        : present_area_[j];
    };
    size_t best = bottleneck_;
    for (size_t j = 0; j < estimator().resources(); ++j)
        if (j != bottleneck_ && load(j) > load(best) &&
            load(j) > (1.0 + margin_) * load(bottleneck_))
            best = j;
    if (best != bottleneck_) ++switches_;
    bottleneck_ = best;
    window_work_.fill(SimTime::zero());
    present_area_.fill(0.0);
    timer_.arm_in(period_);
}

SimTime BottleneckFairQueue::charge(const Packet& p) const {
    return weighted(estimator().estimate(p, bottleneck_), p.flow_id);
}

QueueType BottleneckFairQueue::type() {
    return QueueType{
        "bottleneck-fair",
        "SFQ on the most loaded resource, re-detected every --bf-period (Egi et al.)",
        {{"bf-period", QueueOption::Type::Double, "30",
          "how often the bottleneck is re-detected, in time units (1 unit = "
          "1 us; DRFQ Fig. 5 uses 30, Table 7 300 ms = 300000)"},
         {"bf-detect", QueueOption::Type::String, "utilisation",
          "how the bottleneck is detected over each period: utilisation (service completed "
          "on each resource) | queued-work (time-average of the work waiting for or in "
          "service on each resource)"},
         {"bf-margin", QueueOption::Type::Double, "0",
          "another resource is declared the bottleneck only if its load exceeds the current "
          "one's by this fraction (0 = any excess; 0.1 = 10% more)"}},
        [](const QueueEnv& env) {
            const double period = env.options.get_double("bf-period");
            if (!(period > 0.0))
                throw InputError(fmt::format("--bf-period: must be > 0, got {}", period));
            const std::string& d = env.options.get_string("bf-detect");
            if (d != "utilisation" && d != "queued-work")
                throw InputError(
                    fmt::format("--bf-detect: expected utilisation or queued-work, got '{}'", d));
            const double margin = env.options.get_double("bf-margin");
            if (!(margin >= 0.0))
                throw InputError(fmt::format("--bf-margin: must be >= 0, got {}", margin));
            return std::make_unique<BottleneckFairQueue>(
                env.events, env.pool, env.limits, SimTime::from_us(period),
                d == "utilisation" ? BottleneckDetect::Utilisation : BottleneckDetect::QueuedWork,
                margin);
        }};
}

}  // namespace corelink
