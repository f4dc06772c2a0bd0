#include "mptcp_src.h"

#include <algorithm>
#include <cassert>

namespace corelink {

MptcpSubflow::MptcpSubflow(Simulation& sim, uint32_t flow_id, TcpConfig cfg, MptcpSrc& conn,
                           size_t index)
    : TcpSrc(sim, flow_id, cfg), conn_(conn), index_(index) {}

double MptcpSubflow::olia_bytes_between_losses() const {
    return static_cast<double>(
        std::max(acked_between_losses_, bytes_acked() - acked_at_last_loss_));
}

double MptcpSubflow::ca_increase_bytes(uint64_t acked_bytes) {
    // OLIA's epsilon can be negative: never shrink the window below one mss.
    return std::max(conn_.coupled_increase_bytes(index_, acked_bytes), mss() - cwnd_bytes());
}

double MptcpSubflow::loss_ssthresh_bytes() {
    ++losses_;
    acked_between_losses_ = bytes_acked() - acked_at_last_loss_;
    acked_at_last_loss_ = bytes_acked();
    return conn_.coupled_loss_window_bytes(index_);
}

void MptcpSubflow::stamp_data_packet(Packet& p, bool is_retransmission) {
    // Slots are packet-sized pieces of the subflow's sequence space; everything below the
    // cumulative ACK is never sent again, so its mapping can go.
    const uint64_t slot = (p.seqno - 1) / mss();
    data_seq_of_slot_.advance_to(last_acked() / mss());
    p.subflow = static_cast<uint16_t>(index_);
    uint64_t& mapped = data_seq_of_slot_.at(slot);
    if (!is_retransmission || mapped == 0) mapped = conn_.take_data_seq(p.size_bytes);
    p.data_seq = mapped;
    p.flags |= pkt_flags::kDataSeq;
}

MptcpSrc::MptcpSrc(Simulation& sim, MptcpCc cc, TcpConfig cfg, uint64_t data_bytes)
    : sim_(sim), cc_(cc), cfg_(cfg), data_bytes_(data_bytes) {
    assert(cfg.flow_size_bytes == 0 && "a subflow's data is the connection's");
}

MptcpSubflow& MptcpSrc::add_subflow(uint32_t flow_id) {
    subflows_.push_back(
        std::make_unique<MptcpSubflow>(sim_, flow_id, cfg_, *this, subflows_.size()));
    views_.resize(subflows_.size());
    MptcpSubflow& s = *subflows_.back();
    if (data_bytes_ > 0 && data_left() < cfg_.mss_bytes) s.limit_new_data(data_left());
    return s;
}

void MptcpSrc::note_data_left() {
    assert(next_data_seq_ - 1 <= data_bytes_);
    // Until less than an mss is left every subflow sends full pieces, unlimited. From then on
    // each is told what is left, after every piece taken (at most two: the short one and none).
    const uint64_t left = data_left();
    if (left >= cfg_.mss_bytes) return;
    for (auto& s : subflows_) s->limit_new_data(left);
}

bool MptcpSrc::finished() const {
    if (data_bytes_ == 0 || data_left() > 0) return false;
    return std::all_of(subflows_.begin(), subflows_.end(),
                       [](const auto& s) { return s->finished(); });
}

SimTime MptcpSrc::finish_time() const {
    SimTime t = SimTime::zero();
    for (const auto& s : subflows_) t = max(t, s->finish_time());
    return t;
}

uint64_t MptcpSrc::subflow_bytes_acked() const {
    uint64_t total = 0;
    for (const auto& s : subflows_) total += s->bytes_acked();
    return total;
}

void MptcpSrc::refresh_views() {
    for (size_t k = 0; k < subflows_.size(); ++k) {
        const MptcpSubflow& s = *subflows_[k];
        views_[k].window_bytes = s.coupled_window_bytes();
        views_[k].rtt_s = s.srtt().to_sec();
        views_[k].olia_bytes_between_losses = s.olia_bytes_between_losses();
    }
}

double MptcpSrc::coupled_increase_bytes(size_t i, uint64_t acked_bytes) {
    refresh_views();
    return ca_increase_bytes(cc_, views_, i, acked_bytes, cfg_.mss_bytes);
}

double MptcpSrc::coupled_loss_window_bytes(size_t i) {
    refresh_views();
    return loss_window_bytes(cc_, views_, i, cfg_.mss_bytes);
}

}  // namespace corelink
