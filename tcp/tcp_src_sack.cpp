// The SACK (RFC 2018, RFC 6675, RFC 3042) and DCTCP (RFC 8257) paths of TcpSrc. They share the
// sender's window, RTT estimator and RTO with NewReno (tcp_src.cpp) and differ in what an ACK
// does: the scoreboard decides what is lost, RFC 6675's pipe (not an inflated window) decides how
// much may be in flight during recovery, and DCTCP cuts by alpha/2 where NewReno halves.
//
// Segments are counted by index: segment i holds bytes [i*mss + 1, (i+1)*mss] (the last one of a
// finite flow may be shorter). A SACK block covers a segment only if it covers all of it.
#include <algorithm>
#include <cassert>

#include "tcp/tcp_src.h"

namespace corelink {

uint64_t TcpSrc::seg_last_byte(uint64_t seg) const {
    return std::min((seg + 1) * mss(), flow_limit());
}

void TcpSrc::receive_sack(Packet& ack) {
    const uint64_t ackno = ack.ackno;
    const SimTime echoed = ack.sent_time;
    const bool ecn_echo = ack.has(pkt_flags::kEcnEcho);
    uint64_t newly_sacked = 0;
    if (!finished_) {
        if (ackno > last_acked_) cold_->scoreboard.advance_to(ackno / mss());
        for (const SackBlock& b : ack.sack_blocks()) {
            const uint64_t first = ackno + b.first_offset;
            const uint64_t last = ackno + b.last_offset;
            // Segments the block covers whole: from the first starting at or after `first` to
            // the last ending at or before `last`.
            const uint64_t lo = (first - 1 + mss() - 1) / mss();
            const uint64_t hi = last == flow_limit() ? seg_of(last) + 1 : last / mss();
            newly_sacked += cold_->scoreboard.mark(lo, hi);
        }
    }
    sim_.pool().release(ack);
    if (finished_) return;

    update_rto(sim_.now() - echoed);

    // ECN: at most one reduction per window of data and none inside loss recovery
    // [RFC 3168 §6.1.2; RFC 8257 §3.3]. DCTCP first folds this ACK into alpha.
    const bool may_cut =
        ecn_echo && !in_fast_recovery_ && last_acked_ >= ecn_recover_ && last_acked_ >= recover_;
    bool ecn_cut = false;
    if (cfg_.dctcp) {
        const uint64_t newly_acked = ackno > last_acked_ ? ackno - last_acked_ : 0;
        cold_->dctcp.on_ack(ackno, newly_acked, ecn_echo, highest_sent_);
        ecn_cut = may_cut;
        if (ecn_cut) on_dctcp_cut();
    } else {
        ecn_cut = may_cut && cfg_.ecn;
        if (ecn_cut) on_ecn_echo();
    }

    if (ackno > last_acked_) {
        if (timeout_probe_) resolve_timeout_probe(echoed);
        const uint64_t acked = ackno - last_acked_;
        last_acked_ = ackno;
        if (highest_sent_ < last_acked_) highest_sent_ = last_acked_;  // jumped over go-back-N
        if (finish_if_all_acked()) return;
        dupacks_ = 0;
        if (in_fast_recovery_) {
            // RFC 6675 §5: recovery ends when the ACK covers RecoveryPoint. cwnd was set to
            // ssthresh on entry and the pipe, not an inflated window, paced recovery.
            if (ackno >= recover_) in_fast_recovery_ = false;
        } else if (!ecn_cut) {
            grow_window(acked);
        }
        restart_timer();  // RFC 6298 §5.3
    } else if (ackno == last_acked_ && newly_sacked > 0) {
        ++dupacks_;  // RFC 6675 §2: a duplicate ACK is one that SACKs new data
    }

    // RFC 6675 §5: recovery starts on DupThresh duplicate ACKs or once IsLost(HighACK + 1), but
    // not before everything sent before a timeout is acknowledged [§5.1].
    if (!in_fast_recovery_ && last_acked_ >= recover_ && highest_sent_ > last_acked_ &&
        (dupacks_ >= cfg_.dupthresh || cold_->scoreboard.sacked_count() >= cfg_.dupthresh)) {
        sack_enter_recovery();
    }
    if (in_fast_recovery_)
        sack_send_in_recovery();
    else
        send_new_data_sack();
    if (trace_enabled_) trace_cwnd(false);
}

void TcpSrc::sack_enter_recovery() {
    // RFC 6675 §5 steps 1-4: RecoveryPoint = HighData, ssthresh = cwnd = the loss window, and
    // retransmit the first segment at once; HighRxt and RescueRxt cover it.
    recover_ = highest_sent_;
    ssthresh_ = loss_ssthresh_bytes();
    cwnd_ = ssthresh_;
    in_fast_recovery_ = true;
    ++fast_recoveries_;
    cwr_pending_ = true;
    cold_->high_rxt = last_acked_;
    sack_retransmit(seg_of(last_acked_ + 1));
    cold_->rescue_rxt = cold_->high_rxt;
    if (trace_enabled_) trace_cwnd(true);
}

uint64_t TcpSrc::pipe_segments(uint64_t lost_end) const {
    // RFC 6675 §4 SetPipe, by segment: an un-SACKed segment counts once if it is not lost
    // (at or above lost_end), and once more if it was retransmitted (at or below HighRxt).
    const uint64_t una = last_acked_ / mss();
    const uint64_t end = (highest_sent_ + mss() - 1) / mss();
    const uint64_t rxt_end = cold_->high_rxt > last_acked_ ? seg_of(cold_->high_rxt) + 1 : una;
    uint64_t pipe = 0;
    for (uint64_t s = una; s < end; ++s) {
        if (cold_->scoreboard.sacked(s)) continue;
        pipe += (s >= lost_end ? 1 : 0) + (s < rxt_end ? 1 : 0);
    }
    return pipe;
}

uint64_t TcpSrc::pipe_bytes() const {
    return pipe_segments(cold_->scoreboard.lost_below(cfg_.dupthresh)) * mss();
}

void TcpSrc::sack_send_in_recovery() {
    // RFC 6675 §5 step (C): while cwnd - pipe >= 1 SMSS, send what NextSeg() returns. Each
    // segment sent adds one to the pipe (a lost hole, new data, or a retransmission of a segment
    // still counted as in flight), so the pipe need not be recomputed inside the loop.
    const uint64_t lost_end = cold_->scoreboard.lost_below(cfg_.dupthresh);
    double pipe = static_cast<double>(pipe_segments(lost_end) * mss());
    while (cwnd_ - pipe >= static_cast<double>(mss())) {
        if (!sack_next_segment(lost_end)) break;
        pipe += mss();
    }
}

void TcpSrc::sack_retransmit(uint64_t seg) {
    send_packet(seg * mss() + 1, true);
    cold_->high_rxt = std::max(cold_->high_rxt, seg_last_byte(seg));
}

bool TcpSrc::sack_next_segment(uint64_t lost_end) {
    // RFC 6675 §4 NextSeg().
    const uint64_t una = last_acked_ / mss();
    const uint64_t rxt_from =
        std::max(una, cold_->high_rxt > last_acked_ ? seg_of(cold_->high_rxt) + 1 : una);
    // (1) the lowest un-SACKed segment above HighRxt that IsLost() says is lost.
    for (uint64_t s = rxt_from; s < lost_end; ++s) {
        if (!cold_->scoreboard.sacked(s)) {
            sack_retransmit(s);
            return true;
        }
    }
    // (2) new data, if there is any.
    if (highest_sent_ < flow_limit()) {
        const uint64_t seqno = highest_sent_ + 1;
        send_packet(seqno, seqno <= highest_ever_sent_);
        return true;
    }
    // (3) the lowest un-SACKed segment above HighRxt below the highest SACKed one.
    for (uint64_t s = std::max(rxt_from, lost_end); s < cold_->scoreboard.sacked_end(); ++s) {
        if (!cold_->scoreboard.sacked(s)) {
            sack_retransmit(s);
            return true;
        }
    }
    // (4) once per recovery, after the cumulative ACK has passed RescueRxt: a rescue
    // retransmission of the highest outstanding un-SACKed segment. HighRxt stays.
    if (last_acked_ > cold_->rescue_rxt) {
        const uint64_t end = (highest_sent_ + mss() - 1) / mss();
        for (uint64_t s = end; s-- > una;) {
            if (cold_->scoreboard.sacked(s)) continue;
            send_packet(s * mss() + 1, true);
            cold_->rescue_rxt = recover_;
            return true;
        }
    }
    return false;
}

void TcpSrc::send_new_data_sack() {
    // Outside recovery: the window limits data outstanding but not SACKed. Before recovery starts
    // at most DupThresh - 1 = 2 segments are SACKed, so this is limited transmit: up to cwnd + 2
    // SMSS outstanding, cwnd unchanged [RFC 3042]. After a timeout, go-back-N skips what the
    // receiver holds: the sender never resends a SACKed segment.
    if (!started_) return;
    while (highest_sent_ < flow_limit()) {  // re-read: it can drop while sending (MPTCP)
        const uint64_t seqno = highest_sent_ + 1;
        const uint64_t seg = seg_of(seqno);
        if (cold_->scoreboard.sacked(seg)) {
            highest_sent_ = seg_last_byte(seg);
            continue;
        }
        uint64_t sacked_below = cold_->scoreboard.sacked_count();
        if (seg < cold_->scoreboard.sacked_end()) {
            sacked_below = 0;
            for (uint64_t s = cold_->scoreboard.base(); s < seg; ++s)
                sacked_below += cold_->scoreboard.sacked(s) ? 1 : 0;
        }
        const double outstanding = static_cast<double>(highest_sent_ + mss() - last_acked_) -
                                   static_cast<double>(sacked_below * mss());
        if (outstanding > cwnd_) break;
        send_packet(seqno, seqno <= highest_ever_sent_);
    }
}

void TcpSrc::on_dctcp_cut() {
    // RFC 8257 §3.3: cwnd = cwnd * (1 - alpha / 2), and ssthresh with it; never below 2 mss, the
    // floor of a loss here too.
    cwnd_ = std::max(cwnd_ * (1.0 - cold_->dctcp.alpha() / 2.0), 2.0 * mss());
    ssthresh_ = cwnd_;
    ecn_recover_ = highest_sent_;
    ++ecn_reductions_;
    cwr_pending_ = true;
    if (trace_enabled_) trace_cwnd(true);
}

}  // namespace corelink
