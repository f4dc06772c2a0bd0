// Drop-tail: one FIFO; an arrival that does not fit the buffer (packets, bytes or work) is dropped.
// The Queue base's default hooks are exactly that policy, so this class only names it.
#pragma once

#include "queues/queue_registry.h"
#include "src/queue.h"

namespace corelink {

class DropTailQueue final : public Queue {
public:
    DropTailQueue(EventList& events, PacketPool& pool, QueueLimits limits)
        : Queue(events, pool, limits, kDefaultHooks) {}

    std::string_view kind() const override { return "droptail"; }
    static QueueType type();
};

}  // namespace corelink
