// The batching fair queue of KBNets §3.4 (ALGORITHMS §2.5): per-flow FIFOs served by the batching
// round robin. B = 1 is per-packet fair queueing; B = 1024 mimics OS packet processing.
//
// Buffering: one shared limit (QueueLimits). When an arrival does not fit, packets are pushed out
// from the head of the longest per-flow queue (counting the arrival), as Linux fq_codel does.
// Tail drop would let a hog fill the shared buffer and starve everyone else's arrivals; dropping
// from the longest queue keeps the buffer fair too, so B = 1 with TCP behaves like per-packet fair
// queueing under overload. Dropping the head signals the hog's sender soonest.
#pragma once

#include "queues/batching_round_robin.h"
#include "queues/queue_registry.h"
#include "src/queue.h"

namespace corelink {

class FqQueue final : public Queue {
public:
    FqQueue(EventList& events, PacketPool& pool, QueueLimits limits, uint32_t batch)
        : Queue(events, pool, limits), rr_(batch) {}

    std::string_view kind() const override { return "fq"; }
    static QueueType type();

private:
    void store(Packet& p) override { rr_.push(p); }
    Packet& take_next() override { return rr_.pop(); }
    bool make_room(const Packet& arriving) override;

    BatchingRoundRobin rr_;
};

}  // namespace corelink
