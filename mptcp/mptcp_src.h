// The multipath TCP sender (docs/algorithms.md §4; RFC 6356): one connection, several subflows,
// each a NewReno sender (TcpSrc) with its own route, window, RTT estimator and recovery. The
// connection couples only the congestion-avoidance increase and the loss decrease, through the
// TcpSrc hooks; slow start, fast retransmit and the RTO stay per subflow [RFC 6356 §3].
//
// Data: the connection is long-lived (always has data) or finite. Each new packet a subflow sends
// takes the next mss of the connection's data sequence space (Packet::data_seq); a retransmission
// carries the mapping of its first transmission, as an MPTCP DSS mapping does [RFC 8684 §3.3].
// A finite connection of S bytes hands out pieces until none is left: once less than an mss
// remains, every subflow is told how much new data it may still send (TcpSrc::limit_new_data),
// so whichever subflow sends next takes the short last piece and every other one, including a
// subflow that never sent anything, stops taking data. The connection is finished when every
// piece is acknowledged, i.e. every subflow has finished.
// There is no connection-level flow control or reinjection on another subflow: the receiver's
// buffer is unbounded, as in htsim.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "mptcp/mptcp_cc.h"
#include "mptcp/slot_ring.h"
#include "tcp/tcp_src.h"

namespace corelink {

class MptcpSrc;

class MptcpSubflow final : public TcpSrc {
public:
    MptcpSubflow(Simulation& sim, uint32_t flow_id, TcpConfig cfg, MptcpSrc& conn, size_t index);

    size_t index() const { return index_; }
    // The window this subflow contributes to the coupled sums: ssthresh while in fast recovery
    // (htsim; docs/algorithms.md §3 "htsim-style MPTCP hooks"), cwnd otherwise.
    double coupled_window_bytes() const {
        return in_fast_recovery() ? ssthresh_bytes() : cwnd_bytes();
    }
    // OLIA's l_r [Khalili et al. §4]: max(bytes acked between the last two losses, since the last).
    double olia_bytes_between_losses() const;
    uint64_t losses() const { return losses_; }
    using TcpSrc::limit_new_data;  // the connection's, when it runs out of data

protected:
    double ca_increase_bytes(uint64_t acked_bytes) override;
    double loss_ssthresh_bytes() override;
    void stamp_data_packet(Packet& p, bool is_retransmission) override;

private:
    MptcpSrc& conn_;
    size_t index_;
    SlotRing<uint64_t> data_seq_of_slot_;  // subflow packet slot -> connection data_seq
    uint64_t acked_at_last_loss_ = 0;
    uint64_t acked_between_losses_ = 0;
    uint64_t losses_ = 0;
};

class MptcpSrc {
public:
    // Every subflow uses `cfg` (its flow_size_bytes must be 0: data is the connection's).
    // `data_bytes` > 0: a finite connection of that many bytes; 0: long-lived.
    MptcpSrc(Simulation& sim, MptcpCc cc, TcpConfig cfg, uint64_t data_bytes = 0);
    MptcpSrc(const MptcpSrc&) = delete;
    MptcpSrc& operator=(const MptcpSrc&) = delete;

    // A subflow with its own flow id (queues tell subflows apart by it). Connect it with
    // subflow.connect(route, sink, start) as any TcpSrc; its route ends at an MptcpSink endpoint.
    MptcpSubflow& add_subflow(uint32_t flow_id);

    MptcpCc cc() const { return cc_; }
    size_t subflows() const { return subflows_.size(); }
    MptcpSubflow& subflow(size_t i) { return *subflows_[i]; }
    const MptcpSubflow& subflow(size_t i) const { return *subflows_[i]; }
    // Connection-level data handed to subflows so far (first transmissions only).
    uint64_t data_bytes_sent() const { return next_data_seq_ - 1; }
    // Sum of the subflows' cumulative ACKs: bytes acknowledged at subflow level.
    uint64_t subflow_bytes_acked() const;
    // A finite connection: its size, and whether every byte is handed out and acknowledged
    // (then finish_time() is when the last subflow finished). Never for a long-lived one.
    uint64_t data_bytes() const { return data_bytes_; }
    bool finished() const;
    SimTime finish_time() const;

    // Called by subflows.
    uint64_t take_data_seq(uint32_t len) {
        const uint64_t seq = next_data_seq_;
        next_data_seq_ += len;
        if (data_bytes_ > 0) note_data_left();
        return seq;
    }
    double coupled_increase_bytes(size_t i, uint64_t acked_bytes);
    double coupled_loss_window_bytes(size_t i);

private:
    void refresh_views();
    void note_data_left();
    uint64_t data_left() const { return data_bytes_ - (next_data_seq_ - 1); }

    Simulation& sim_;
    MptcpCc cc_;
    TcpConfig cfg_;
    std::vector<std::unique_ptr<MptcpSubflow>> subflows_;
    std::vector<SubflowView> views_;  // scratch, sized once per subflow: no per-ACK allocation
    uint64_t next_data_seq_ = 1;      // data sequence numbers count bytes from 1, as subflows do
    uint64_t data_bytes_ = 0;         // 0: long-lived
};

}  // namespace corelink
