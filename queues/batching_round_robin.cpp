#include "batching_round_robin.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "src/input_error.h"

namespace corelink {

QueueOption BatchingRoundRobin::batch_option() {
    return {"batch", QueueOption::Type::Int, "1024",
            "packets served from one flow per round-robin visit (1 = per-packet round robin)"};
}

uint32_t BatchingRoundRobin::batch_from_options(const QueueOptionValues& o) {
    const int64_t b = o.get_int("batch");
    if (b < 1 || b > std::numeric_limits<uint32_t>::max())
        throw InputError(fmt::format("--batch: must be an integer >= 1, got {}", b));
    return static_cast<uint32_t>(b);
}

void BatchingRoundRobin::push(Packet& p) {
    const uint32_t f = p.flow_id;
    if (f >= queues_.size()) {
        queues_.resize(static_cast<size_t>(f) + 1);  // a new flow: the only allocation
        waiting_.grow(queues_.size());
    }
    PacketFifo& q = queues_[f];
    q.push_back(p);
    // A flow that becomes backlogged joins the tail. The flow in service is not re-listed, and
    // its arrivals do not extend the snapshot taken when its visit started.
    if (q.size() == 1 && f != current_) waiting_.push_back(f);
}

Packet& BatchingRoundRobin::pop() {
    if (current_ == FlowList::kNone) {
        current_ = waiting_.pop_front();
        remaining_ = static_cast<uint32_t>(std::min<size_t>(batch_, queues_[current_].size()));
    }
    Packet& p = queues_[current_].pop_front();
    if (--remaining_ == 0 || queues_[current_].empty()) end_visit();
    return p;
}

void BatchingRoundRobin::end_visit() {
    if (!queues_[current_].empty()) waiting_.push_back(current_);
    current_ = FlowList::kNone;
    remaining_ = 0;
}

Packet& BatchingRoundRobin::remove_head(uint32_t flow_id) {
    PacketFifo& q = queues_[flow_id];
    Packet& p = q.pop_front();
    if (q.empty()) {
        if (flow_id == current_) {
            current_ = FlowList::kNone;
            remaining_ = 0;
        } else {
            waiting_.remove(flow_id);
        }
    }
    return p;
}

uint32_t BatchingRoundRobin::longest(const Packet& arriving) const {
    auto len = [&](uint32_t f) { return queued(f) + (f == arriving.flow_id ? 1 : 0); };
    uint32_t best = FlowList::kNone;
    size_t best_len = 0;
    auto consider = [&](uint32_t f) {
        if (len(f) > best_len) {
            best = f;
            best_len = len(f);
        }
    };
    // Only backlogged flows can be longest: O(backlogged flows), like fq_codel's fattest-flow scan.
    if (current_ != FlowList::kNone) consider(current_);
    for (uint32_t f = waiting_.front(); f != FlowList::kNone; f = waiting_.next(f)) consider(f);
    consider(arriving.flow_id);
    return best;
}

}  // namespace corelink
