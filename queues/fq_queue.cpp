#include "fq_queue.h"

namespace corelink {

bool FqQueue::make_room(const Packet& arriving) {
    while (!fits(arriving)) {
        const uint32_t f = rr_.longest(arriving);
        // The arrival's own flow is longest and holds nothing else: the arrival goes.
        if (f == FlowList::kNone || rr_.queued(f) == 0) return false;
        drop_stored(rr_.remove_head(f), DropReason::Overflow);
    }
    return true;
}

QueueType FqQueue::type() {
    return QueueType{
        "fq",
        "batching fair queue: per-flow FIFOs served round robin, --batch packets per visit; "
        "overflow pushes out the longest flow's head",
        {BatchingRoundRobin::batch_option()},
        [](const QueueEnv& env) {
            return std::make_unique<FqQueue>(env.events, env.pool, env.limits,
                                             BatchingRoundRobin::batch_from_options(env.options));
        }};
}

}  // namespace corelink
