// The batching round robin of docs/algorithms.md §2.5 (KBNets §3.4/§4): per-flow FIFOs served in
// turn, a visit serving up to B packets of one flow back to back. B = 1 is per-packet round robin;
// B = 1024 mimics the testbed. Shared by fq and red4mq, which add buffering and AQM.
//
// KBNets does not say what one batch is; --batch-mode offers the three readings of its §3 Click
// description (docs/batching.md shows how much KBNets Fig. 8 depends on the choice):
//   - snapshot (default): a visit serves up to B of the packets queued when it began (a process
//     that yields after one poll); they stay in the flow's queue until served, so push-out can
//     still take them;
//   - committed: the same packets, but taken out of the flow's queue when the visit begins, as a
//     poll empties rx-ring slots: they can no longer be pushed out, and the flow's queue length
//     (for push-out and per-flow caps) counts only what arrived after;
//   - greedy: a visit serves up to B packets including those arriving during it, until the flow's
//     queue is empty (a process that polls until its ring is empty).
#pragma once

#include <cstdint>
#include <vector>

#include "queues/flow_list.h"
#include "queues/queue_registry.h"
#include "src/packet.h"

namespace corelink {

enum class BatchMode : uint8_t { Snapshot, Committed, Greedy };

class BatchingRoundRobin {
public:
    explicit BatchingRoundRobin(uint32_t batch, BatchMode mode = BatchMode::Snapshot)
        : batch_(batch), mode_(mode) {}

    // The options both fq and red4mq declare (identically, so the registry merges them).
    static std::vector<QueueOption> options();
    // Reads and validates --batch and --batch-mode; throws InputError.
    static BatchingRoundRobin from_options(const QueueOptionValues& o);

    void push(Packet& p);
    // The next packet to serve; at least one packet must be queued.
    Packet& pop();
    // Unlinks the head of `flow_id`'s queue (which must be non-empty), for push-out.
    Packet& remove_head(uint32_t flow_id);

    // Packets of the flow that push-out may take and a per-flow cap counts: all of them, except a
    // committed batch in service.
    size_t queued(uint32_t flow_id) const {
        return flow_id < queues_.size() ? queues_[flow_id].size() : 0;
    }
    // The backlogged flow with the most packets, counting `arriving` as one more packet of its
    // flow; FlowList::kNone when nothing is backlogged and `arriving` is the only candidate.
    uint32_t longest(const Packet& arriving) const;
    uint32_t batch() const { return batch_; }

private:
    void start_visit();
    void end_visit();

    uint32_t batch_;
    BatchMode mode_;
    std::vector<PacketFifo> queues_;
    PacketFifo committed_;                // committed mode: the batch of the flow in service
    FlowList waiting_;                    // backlogged flows not in service, in visit order
    uint32_t current_ = FlowList::kNone;  // the flow being visited
    uint32_t remaining_ = 0;              // packets its visit may still serve
};

}  // namespace corelink
