// DRFQ, multi-resource fair queueing (Ghodsi et al., SIGCOMM 2012; docs/algorithms.md §5.4-5.5):
// flows get equal (weighted) shares of their dominant resource. Memoryless by default: a packet is
// charged its largest per-resource demand. Dovetailing keeps a finish tag per resource, so a flow
// alternating CPU-heavy and link-heavy packets is charged its average demand on each.
//
// Bounded dovetailing [R, reconstructed; DRFQ §5 was not available]: per resource j,
//   S_j = max(V, F_j, max_j' F_j' - delta);  F_j = S_j + s_j / w;  S = max_j S_j.
// delta = 0 is memoryless exactly, delta = infinity is dovetailing.
#pragma once

#include "queues/queue_registry.h"
#include "queues/start_time_fair_queue.h"

namespace corelink {

class DrfqQueue final : public StartTimeFairQueue {
public:
    // delta: the dovetailing bound in virtual time; SimTime::never() = unbounded dovetailing.
    DrfqQueue(EventList& events, PacketPool& pool, QueueLimits limits, SimTime delta)
        : StartTimeFairQueue(events, pool, limits), delta_(delta) {}

    std::string_view kind() const override { return "drfq"; }
    static QueueType type();
    SimTime delta() const { return delta_; }

private:
    SimTime tag(const Packet& p, SimTime v) override;
    SimTime charge(const Packet& p) const override;

    SimTime delta_;
};

}  // namespace corelink
