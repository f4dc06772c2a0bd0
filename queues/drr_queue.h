// Deficit round robin (Shreedhar & Varghese 1995; docs/algorithms.md §6.2) with a packet's "size" =
// its cost (service time), which makes it a cost-fair batched CPU scheduler: the cost-weighted
// option of §2.5. Every flow gets the same quantum, --drr-quantum typical costs per round.
//
// Buffering: the shared limit; on overflow the flow with the most queued work loses its head
// packet (push-out). With plain tail drop the expensive flow's slowly draining queue fills the
// buffer, the cheap flow's arrivals are dropped, it stops being backlogged and DRR cannot give it
// its share: measured on KBNets Fig. 9 at k = 4, CPU shares 0.40/0.60 instead of 0.5/0.5.
#pragma once

#include <vector>

#include "queues/flow_list.h"
#include "queues/queue_registry.h"
#include "src/queue.h"

namespace corelink {

class DrrQueue final : public Queue {
public:
    DrrQueue(EventList& events, PacketPool& pool, QueueLimits limits, SimTime quantum);

    std::string_view kind() const override { return "drr"; }
    static QueueType type();
    SimTime quantum() const { return quantum_; }

private:
    void store(Packet& p) override;
    Packet& take_next() override;
    bool make_room(const Packet& arriving) override;
    Packet& pop_head(uint32_t flow);
    // Costs above the quantum need several rounds of deficit; after a whole round in which no
    // flow could send, add the rounds that certainly send nothing in one step.
    void skip_empty_rounds();

    SimTime quantum_;
    std::vector<PacketFifo> queues_;
    std::vector<SimTime> deficit_;
    std::vector<SimTime> work_;           // queued work per flow
    FlowList waiting_;                    // backlogged flows not being visited, in round order
    uint32_t current_ = FlowList::kNone;  // the flow whose visit is in progress
};

}  // namespace corelink
