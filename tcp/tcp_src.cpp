#include "tcp_src.h"

#include <algorithm>
#include <cassert>
#include <new>

#include "tcp/tcp_sink.h"

namespace corelink {

TcpConfig TcpSrc::effective(TcpConfig cfg) {
    // DCTCP's reaction lives in the SACK handler and needs ECN-capable packets.
    if (cfg.dctcp) {
        cfg.sack = true;
        cfg.ecn = true;
    }
    return cfg;
}

TcpSrc::Cold* TcpSrc::make_cold(const TcpConfig& cfg, ColdSlot* slot) {
    if (slot == nullptr) return new Cold(cfg);
    Cold* const cold = ::new (static_cast<void*>(slot->bytes)) Cold(cfg);
    cold->in_slot = true;
    return cold;
}

void TcpSrc::ColdDelete::operator()(Cold* cold) const {
    if (cold->in_slot)
        cold->~Cold();
    else
        delete cold;
}

TcpSrc::TcpSrc(Simulation& sim, uint32_t flow_id, TcpConfig cfg, ColdSlot* cold_slot)
    : sim_(sim),
      cfg_(effective(cfg), flow_id),
      cwnd_(static_cast<double>(cfg.initial_window_pkts) * cfg.mss_bytes),
      ssthresh_(cfg.initial_ssthresh_pkts * cfg.mss_bytes),
      rto_(cfg.initial_rto),
      rtx_timer_(sim.events(), *this, kRetransmitTimer),
      cold_(make_cold(effective(cfg), cold_slot)) {
    assert(cfg.mss_bytes > 0 && cfg.initial_window_pkts > 0);
}

void TcpSrc::connect(const Route& data_route, TcpSink& sink, SimTime start_time) {
    assert(start_time >= sim_.now());
    data_route_ = &data_route;
    cold_->sink = &sink;
    // The handshake: the receiver learns delayed ACKs and the ECN echo mode.
    sink.open(cold_->config);
    sim_.events().schedule_at(start_time, *this, kStart);
}

void TcpSrc::enable_cwnd_trace(SimTime min_interval) {
    trace_enabled_ = true;
    cold_->trace_interval = min_interval;
}

void TcpSrc::handle_event(uint32_t tag) {
    switch (tag) {
        case kStart:
            started_ = true;
            if (trace_enabled_) trace_cwnd(false);
            send_new_data();
            break;
        case kRetransmitTimer: on_timeout(); break;
        default: assert(false && "unknown TcpSrc event");
    }
}

void TcpSrc::receive(Packet& ack) {
    // Nearly every ACK ends in a send on the data route, whose line is cold when there are many
    // flows; fetching it now overlaps the miss with the ACK's processing.
    __builtin_prefetch(data_route_);
    if (cfg_.sack) {
        __builtin_prefetch(cold_.get());  // the scoreboard
        receive_sack(ack);
        return;
    }
    const uint64_t ackno = ack.ackno;
    const SimTime echoed = ack.sent_time;
    const bool ecn_echo = ack.has(pkt_flags::kEcnEcho);
    sim_.pool().release(ack);
    if (finished_) return;

    // Timestamp echoes make every sample unambiguous, so sample on every ACK and skip Karn's
    // rule; a sample also ends any backoff [docs/algorithms.md §3 "RTO"; RFC 6298 §5.7].
    update_rto(sim_.now() - echoed);

    // An ECN echo halves the window like a loss but retransmits nothing, at most once per
    // window of data [RFC 3168 §6.1.2], and not inside a window already reduced by a loss. The
    // ACK that carries it does not also grow the window.
    const bool ecn_cut = ecn_echo && cfg_.ecn && !in_fast_recovery_ &&
                         last_acked_ >= ecn_recover_ && last_acked_ >= recover_;
    if (ecn_cut) on_ecn_echo();

    if (ackno > last_acked_) {
        if (timeout_probe_) resolve_timeout_probe(echoed);
        on_new_ack(ackno, !ecn_cut);
        if (finished_) return;
    } else if (ackno == last_acked_ && highest_ever_sent_ > last_acked_ &&
               echoed >= dupack_horizon_) {
        on_dup_ack();
    }
    send_new_data();
    if (trace_enabled_) trace_cwnd(false);
}

// Inlined into receive(), its only caller: nearly every ACK advances the cumulative ACK.
[[gnu::always_inline]] inline void TcpSrc::on_new_ack(uint64_t ackno, bool grow) {
    const uint64_t acked = ackno - last_acked_;
    last_acked_ = ackno;
    // After a go-back-N the sink's cumulative ACK can jump over data it had buffered: never
    // resend what it already holds. Everything go-back-N sent before this moment lies below the
    // new ACK, so a duplicate ACK echoing an earlier send time was caused by an unnecessary
    // retransmission, not by a new hole: ignore those, or they would trigger a spurious fast
    // retransmit (the problem RFC 6582 §4 heuristics address; this is its timestamp variant).
    if (highest_sent_ < last_acked_) {
        highest_sent_ = last_acked_;
        dupack_horizon_ = sim_.now();
    }

    if (finish_if_all_acked()) return;

    const double mss_d = mss();
    if (in_fast_recovery_) {
        if (ackno >= recover_) {
            // Full ACK [RFC 6582 §3.2 step 3; htsim: min(ssthresh, FlightSize + mss)].
            const double flight = static_cast<double>(highest_sent_ - last_acked_);
            cwnd_ = std::min(ssthresh_, flight + mss_d);
            in_fast_recovery_ = false;
            dupacks_ = 0;
            restart_timer();
        } else {
            // Partial ACK [RFC 6582 §3.2 step 4]: the next hole is lost too; resend it now rather
            // than waiting for dupacks, and deflate by what was acked, plus one mss (htsim).
            send_packet(last_acked_ + 1, true);
            cwnd_ = std::max(cwnd_ - static_cast<double>(acked) + mss_d, mss_d);
            // "Impatient" variant: only the first partial ACK restarts the timer, so a burst of
            // many losses falls back to a timeout and go-back-N instead of one hole per RTT.
            if (!partial_ack_seen_) {
                partial_ack_seen_ = true;
                restart_timer();
            }
        }
        return;
    }

    dupacks_ = 0;
    restart_timer();
    if (grow) grow_window(acked);
}

void TcpSrc::finish() {
    finished_ = true;
    cold_->finish_time = sim_.now();
    in_fast_recovery_ = false;
    rtx_timer_.cancel();
}

void TcpSrc::grow_window(uint64_t acked) {
    if (cwnd_ < ssthresh_) {
        // Slow start: at most one mss of credit per ACK, not beyond ssthresh [RFC 5681 §3.1];
        // two when the receiver delays ACKs, so it still doubles per RTT [RFC 3465 §2.3, L = 2].
        const uint64_t credit = cfg_.delayed_ack ? 2ULL * mss() : mss();
        cwnd_ = std::min(cwnd_ + static_cast<double>(std::min<uint64_t>(acked, credit)), ssthresh_);
    } else {
        cwnd_ += ca_increase_bytes(acked);
    }
}

void TcpSrc::on_dup_ack() {
    ++dupacks_;
    if (in_fast_recovery_) {
        cwnd_ += mss();  // window inflation: one more packet has left the network
        return;
    }
    // Only the third dupack, and not while data sent before a timeout is still unacknowledged:
    // RFC 6582 forbids fast retransmits triggered by go-back-N duplicates.
    if (dupacks_ != 3 || last_acked_ < recover_) return;
    ssthresh_ = loss_ssthresh_bytes();
    recover_ = highest_sent_;
    in_fast_recovery_ = true;
    partial_ack_seen_ = false;
    ++fast_recoveries_;
    cwr_pending_ = true;
    send_packet(last_acked_ + 1, true);
    cwnd_ = ssthresh_ + 3.0 * mss();
    if (trace_enabled_) trace_cwnd(true);
}

void TcpSrc::on_ecn_echo() {
    ssthresh_ = loss_ssthresh_bytes();
    cwnd_ = ssthresh_;
    ecn_recover_ = highest_sent_;
    ++ecn_reductions_;
    cwr_pending_ = true;
    if (trace_enabled_) trace_cwnd(true);
}

void TcpSrc::on_timeout() {
    if (finished_ || last_acked_ >= highest_ever_sent_) return;
    ++timeouts_;
    if (!timeout_probe_) {
        timeout_probe_ = true;
        timeout_probe_time_ = sim_.now();
    }
    // [docs/algorithms.md §3 "On expiry"; RFC 6298 §5.4-5.6]. A timeout inside fast recovery ends
    // the same loss episode: ssthresh was already halved when it began, and halving the window that
    // dupacks inflated since (thousands of packets after a slow-start overshoot) would set
    // ssthresh far above the path's capacity and repeat the overshoot. One reduction per episode
    // (RFC 5681 §3.1 computes it from FlightSize, not from an inflated window).
    if (!in_fast_recovery_) ssthresh_ = loss_ssthresh_bytes();
    cwnd_ = mss();
    recover_ = highest_ever_sent_;
    in_fast_recovery_ = false;
    dupacks_ = 0;
    cwr_pending_ = true;
    highest_sent_ = last_acked_;         // go back N
    rto_ = min(rto_ * 2, cfg_.max_rto);  // holds until the next RTT sample
    if (trace_enabled_) trace_cwnd(true);
    if (cfg_.sack) {
        // RFC 6675 §5.1: recovery ends; go-back-N resends only what the receiver has not SACKed.
        cold_->high_rxt = last_acked_;
        send_new_data_sack();
    } else {
        send_new_data();
    }
}

void TcpSrc::resolve_timeout_probe(SimTime echoed) {
    // The first ACK past the timed-out segment: it was caused by the segment's arrival. An echo
    // older than the timeout means a transmission sent before it arrived [RFC 3522 §2].
    timeout_probe_ = false;
    if (echoed < timeout_probe_time_) ++spurious_timeouts_;
}

double TcpSrc::ca_increase_bytes(uint64_t /*acked_bytes*/) {
    const double mss_d = mss();
    return mss_d * mss_d / cwnd_;
}

double TcpSrc::loss_ssthresh_bytes() {
    return std::max(cwnd_ / 2.0, 2.0 * mss());
}

void TcpSrc::send_new_data() {
    if (!started_) return;
    // The limit is re-read: an MPTCP subflow's can drop while it sends (limit_new_data).
    while (highest_sent_ < cfg_.flow_limit_bytes &&
           static_cast<double>(highest_sent_ + mss() - last_acked_) <= cwnd_) {
        const uint64_t seqno = highest_sent_ + 1;
        send_packet(seqno, seqno <= highest_ever_sent_);
    }
}

void TcpSrc::send_packet(uint64_t seqno, bool is_retransmission) {
    uint32_t len = mss();
    if (cfg_.flow_limit_bytes - seqno + 1 < len) {
        len = static_cast<uint32_t>(cfg_.flow_limit_bytes - seqno + 1);
    }
    const uint64_t last = seqno + len - 1;
    if (last > highest_sent_) highest_sent_ = last;
    if (last > highest_ever_sent_) highest_ever_sent_ = last;
    ++packets_sent_;
    if (is_retransmission) ++retransmissions_;
    // RFC 6298 §5.1: start the timer when data is sent and it is not running.
    if (!rtx_timer_.armed()) rtx_timer_.arm_in(rto_);

    Packet& p = sim_.pool().alloc();
    p.kind = PacketKind::Data;
    p.flow_id = cfg_.flow_id;
    p.size_bytes = len;
    p.seqno = seqno;
    p.sent_time = sim_.now();
    if (cfg_.ecn) {
        p.flags = pkt_flags::kEcnCapable;
        // RFC 3168 §6.1.2: the first new data packet after any window reduction carries CWR.
        if (cwr_pending_ && !is_retransmission) {
            p.flags |= pkt_flags::kCwr;
            cwr_pending_ = false;
        }
    }
    if (cfg_.sack) p.flags |= pkt_flags::kSackOk;
    stamp_data_packet(p, is_retransmission);
    p.send_on(*data_route_);
}

void TcpSrc::restart_timer() {
    // RFC 6298 §5.2-5.3. Moving the deadline later is O(1) (see Timer), so this costs no heap
    // entry per ACK.
    if (last_acked_ >= highest_sent_)
        rtx_timer_.cancel();
    else
        rtx_timer_.arm_in(rto_);
}

void TcpSrc::limit_new_data(uint64_t bytes) {
    // Data already sent keeps the lengths it was sent with (only the limit makes a packet short,
    // and a connection's only short piece is its last), so only the next new packet can be short.
    cfg_.flow_limit_bytes = highest_ever_sent_ + bytes;
    // Nothing more to send and nothing unacknowledged: no ACK will come to finish the flow.
    if (!finished_) finish_if_all_acked();
}

void TcpSrc::trace_cwnd(bool loss_event) {
    const SimTime now = sim_.now();
    if (!loss_event && !cold_->cwnd_trace.empty() &&
        now - cold_->last_trace < cold_->trace_interval)
        return;
    cold_->last_trace = now;
    cold_->cwnd_trace.push_back(CwndSample{now, cwnd_});
}

}  // namespace corelink
