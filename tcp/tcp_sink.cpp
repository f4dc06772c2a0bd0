#include "tcp_sink.h"

#include <algorithm>
#include <cassert>

namespace corelink {

void TcpSink::receive(Packet& p) {
    assert(ack_route_ && "TcpSink needs an ACK route before data arrives");
    ++packets_received_;
    const uint64_t first = p.seqno;
    const uint64_t last = p.seqno + p.size_bytes - 1;

    if (last <= cumulative_ack_) {
        ++duplicates_received_;
    } else if (first <= cumulative_ack_ + 1) {
        cumulative_ack_ = last;
        if (!out_of_order_.empty()) advance_over_buffered();
    } else if (!buffer_out_of_order(first, last)) {
        ++duplicates_received_;
    }

    Packet& ack = sim_.pool().alloc();
    ack.kind = PacketKind::Ack;
    ack.flow_id = p.flow_id;
    ack.subflow = p.subflow;
    ack.size_bytes = ack_bytes_;
    ack.seqno = p.seqno;  // which packet triggered this ACK (diagnostics only)
    ack.ackno = cumulative_ack_;
    ack.data_seq = p.data_seq;
    ack.sent_time = p.sent_time;  // timestamp echo [ALGORITHMS §3: sample on every ACK]
    if (p.has(pkt_flags::kEcnCe)) ack.flags = pkt_flags::kEcnEcho;
    sim_.pool().release(p);
    ack.send_on(*ack_route_);
}

bool TcpSink::buffer_out_of_order(uint64_t first, uint64_t last) {
    if (out_of_order_.empty() || first > out_of_order_.back().first) {
        out_of_order_.push_back(Segment{first, last});
        return true;
    }
    auto it = std::lower_bound(out_of_order_.begin(), out_of_order_.end(), first,
                               [](const Segment& s, uint64_t f) { return s.first < f; });
    if (it != out_of_order_.end() && it->first == first) return false;
    out_of_order_.insert(it, Segment{first, last});
    return true;
}

void TcpSink::advance_over_buffered() {
    auto it = out_of_order_.begin();
    while (it != out_of_order_.end() && it->first <= cumulative_ack_ + 1) {
        cumulative_ack_ = std::max(cumulative_ack_, it->last);
        ++it;
    }
    out_of_order_.erase(out_of_order_.begin(), it);
}

}  // namespace corelink
