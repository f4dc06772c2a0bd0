#include "sfq_queue.h"

#include <fmt/format.h>

#include "src/input_error.h"

namespace corelink {

void SfqQueue::attach_pipeline(size_t resources, DemandEstimate mode) {
    if (resource_ >= resources)
        throw InputError(fmt::format("--sfq-resource: must be a resource index below {}, got {}",
                                     resources, resource_));
    StartTimeFairQueue::attach_pipeline(resources, mode);
}

SimTime SfqQueue::charge(const Packet& p) const {
    return weighted(estimator().estimate(p, tagged()), p.flow_id);
}

QueueType SfqQueue::type() {
    return QueueType{
        "sfq",
        "start-time fair queueing on one resource (--sfq-resource); other stages FIFO",
        {{"sfq-resource", QueueOption::Type::Int, "0",
          "index of the resource whose demand is fair-queued in a pipeline (0 = first, "
          "e.g. CPU; 1 = second, e.g. link)"}},
        [](const QueueEnv& env) {
            const int64_t r = env.options.get_int("sfq-resource");
            if (r < 0 || r >= static_cast<int64_t>(kMaxResources))
                throw InputError(
                    fmt::format("--sfq-resource: must be 0..{}, got {}", kMaxResources - 1, r));
            return std::make_unique<SfqQueue>(env.events, env.pool, env.limits,
                                              static_cast<size_t>(r));
        }};
}

}  // namespace corelink
