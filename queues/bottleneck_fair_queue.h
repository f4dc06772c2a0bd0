// Bottleneck fairness (Egi et al., NPC 2009; DRFQ ref. [14]; ALGORITHMS.md §5.8 item 2): every
// period, declare the resource with the highest utilisation over the last period the bottleneck b
// and fair-queue (SFQ) on s_b. Tags already given are kept when b switches; ties go to the
// previous bottleneck so that exact ties do not cause switching. As a plain queue there is one
// resource and it never switches.
#pragma once

#include <array>

#include "queues/queue_registry.h"
#include "queues/start_time_fair_queue.h"
#include "src/event_list.h"

namespace corelink {

class BottleneckFairQueue final : public StartTimeFairQueue, private EventHandler {
public:
    BottleneckFairQueue(EventList& events, PacketPool& pool, QueueLimits limits, SimTime period)
        : StartTimeFairQueue(events, pool, limits), period_(period), timer_(events, *this) {}

    std::string_view kind() const override { return "bottleneck-fair"; }
    static QueueType type();

    void attach_pipeline(size_t resources, DemandEstimate mode) override;
    void on_resource_done(size_t j, const Packet& p) override;

    size_t bottleneck() const { return bottleneck_; }
    uint64_t switches() const { return switches_; }

private:
    SimTime tag(const Packet& p, SimTime v) override;
    SimTime charge(const Packet& p) const override;
    void handle_event(uint32_t) override;

    SimTime period_;
    Timer timer_;
    size_t bottleneck_ = 0;
    uint64_t switches_ = 0;
    std::array<SimTime, kMaxResources> window_work_{};  // service completed this period
};

}  // namespace corelink
