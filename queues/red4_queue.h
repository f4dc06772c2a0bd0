// RED_4 on one FIFO (docs/algorithms.md §2.3, KBNets §4): RED's probability p is meant for the
// cheapest active flow; flow i is marked with p_i = min(1, p·(ĉ_i/c_min)²), ĉ_i its average
// per-packet cost (service time). Marks set ECN-CE on ECN-capable packets and drop the others; the
// forced region drops. With one flow it makes exactly RED's decisions.
#pragma once

#include "queues/queue_registry.h"
#include "queues/red4_core.h"
#include "src/queue.h"

namespace corelink {

class Red4Queue final : public Queue {
public:
    Red4Queue(EventList& events, PacketPool& pool, QueueLimits limits, const RedParams& red,
              const Red4Params& params, SimTime typical_cost, Rng rng)
        : Queue(events, pool, limits), policy_(red, params, typical_cost, rng) {}

    std::string_view kind() const override { return "red4"; }
    static QueueType type();

    Red4Policy& policy() { return policy_; }

private:
    Verdict admit(Packet& p) override;
    void store(Packet& p) override {
        fifo_.push_back(p);
        policy_.on_stored(p.flow_id);
    }
    Packet& take_next() override {
        Packet& p = fifo_.pop_front();
        policy_.on_removed(p.flow_id);
        return p;
    }

    Red4Policy policy_;
    PacketFifo fifo_;
};

}  // namespace corelink
