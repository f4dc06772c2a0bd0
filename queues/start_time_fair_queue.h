// The common body of the start-time fair schedulers (sfq, drfq, bottleneck-fair,
// per-resource-fq): per-flow FIFOs served in start-tag order, with the virtual time of
// docs/algorithms.md §5.4. A subclass only says how a packet is tagged (tag) and how much virtual
// time it is charged (charge).
//
// Virtual time V:
//   - attached to a pipeline: the largest start tag among dispatched packets not yet out of the
//     last resource (§5.4). Dispatched start tags never decrease (a new arrival's tag is at
//     least V, and the head chosen is the smallest), so that is the last dispatched tag while
//     anything is in flight; with nothing in flight it is the largest finish tag dispatched
//     (SFQ's end-of-busy-period rule, [D]).
//   - as a plain queue (no completion feedback): the start tag of the packet last handed out,
//     i.e. the packet in service, as in SFQ (§6.1); zero before the first.
#pragma once

#include <array>
#include <vector>

#include "queues/multi_resource_scheduler.h"
#include "queues/start_time_flows.h"
#include "src/queue.h"

namespace corelink {

class StartTimeFairQueue : public Queue, public MultiResourceScheduler {
public:
    StartTimeFairQueue(EventList& events, PacketPool& pool, QueueLimits limits)
        : Queue(events, pool, limits) {}

    void on_finished(const Packet& p) override;
    void set_gate(const FlowGate* gate) override { gate_ = gate; }
    bool can_dispatch() const override { return flows_.has_eligible(gate_); }

    SimTime virtual_time() const { return in_flight_ > 0 ? last_start_ : max_finish_; }
    size_t flow_packets(uint32_t flow) const { return flows_.flow_packets(flow); }

protected:
    // Per-flow tag state a subclass may use: the last finish tag overall and per resource.
    struct FlowTags {
        SimTime finish = SimTime::zero();
        std::array<SimTime, kMaxResources> finish_on{};
    };
    FlowTags& tags_of(uint32_t flow) {
        if (flow >= tags_.size()) tags_.resize(flow + 1);
        return tags_[flow];
    }

    // The start tag of arriving packet p at virtual time v; updates the flow's tag state. The
    // default is SFQ's rule [Goyal et al. 1997; docs/algorithms.md §6.1]: S = max(v, F_prev),
    // F = S + charge(p). DRFQ's dovetailing tags per resource and overrides it.
    virtual SimTime tag(const Packet& p, SimTime v) {
        FlowTags& f = tags_of(p.flow_id);
        const SimTime start = max(v, f.finish);
        f.finish = start + charge(p);
        return start;
    }
    // The virtual time p is charged (its finish tag minus its start tag, or a bound on it).
    virtual SimTime charge(const Packet& p) const = 0;

    Verdict admit(Packet& p) override;
    void store(Packet& p) override;
    Packet& take_next() override;

private:
    StartTimeFlows flows_;
    std::vector<FlowTags> tags_;
    const FlowGate* gate_ = nullptr;
    SimTime last_start_ = SimTime::zero();
    SimTime max_finish_ = SimTime::zero();
    uint64_t in_flight_ = 0;
};

}  // namespace corelink
