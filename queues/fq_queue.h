// The batching fair queue of KBNets §3.4 (docs/algorithms.md §2.5): per-flow FIFOs served by the
// batching round robin. B = 1 is per-packet fair queueing; B = 1024 mimics OS packet processing.
//
// Buffering: one shared limit (QueueLimits). When an arrival does not fit, packets are pushed out
// from the head of the longest per-flow queue (counting the arrival), as Linux fq_codel does.
// Tail drop would let a hog fill the shared buffer and starve everyone else's arrivals; dropping
// from the longest queue keeps the buffer fair too, so B = 1 with TCP behaves like per-packet fair
// queueing under overload. Dropping the head signals the hog's sender soonest.
// --fq-overflow tail instead drops the arrival when the shared buffer is full, and
// --fq-flow-cap bounds each flow's own queue (per-flow buffers, as a NIC's RX rings are). With
// --batch-mode committed, the batch in service is out of reach of both (batching_round_robin.h).
#pragma once

#include <utility>

#include "queues/batching_round_robin.h"
#include "queues/queue_registry.h"
#include "src/queue.h"

namespace corelink {

class FqQueue final : public Queue {
public:
    FqQueue(EventList& events, PacketPool& pool, QueueLimits limits, BatchingRoundRobin rr,
            bool push_out, uint64_t flow_cap_pkts)
        : Queue(events, pool, limits),
          rr_(std::move(rr)),
          push_out_(push_out),
          flow_cap_pkts_(flow_cap_pkts) {}

    std::string_view kind() const override { return "fq"; }
    static QueueType type();

private:
    Verdict admit(Packet& p) override {
        return flow_cap_pkts_ > 0 && rr_.queued(p.flow_id) >= flow_cap_pkts_
                   ? Verdict::DropFlowLimit
                   : Verdict::Admit;
    }
    void store(Packet& p) override { rr_.push(p); }
    Packet& take_next() override { return rr_.pop(); }
    bool make_room(const Packet& arriving) override;

    BatchingRoundRobin rr_;
    bool push_out_;
    uint64_t flow_cap_pkts_;  // 0 = no per-flow cap
};

}  // namespace corelink
