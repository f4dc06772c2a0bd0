// Bottleneck fairness (Egi et al., NPC 2009; DRFQ ref. [14]; docs/algorithms.md §5.8 item 2): every
// period, declare the most loaded resource the bottleneck b and fair-queue (SFQ) on s_b. Tags
// already given are kept when b switches; ties go to the previous bottleneck so that exact ties
// do not cause switching. As a plain queue there is one resource and it never switches.
//
// "Most loaded" is measured over the last period in one of the two ways §5.8 allows:
//   - utilisation: the service each resource completed in the period;
//   - queued work: the time-average over the period of the work present at each resource —
//     demand of the packets waiting for it (for resource 0: in the scheduler's input queues) or
//     in service on it.
#pragma once

#include <array>

#include "queues/queue_registry.h"
#include "queues/start_time_fair_queue.h"
#include "src/event_list.h"

namespace corelink {

enum class BottleneckDetect : uint8_t { Utilisation, QueuedWork };

class BottleneckFairQueue final : public StartTimeFairQueue, private EventHandler {
public:
    BottleneckFairQueue(EventList& events, PacketPool& pool, QueueLimits limits, SimTime period,
                        BottleneckDetect detect = BottleneckDetect::Utilisation,
                        double margin = 0.0)
        : StartTimeFairQueue(events, pool, limits),
          period_(period),
          detect_(detect),
          margin_(margin),
          timer_(events, *this) {}

    std::string_view kind() const override { return "bottleneck-fair"; }
    static QueueType type();

    void attach_pipeline(size_t resources, DemandEstimate mode) override;
    void on_resource_done(size_t j, const Packet& p) override;
    void on_dropped(size_t j, const Packet& p) override;

    size_t bottleneck() const { return bottleneck_; }
    uint64_t switches() const { return switches_; }
    BottleneckDetect detect() const { return detect_; }

protected:
    void store(Packet& p) override;

private:
    SimTime charge(const Packet& p) const override;
    void handle_event(uint32_t) override;
    // Queued-work detection: integrate the work present at every resource up to now.
    void integrate();

    SimTime period_;
    BottleneckDetect detect_;
    double margin_;  // relative excess load needed to take over as the bottleneck
    Timer timer_;
    size_t bottleneck_ = 0;
    uint64_t switches_ = 0;
    std::array<SimTime, kMaxResources> window_work_{};  // service completed this period
    std::array<SimTime, kMaxResources> present_{};      // work waiting for or in service on j
    std::array<double, kMaxResources> present_area_{};  // ∫ present dt this period, ps²
    SimTime integrated_to_ = SimTime::zero();
};

}  // namespace corelink
