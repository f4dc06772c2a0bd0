#include "tcp_sink.h"

#include <algorithm>
#include <cassert>

namespace corelink {

void TcpSink::receive(Packet& p) {
    assert(ack_route_ && "TcpSink needs an ACK route before data arrives");
    ++packets_received_;
    const uint64_t first = p.seqno;
    const uint64_t last = p.seqno + p.size_bytes - 1;

    bool out_of_order = false;
    size_t at = 0;
    if (last <= cumulative_ack_) {
        ++duplicates_received_;
    } else if (first <= cumulative_ack_ + 1) {
        cumulative_ack_ = last;
        if (!intervals_.empty()) advance_over_buffered();
    } else if (buffer_out_of_order(first, last, at)) {
        out_of_order = true;
    } else {
        ++duplicates_received_;
        at = interval_containing(first);
        out_of_order = at < intervals_.size();
    }

    Packet& ack = sim_.pool().alloc();
    ack.kind = PacketKind::Ack;
    ack.flow_id = p.flow_id;
    ack.subflow = p.subflow;
    ack.size_bytes = ack_bytes_;
    ack.seqno = p.seqno;  // which packet triggered this ACK (diagnostics only)
    ack.ackno = cumulative_ack_;
    ack.sent_time = p.sent_time;  // timestamp echo: the sender samples the RTT on every ACK
    if (p.has(pkt_flags::kEcnCe)) ack.flags = pkt_flags::kEcnEcho;
    if (p.has(pkt_flags::kDataSeq)) {  // MPTCP only: a plain TCP packet's second line stays cold
        ack.data_seq = p.data_seq;
        ack.flags |= pkt_flags::kDataSeq;
    }
    if (p.has(pkt_flags::kSackOk) && !intervals_.empty()) fill_sack_blocks(ack, out_of_order, at);
    sim_.pool().release(p);
    ack.send_on(*ack_route_);
}

bool TcpSink::buffer_out_of_order(uint64_t first, uint64_t last, size_t& at) {
    // Common case: at or above the highest interval.
    if (intervals_.empty() || first > intervals_.back().last + 1) {
        intervals_.push_back(Interval{first, last, 1, 0});
        ++held_segments_;
        at = intervals_.size() - 1;
        return true;
    }
    // The first interval that ends at or after first - 1 (touching or overlapping the segment).
    auto it = std::lower_bound(intervals_.begin(), intervals_.end(), first,
                               [](const Interval& s, uint64_t f) { return s.last + 1 < f; });
    if (it != intervals_.end() && it->first <= first && last <= it->last) return false;
    if (it == intervals_.end() || last + 1 < it->first) {
        it = intervals_.insert(it, Interval{first, last, 1, 0});
    } else {
        // Merge the segment and every interval it touches into *it.
        it->first = std::min(it->first, first);
        it->last = std::max(it->last, last);
        ++it->segments;
        auto next = it + 1;
        while (next != intervals_.end() && next->first <= it->last + 1) {
            it->last = std::max(it->last, next->last);
            it->segments += next->segments;
            it->pre_measurement += next->pre_measurement;
            ++next;
        }
        intervals_.erase(it + 1, next);
    }
    ++held_segments_;
    at = static_cast<size_t>(it - intervals_.begin());
    return true;
}

void TcpSink::advance_over_buffered() {
    auto it = intervals_.begin();
    while (it != intervals_.end() && it->first <= cumulative_ack_ + 1) {
        if (it->last > cumulative_ack_) {
            pre_measurement_delivered_ += std::min(it->pre_measurement, it->last - cumulative_ack_);
            cumulative_ack_ = it->last;
        }
        held_segments_ -= it->segments;
        ++it;
    }
    intervals_.erase(intervals_.begin(), it);
}

size_t TcpSink::interval_containing(uint64_t byte) const {
    auto it = std::lower_bound(intervals_.begin(), intervals_.end(), byte,
                               [](const Interval& s, uint64_t b) { return s.last < b; });
    if (it == intervals_.end() || it->first > byte) return intervals_.size();
    return static_cast<size_t>(it - intervals_.begin());
}

void TcpSink::fill_sack_blocks(Packet& ack, bool arrived_out_of_order, size_t arrived_at) {
    // RFC 2018 §4: the first block is the one holding the segment that triggered this ACK
    // (unless it advanced the cumulative ACK); then the most recently reported blocks that are
    // still above the cumulative ACK and not already included.
    std::array<size_t, kMaxSackBlocks> chosen{};
    size_t n = 0;
    if (arrived_out_of_order) chosen[n++] = arrived_at;
    for (uint64_t byte : reported_) {
        if (n == kMaxSackBlocks) break;
        if (byte <= cumulative_ack_) continue;
        const size_t i = interval_containing(byte);
        if (i == intervals_.size()) continue;
        if (std::find(chosen.begin(), chosen.begin() + n, i) != chosen.begin() + n) continue;
        chosen[n++] = i;
    }
    // Nothing recent to repeat (the ACK advanced over every reported block): report the lowest
    // held data, which is where the sender's next hole is.
    for (size_t i = 0; n < kMaxSackBlocks && i < intervals_.size(); ++i)
        if (std::find(chosen.begin(), chosen.begin() + n, i) == chosen.begin() + n) chosen[n++] = i;
    reported_.fill(0);
    for (size_t k = 0; k < n; ++k) {
        const Interval& iv = intervals_[chosen[k]];
        ack.add_sack_block(SackBlock{static_cast<uint32_t>(iv.first - cumulative_ack_),
                                     static_cast<uint32_t>(iv.last - cumulative_ack_)});
        reported_[k] = iv.first;
    }
}

void TcpSink::start_measurement() {
    for (Interval& iv : intervals_) iv.pre_measurement = iv.last - iv.first + 1;
}

}  // namespace corelink
