// Per-resource fair queueing (DRFQ §4.2 and §8.2.1; docs/algorithms.md §5.8 item 3): an independent
// SFQ at every resource on that resource's demand, with blocking between stages (§5.7). This
// class is the first stage: SFQ on resource 0, its choice gated by the pipeline's blocking rule.
// It asks the pipeline for a fair queue in front of every later resource. As a plain queue it is
// SFQ on p.cost.
#pragma once

#include "queues/queue_registry.h"
#include "queues/sfq_queue.h"

namespace corelink {

class PerResourceFqQueue final : public SfqQueue {
public:
    PerResourceFqQueue(EventList& events, PacketPool& pool, QueueLimits limits)
        : SfqQueue(events, pool, limits, 0) {}

    std::string_view kind() const override { return "per-resource-fq"; }
    static QueueType type();
    bool fair_queue_every_stage() const override { return true; }
};

}  // namespace corelink
