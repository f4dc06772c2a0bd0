// FIFO scheduling point for a multi-resource pipeline (the no-fairness baseline): one FIFO, with
// the pipeline's per-flow input limit. As a plain queue it is drop-tail.
#pragma once

#include <vector>

#include "queues/multi_resource_scheduler.h"
#include "queues/queue_registry.h"
#include "src/queue.h"

namespace corelink {

class FifoQueue final : public Queue, public MultiResourceScheduler {
public:
    FifoQueue(EventList& events, PacketPool& pool, QueueLimits limits)
        : Queue(events, pool, limits) {}

    std::string_view kind() const override { return "fifo"; }
    static QueueType type();

private:
    Verdict admit(Packet& p) override {
        return flow_packets(p.flow_id) >= flow_limit() ? Verdict::DropFlowLimit : Verdict::Admit;
    }
    void store(Packet& p) override {
        if (p.flow_id >= per_flow_.size()) per_flow_.resize(p.flow_id + 1);
        ++per_flow_[p.flow_id];
        fifo_.push_back(p);
    }
    Packet& take_next() override {
        Packet& p = fifo_.pop_front();
        --per_flow_[p.flow_id];
        return p;
    }
    size_t flow_packets(uint32_t flow) const {
        return flow < per_flow_.size() ? per_flow_[flow] : 0;
    }

    PacketFifo fifo_;
    std::vector<size_t> per_flow_;
};

}  // namespace corelink
