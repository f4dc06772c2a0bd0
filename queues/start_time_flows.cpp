#include "start_time_flows.h"

#include <algorithm>
#include <functional>

namespace corelink {

void StartTimeFlows::push_head(uint32_t flow) {
    heap_.push_back(Head{flows_[flow].front().due.ps(), flow});
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
}

void StartTimeFlows::push(Packet& p) {
    if (p.flow_id >= flows_.size()) {
        flows_.resize(p.flow_id + 1);
        heap_.reserve(flows_.size());
        set_aside_.reserve(flows_.size());
    }
    PacketFifo& q = flows_[p.flow_id];
    const bool was_empty = q.empty();
    q.push_back(p);
    ++packets_;
    if (was_empty) push_head(p.flow_id);
}

bool StartTimeFlows::has_eligible(const FlowGate* gate) const {
    if (!gate) return !heap_.empty();
    return std::any_of(heap_.begin(), heap_.end(),
                       [gate](const Head& h) { return gate->open(h.flow); });
}

Packet& StartTimeFlows::pop(const FlowGate* gate) {
    set_aside_.clear();
    for (;;) {
        std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
        const Head h = heap_.back();
        heap_.pop_back();
        if (!gate || gate->open(h.flow)) {
            Packet& p = flows_[h.flow].pop_front();
            --packets_;
            if (!flows_[h.flow].empty()) push_head(h.flow);
            for (const Head& s : set_aside_) {
                heap_.push_back(s);
                std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
            }
            return p;
        }
        set_aside_.push_back(h);
    }
}

}  // namespace corelink
