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
    highest_slot_ = std::max(highest_slot_, slot);
    // Deliver the run that is now contiguous with what was delivered before.
    uint64_t next = pending_.base();
    while (pending_.covers(next) && pending_.at(next) != 0) {
        const uint32_t piece = pending_.at(next);
        const uint32_t bytes = piece & ~kPreMeasurement;
        delivered_bytes_ += bytes;
        if (piece & kPreMeasurement) pre_measurement_delivered_ += bytes;
        --held_;
        ++next;
    }
    pending_.advance_to(next);
    max_held_ = std::max(max_held_, held_);
}

void MptcpSink::start_measurement() {
    if (held_ == 0) return;
    for (uint64_t s = pending_.base(); s <= highest_slot_; ++s)
        if (pending_.covers(s) && pending_.at(s) != 0) pending_.at(s) |= kPreMeasurement;
}

void MptcpSink::start_measurement_all() {
    start_measurement();
    for (auto& s : subflows_) s->tcp().start_measurement();
}

}  // namespace corelink
