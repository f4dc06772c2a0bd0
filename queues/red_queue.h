// RED (Floyd & Jacobson 1993) on one FIFO, exactly as docs/algorithms.md §1: EWMA of occupancy with
// idle-time correction, count-based spacing, optional gentle ramp and byte mode. A mark sets ECN-CE
// on ECN-capable packets and drops the others; the forced region always drops.
#pragma once

#include "queues/queue_registry.h"
#include "queues/red_core.h"
#include "src/queue.h"

namespace corelink {

class RedQueue final : public Queue {
public:
    RedQueue(EventList& events, PacketPool& pool, QueueLimits limits, const RedParams& params,
             SimTime typical_cost, Rng rng)
        : Queue(events, pool, limits), red_(params, typical_cost), rng_(rng) {}

    std::string_view kind() const override { return "red"; }
    static QueueType type();

    const RedEstimator& estimator() const { return red_; }

private:
    Verdict admit(Packet& p) override;
    void store(Packet& p) override { fifo_.push_back(p); }
    Packet& take_next() override { return fifo_.pop_front(); }

    RedEstimator red_;
    RedSpacing spacing_;
    Rng rng_;
    // Byte mode's L_max: the largest cost seen so far. On a CPU a packet's "size" is its cost
    // (docs/algorithms.md, conventions), and no maximum is configured, so we measure it.
    SimTime max_cost_ = SimTime::zero();
    PacketFifo fifo_;
};

}  // namespace corelink
