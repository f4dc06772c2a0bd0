// Drop-tail: one FIFO; an arrival that does not fit the buffer (packets, bytes or work) is dropped.
#pragma once

#include "queues/queue_registry.h"
#include "src/queue.h"

namespace corelink {

class DropTailQueue final : public Queue {
public:
    DropTailQueue(EventList& events, PacketPool& pool, QueueLimits limits)
        : Queue(events, pool, limits) {}

    std::string_view kind() const override { return "droptail"; }
    static QueueType type();

private:
    void store(Packet& p) override { fifo_.push_back(p); }
    Packet& take_next() override { return fifo_.pop_front(); }

    PacketFifo fifo_;
};

}  // namespace corelink
