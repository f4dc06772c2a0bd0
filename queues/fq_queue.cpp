#include "fq_queue.h"

#include <fmt/format.h>

#include "src/input_error.h"

namespace corelink {

bool FqQueue::make_room(const Packet& arriving) {
    if (!push_out_) return false;  // tail drop
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
        [] {
            std::vector<QueueOption> o = BatchingRoundRobin::options();
            o.push_back({"fq-overflow", QueueOption::Type::String, "longest",
                         "when the shared buffer is full: longest (push out the head of the "
                         "longest flow queue) or tail (drop the arrival)"});
            o.push_back(
                {"fq-flow-cap", QueueOption::Type::Int, "0",
                 "per-flow queue limit in packets, on top of the shared buffer (0 = none)"});
            return o;
        }(),
        [](const QueueEnv& env) {
            const std::string& overflow = env.options.get_string("fq-overflow");
            if (overflow != "longest" && overflow != "tail")
                throw InputError(
                    fmt::format("--fq-overflow: expected longest or tail, got '{}'", overflow));
            const int64_t cap = env.options.get_int("fq-flow-cap");
            if (cap < 0)
                throw InputError(
                    fmt::format("--fq-flow-cap: must be an integer >= 0, got {}", cap));
            return std::make_unique<FqQueue>(env.events, env.pool, env.limits,
                                             BatchingRoundRobin::from_options(env.options),
                                             overflow == "longest", static_cast<uint64_t>(cap));
        }};
}

}  // namespace corelink
