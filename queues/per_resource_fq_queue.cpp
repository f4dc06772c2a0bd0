#include "per_resource_fq_queue.h"

namespace corelink {

QueueType PerResourceFqQueue::type() {
    return QueueType{
        "per-resource-fq",
        "SFQ at every resource on its own demand, stages blocking (not dropping) between them",
        {},
        [](const QueueEnv& env) {
            return std::make_unique<PerResourceFqQueue>(env.events, env.pool, env.limits);
        }};
}

}  // namespace corelink
