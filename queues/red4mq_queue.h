// RED_4 MQ (docs/algorithms.md §2.4, KBNets §4): one FIFO per flow, served by the batching round
// robin of §2.5, with the RED_4 decision taken at enqueue on the occupancy of all the queues
// together (a single avg). Dropped packets never enter a queue. Buffering: the shared limit (tail
// drop) plus an optional per-flow packet cap.
#pragma once

#include <utility>

#include "queues/batching_round_robin.h"
#include "queues/queue_registry.h"
#include "queues/red4_core.h"
#include "src/queue.h"

namespace corelink {

class Red4MqQueue final : public Queue {
public:
    Red4MqQueue(EventList& events, PacketPool& pool, QueueLimits limits, const RedParams& red,
                const Red4Params& params, SimTime typical_cost, Rng rng, BatchingRoundRobin rr,
                uint64_t flow_cap_pkts)
        : Queue(events, pool, limits),
          policy_(red, params, typical_cost, rng),
          rr_(std::move(rr)),
          flow_cap_pkts_(flow_cap_pkts) {}

    std::string_view kind() const override { return "red4mq"; }
    static QueueType type();

    Red4Policy& policy() { return policy_; }

private:
    Verdict admit(Packet& p) override;
    void store(Packet& p) override {
        rr_.push(p);
        policy_.on_stored(p.flow_id);
    }
    Packet& take_next() override {
        Packet& p = rr_.pop();
        policy_.on_removed(p.flow_id);
        return p;
    }

    Red4Policy policy_;
    BatchingRoundRobin rr_;
    uint64_t flow_cap_pkts_;  // 0 = no per-flow cap
};

}  // namespace corelink
