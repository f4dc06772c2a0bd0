// The batching round robin of ALGORITHMS §2.5 (KBNets §3.4/§4): per-flow FIFOs served in turn, a
// visit serving up to B packets of one flow back to back, where B is fixed from a snapshot of the
// flow's queue when the visit starts (a poll loop grabbing one rx burst). B = 1 is per-packet round
// robin; B = 1024 mimics the testbed. Shared by fq and red4mq, which add buffering and AQM.
#pragma once

#include <cstdint>
#include <vector>

#include "queues/flow_list.h"
#include "queues/queue_registry.h"
#include "src/packet.h"

namespace corelink {

class BatchingRoundRobin {
public:
    explicit BatchingRoundRobin(uint32_t batch) : batch_(batch) {}

    // The option both fq and red4mq declare (identically, so the registry merges them).
    static QueueOption batch_option();
    // Reads and validates --batch; throws InputError.
    static uint32_t batch_from_options(const QueueOptionValues& o);

    void push(Packet& p);
    // The next packet to serve; at least one packet must be queued.
    Packet& pop();
    // Unlinks the head of `flow_id`'s queue (which must be non-empty), for push-out.
    Packet& remove_head(uint32_t flow_id);

    size_t queued(uint32_t flow_id) const {
        return flow_id < queues_.size() ? queues_[flow_id].size() : 0;
    }
    // The backlogged flow with the most packets, counting `arriving` as one more packet of its
    // flow; FlowList::kNone when nothing is backlogged and `arriving` is the only candidate.
    uint32_t longest(const Packet& arriving) const;
    uint32_t batch() const { return batch_; }

private:
    void end_visit();

    uint32_t batch_;
    std::vector<PacketFifo> queues_;
    FlowList waiting_;                    // backlogged flows not in service, in visit order
    uint32_t current_ = FlowList::kNone;  // the flow being visited
    uint32_t remaining_ = 0;              // packets left in its snapshot
};

}  // namespace corelink
