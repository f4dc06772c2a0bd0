// Start-time fair queueing (Goyal, Vin & Cheng 1997; docs/algorithms.md §6.1) on one named
// resource: F = S + s_r / w. In a pipeline this is the single-resource fair queueing baseline of
// §5.8 (the other stages are FIFO); as a plain queue it is ordinary SFQ on p.cost.
#pragma once

#include "queues/queue_registry.h"
#include "queues/start_time_fair_queue.h"

namespace corelink {

class SfqQueue : public StartTimeFairQueue {
public:
    SfqQueue(EventList& events, PacketPool& pool, QueueLimits limits, size_t resource)
        : StartTimeFairQueue(events, pool, limits), resource_(resource) {}

    std::string_view kind() const override { return "sfq"; }
    static QueueType type();
    void attach_pipeline(size_t resources, DemandEstimate mode) override;
    size_t resource() const { return resource_; }

protected:
    SimTime charge(const Packet& p) const override;
    // The resource whose demand tags use; 0 as a plain queue (the only one).
    size_t tagged() const { return attached() ? resource_ : 0; }

    size_t resource_;
};

}  // namespace corelink
