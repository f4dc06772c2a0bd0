#include "droptail_queue.h"

namespace corelink {

QueueType DropTailQueue::type() {
    return QueueType{"droptail",
                     "one FIFO; arrivals that do not fit the buffer are dropped",
                     {},
                     [](const QueueEnv& env) {
                         return std::make_unique<DropTailQueue>(env.events, env.pool, env.limits);
                     }};
}

}  // namespace corelink
