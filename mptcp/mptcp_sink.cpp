#include "mptcp_sink.h"

#include <algorithm>
#include <cassert>

namespace corelink {

void MptcpSubflowSink::receive(Packet& p) {
    conn_.on_data(p.data_seq, p.size_bytes);
    tcp_.receive(p);  // ACKs at subflow level and releases the packet
}

MptcpSink::MptcpSink(Simulation& sim, uint32_t mss_bytes, uint32_t ack_bytes)
    : mss_(mss_bytes), ack_bytes_(ack_bytes), sim_(sim) {
    assert(mss_bytes > 0);
}

MptcpSubflowSink& MptcpSink::add_subflow(const Route& ack_route) {
    subflows_.push_back(std::make_unique<MptcpSubflowSink>(sim_, *this, ack_bytes_));
    subflows_.back()->tcp().set_ack_route(ack_route);
    return *subflows_.back();
}

void MptcpSink::on_data(uint64_t data_seq, uint32_t len) {
    assert(data_seq >= 1 && (data_seq - 1) % mss_ == 0 && len > 0 && len <= mss_);
    const uint64_t slot = (data_seq - 1) / mss_;
    if (slot < pending_.base()) {
        ++duplicate_pieces_;
        return;
    }
    uint32_t& held = pending_.at(slot);
    if (held != 0) {
        ++duplicate_pieces_;
        return;
    }
    held = len;
    ++held_;
    // Deliver the run that is now contiguous with what was delivered before.
    uint64_t next = pending_.base();
    while (pending_.covers(next) && pending_.at(next) != 0) {
        delivered_bytes_ += pending_.at(next);
        --held_;
        ++next;
    }
    pending_.advance_to(next);
    max_held_ = std::max(max_held_, held_);
}

}  // namespace corelink
