// A custom queue discipline written outside corelink: a FIFO that, when full, drops the packet
// at its head (the oldest) instead of the arrival. Head drop signals congestion to a sender one
// queueing delay sooner than tail drop does.
//
// A discipline implements three hooks of corelink::Queue, which does all the accounting:
//   store(p)         keep an admitted packet
//   take_next()      hand over the next packet to serve
//   make_room(p)     called when an admitted packet does not fit; push out with drop_stored()
#pragma once

#include "queues/queue_registry.h"
#include "src/queue.h"

class HeadDropQueue final : public corelink::Queue {
public:
    HeadDropQueue(corelink::EventList& events, corelink::PacketPool& pool,
                  corelink::QueueLimits limits)
        : Queue(events, pool, limits) {}

    std::string_view kind() const override { return "headdrop"; }
    // A registry entry, so experiments can select it by name like a built-in queue.
    static corelink::QueueType type();

private:
    void store(corelink::Packet& p) override { fifo_.push_back(p); }
    corelink::Packet& take_next() override { return fifo_.pop_front(); }
    bool make_room(const corelink::Packet& arriving) override;

    corelink::PacketFifo fifo_;
};
