#include "head_drop_queue.h"

#include <memory>

using namespace corelink;

bool HeadDropQueue::make_room(const Packet& arriving) {
    // Push out from the head until the arrival fits (or nothing is left to push out).
    while (!fifo_.empty() && !fits(arriving)) drop_stored(fifo_.pop_front(), DropReason::Overflow);
    return true;
}

QueueType HeadDropQueue::type() {
    return QueueType{"headdrop",
                     "FIFO that drops its oldest packet when full",
                     {},
                     [](const QueueEnv& env) -> std::unique_ptr<Queue> {
                         return std::make_unique<HeadDropQueue>(env.events, env.pool, env.limits);
                     }};
}
