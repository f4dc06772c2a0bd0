#include "fifo_queue.h"

namespace corelink {

QueueType FifoQueue::type() {
    return QueueType{"fifo",
                     "one FIFO with a per-flow input limit (multi-resource baseline)",
                     {},
                     [](const QueueEnv& env) {
                         return std::make_unique<FifoQueue>(env.events, env.pool, env.limits);
                     }};
}

}  // namespace corelink
