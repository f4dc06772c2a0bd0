// Per-flow FIFOs ordered by start tag: the data structure shared by every start-time fair
// scheduler here (SFQ, DRFQ, bottleneck fairness, per-resource FQ; docs/algorithms.md §6.1).
// A packet's start tag travels in p.due: per-hop scratch, unused while a packet is queued.
//
// Service order: smallest start tag among flow heads, ties to the lower flow id; FIFO within a
// flow (a flow's tags never decrease). Selection is O(log n) with a heap of flow heads; a gated
// selection (per-resource FQ's blocking) sets closed flows aside, O(closed · log n).
#pragma once

#include <cstdint>
#include <vector>

#include "queues/multi_resource_scheduler.h"
#include "src/packet.h"

namespace corelink {

class StartTimeFlows {
public:
    // Appends p (its start tag already in p.due) to its flow's FIFO.
    void push(Packet& p);
    // Removes and returns the head with the smallest start tag among flows the gate leaves open
    // (all flows when gate is null). Precondition: has_eligible(gate).
    Packet& pop(const FlowGate* gate = nullptr);
    bool has_eligible(const FlowGate* gate = nullptr) const;

    bool empty() const { return packets_ == 0; }
    size_t packets() const { return packets_; }
    size_t flow_packets(uint32_t flow) const {
        return flow < flows_.size() ? flows_[flow].size() : 0;
    }

private:
    struct Head {
        int64_t start_ps;
        uint32_t flow;
        bool operator>(const Head& o) const {
            return start_ps != o.start_ps ? start_ps > o.start_ps : flow > o.flow;
        }
    };
    void push_head(uint32_t flow);

    std::vector<PacketFifo> flows_;  // by flow id; grows when a new flow id arrives
    std::vector<Head> heap_;         // min-heap of the heads of non-empty flows
    std::vector<Head> set_aside_;    // scratch for gated pops, kept to avoid reallocating
    size_t packets_ = 0;
};

}  // namespace corelink
