#include "batching_round_robin.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "src/input_error.h"

namespace corelink {

std::vector<QueueOption> BatchingRoundRobin::options() {
    return {{"batch", QueueOption::Type::Int, "1024",
             "packets served from one flow per round-robin visit (1 = per-packet round robin)", 1,
             4294967295.0},
            {"batch-mode", QueueOption::Type::String, "snapshot",
             "what one visit serves: snapshot (up to --batch of the packets queued when it "
             "began), committed (the same, taken out of reach of push-out and per-flow caps when "
             "it begins), greedy (up to --batch, arrivals during the visit included)"}};
}

BatchingRoundRobin BatchingRoundRobin::from_options(const QueueOptionValues& o) {
    const int64_t b = o.get_int("batch");
    if (b < 1 || b > std::numeric_limits<uint32_t>::max())
        throw InputError(fmt::format("--batch: must be an integer >= 1, got {}", b));
    const std::string& m = o.get_string("batch-mode");
    BatchMode mode = BatchMode::Snapshot;
    if (m == "committed")
        mode = BatchMode::Committed;
    else if (m == "greedy")
        mode = BatchMode::Greedy;
    else if (m != "snapshot")
        throw InputError(
            fmt::format("--batch-mode: expected snapshot, committed or greedy, got '{}'", m));
    return BatchingRoundRobin(static_cast<uint32_t>(b), mode);
}

void BatchingRoundRobin::push(Packet& p) {
    const uint32_t f = p.flow_id;
    if (f >= queues_.size()) {
        queues_.resize(static_cast<size_t>(f) + 1);  // a new flow: the only allocation
        waiting_.grow(queues_.size());
    }
    PacketFifo& q = queues_[f];
    q.push_back(p);
    // A flow that becomes backlogged joins the tail. The flow in service is not re-listed: when
    // its visit ends it rejoins the tail if anything is left.
    if (q.size() == 1 && f != current_) waiting_.push_back(f);
}

void BatchingRoundRobin::start_visit() {
    current_ = waiting_.pop_front();
    PacketFifo& q = queues_[current_];
    switch (mode_) {
        case BatchMode::Snapshot:
            remaining_ = static_cast<uint32_t>(std::min<size_t>(batch_, q.size()));
            break;
        case BatchMode::Committed:
            remaining_ = static_cast<uint32_t>(std::min<size_t>(batch_, q.size()));
            for (uint32_t i = 0; i < remaining_; ++i) committed_.push_back(q.pop_front());
            break;
        case BatchMode::Greedy: remaining_ = batch_; break;
    }
}

Packet& BatchingRoundRobin::pop() {
    if (current_ == FlowList::kNone) start_visit();
    if (mode_ == BatchMode::Committed) {
        Packet& p = committed_.pop_front();
        if (--remaining_ == 0) end_visit();
        return p;
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
    if (flow_id == current_) {
        // A snapshot visit loses a packet of its snapshot; a greedy visit keeps its budget; a
        // committed batch is not in q, so its visit goes on untouched.
        if (mode_ == BatchMode::Snapshot) --remaining_;
        if (mode_ != BatchMode::Committed && (remaining_ == 0 || q.empty())) end_visit();
    } else if (q.empty()) {
        waiting_.remove(flow_id);
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
