// The TCP NewReno sender, as htsim-style simulators implement it (docs/algorithms.md §3; RFC 5681,
// RFC 6582, RFC 6298). Sequence numbers are bytes starting at 1; an ACK carries the highest byte
// received in order. Every data packet is mss_bytes on the wire and carries mss_bytes of sequence
// space (the last packet of a finite flow may be shorter).
//
// With TcpConfig::sack the same sender recovers from loss as RFC 6675 says instead (scoreboard,
// pipe, NextSeg), and with TcpConfig::dctcp it reacts to ECN as DCTCP (RFC 8257). Those run in
// their own ACK handler, so the NewReno path pays one branch on the config per ACK and no more.
//
// MPTCP (docs/algorithms.md §4) couples only the congestion-avoidance increase and the loss
// decrease; a subclass overrides ca_increase_bytes() and loss_ssthresh_bytes(). Slow start, fast
// retransmit, SACK recovery, DCTCP's cut and the RTO stay per subflow, here.
//
// Routes must contain a delay element (a Pipe or a Server): an ACK arriving synchronously inside
// send() would re-enter the sender.
#pragma once

#include <cassert>
#include <cstdint>
#include <memory>
#include <vector>

#include "src/event_list.h"
#include "src/packet.h"
#include "src/simulation.h"
#include "tcp/dctcp.h"
#include "tcp/sack_scoreboard.h"
#include "tcp/tcp_config.h"

namespace corelink {

class TcpSink;

struct CwndSample {
    SimTime time;
    double cwnd_bytes;
};

class alignas(64) TcpSrc : public PacketSink {
public:
    // Raw storage for one sender's cold block (defined below). A topology with many senders can
    // keep their cold blocks in one ObjectArray of these and pass each sender its slot, which it
    // then owns until it is destroyed (the slot must outlive the sender); without a slot, the
    // sender allocates its cold block on its own.
    struct ColdSlot;
    TcpSrc(Simulation& sim, uint32_t flow_id, TcpConfig cfg, ColdSlot* cold_slot = nullptr);
    TcpSrc(const TcpSrc&) = delete;
    TcpSrc& operator=(const TcpSrc&) = delete;

    // `data_route` ends at `sink`; the sink's ACK route (ending here) is wired by the topology.
    // The flow sends its initial window at `start_time`.
    void connect(const Route& data_route, TcpSink& sink, SimTime start_time);

    // An ACK arrives.
    void receive(Packet& ack) override;

    // Records (time, cwnd) at most every `min_interval`, and at every loss event (fast
    // retransmit, timeout, ECN reduction) regardless.
    void enable_cwnd_trace(SimTime min_interval);
    const std::vector<CwndSample>& cwnd_trace() const { return cold_->cwnd_trace; }

    uint32_t flow_id() const { return cfg_.flow_id; }
    const TcpConfig& config() const { return cold_->config; }
    TcpSink* sink() const { return cold_->sink; }
    // The route data packets take (set by connect()); trace points insert taps into it.
    const Route* data_route() const { return data_route_; }
    // Moves the flow onto another route with the same hops (a copy carrying a trace tap, when
    // the original is shared with other flows). Only before the flow sends: packets in flight
    // hold indices into their route.
    void set_data_route(const Route& data_route) { data_route_ = &data_route; }
    double cwnd_bytes() const { return cwnd_; }
    double ssthresh_bytes() const { return ssthresh_; }
    SimTime srtt() const { return srtt_; }
    SimTime rto() const { return rto_; }
    bool in_fast_recovery() const { return in_fast_recovery_; }
    uint64_t last_acked() const { return last_acked_; }
    uint64_t highest_sent() const { return highest_sent_; }
    // Bytes acknowledged cumulatively (= the cumulative ACK, as bytes count from 1).
    uint64_t bytes_acked() const { return last_acked_; }
    uint64_t packets_sent() const { return packets_sent_; }
    uint64_t retransmissions() const { return retransmissions_; }
    uint64_t timeouts() const { return timeouts_; }
    // Timeouts whose segment had not been lost, by RFC 3522's test: the first ACK that covers the
    // retransmitted segment echoes a send time from before the timeout, so an earlier transmission
    // got through (its ACK was late or lost). Back-to-back timeouts before that ACK count once.
    // Detection only: the sender does not undo the window reduction.
    uint64_t spurious_timeouts() const { return spurious_timeouts_; }
    uint64_t fast_recoveries() const { return fast_recoveries_; }
    uint64_t ecn_reductions() const { return ecn_reductions_; }
    // SACK: the scoreboard, and RFC 6675's HighRxt (highest byte retransmitted in this recovery).
    const SackScoreboard& scoreboard() const { return cold_->scoreboard; }
    uint64_t high_rxt() const { return cold_->high_rxt; }
    // SACK: RFC 6675's pipe (bytes in flight, by SetPipe) as it stands now.
    uint64_t pipe_bytes() const;
    // DCTCP: the current estimate of the fraction of marked bytes.
    double dctcp_alpha() const { return cold_->dctcp.alpha(); }
    // A finite flow is finished once all its bytes are acked; never for a long-lived flow.
    bool finished() const { return finished_; }
    SimTime finish_time() const { return cold_->finish_time; }

protected:
    // Congestion-avoidance growth for one ACK that newly acknowledged `acked_bytes`.
    // Reno: mss²/cwnd per ACK, about one mss per RTT [RFC 5681 §3.1].
    virtual double ca_increase_bytes(uint64_t acked_bytes);
    // The new ssthresh after a loss (fast retransmit, timeout) or an ECN echo.
    // htsim: max(cwnd/2, 2 mss), cwnd in place of RFC 5681's FlightSize [docs/algorithms.md §3].
    virtual double loss_ssthresh_bytes();
    // Called on every data packet just before it leaves, after its TCP fields are set. MPTCP
    // stamps the connection-level sequence number (Packet::data_seq) here; a retransmission must
    // carry the mapping of its first transmission [RFC 8684 §3.3].
    virtual void stamp_data_packet(Packet& /*p*/, bool /*is_retransmission*/) {}

    uint32_t mss() const { return cfg_.mss_bytes; }
    Simulation& sim() { return sim_; }

    // For a sender whose amount of data is decided while it runs (an MPTCP subflow whose
    // connection is running out of data): from now on it sends at most `bytes` of new data, the
    // last piece possibly shorter than an mss, and it is finished once everything it sent is
    // acknowledged (at once, if that is already so).
    void limit_new_data(uint64_t bytes);

private:
    enum Tag : uint32_t { kStart = 0, kRetransmitTimer = 1 };

    void handle_event(uint32_t tag) override;
    void on_new_ack(uint64_t ackno, bool grow);
    void grow_window(uint64_t acked);
    void on_dup_ack();
    void on_ecn_echo();
    void on_timeout();
    void resolve_timeout_probe(SimTime echoed);
    void update_rto(SimTime sample);
    void send_new_data();
    void send_packet(uint64_t seqno, bool is_retransmission);
    void restart_timer();
    void trace_cwnd(bool loss_event);
    // A finite flow is done once the cumulative ACK covers all its bytes: it records when, stops
    // its timer and ignores later ACKs. Called after last_acked_ advances, by both ACK handlers;
    // returns true if the flow is done (the caller then stops handling the ACK).
    bool finish_if_all_acked() {
        if (last_acked_ < cfg_.flow_limit_bytes) return false;
        finish();
        return true;
    }
    void finish();

    // SACK and DCTCP (tcp_src_sack.cpp).
    void receive_sack(Packet& ack);
    void sack_enter_recovery();
    void sack_send_in_recovery();
    bool sack_next_segment(uint64_t lost_end);
    void sack_retransmit(uint64_t seg);
    void send_new_data_sack();
    void on_dctcp_cut();
    uint64_t pipe_segments(uint64_t lost_end) const;
    uint64_t seg_of(uint64_t byte) const { return (byte - 1) / mss(); }
    uint64_t seg_last_byte(uint64_t seg) const;
    uint64_t flow_limit() const { return cfg_.flow_limit_bytes; }

    // The parameters the per-ACK and per-send paths read, copied out of the TcpConfig so they sit
    // beside the window state (the full TcpConfig is cold: config()).
    struct HotConfig {
        HotConfig(const TcpConfig& c, uint32_t flow)
            : flow_limit_bytes(c.flow_size_bytes > 0 ? c.flow_size_bytes : UINT64_MAX),
              min_rto(c.min_rto),
              max_rto(c.max_rto),
              rto_granularity(c.rto_granularity),
              mss_bytes(c.mss_bytes),
              dupthresh(c.dupthresh),
              flow_id(flow),
              ecn(c.ecn),
              sack(c.sack),
              dctcp(c.dctcp),
              delayed_ack(c.delayed_ack) {}
        uint64_t flow_limit_bytes;  // the last byte this flow sends; UINT64_MAX: long-lived
        SimTime min_rto;
        SimTime max_rto;
        SimTime rto_granularity;
        uint32_t mss_bytes;
        uint32_t dupthresh;
        uint32_t flow_id;  // not a parameter, but as constant, and in the 4 bytes otherwise padding
        bool ecn;
        bool sack;
        bool dctcp;
        bool delayed_ack;
    };
    static TcpConfig effective(TcpConfig cfg);

    // Hot: what an ACK and the sends it triggers touch, in exactly the object's first four cache
    // lines (256 bytes; the class is cache-line aligned, and a pipe prefetches those four lines of
    // the endpoint a packet goes to next). With thousands of flows a flow's state has usually left
    // the cache when its next ACK arrives, so every line here is a miss per ACK.
    Simulation& sim_;
    const Route* data_route_ = nullptr;
    HotConfig cfg_;
    uint32_t dupacks_ = 0;
    bool in_fast_recovery_ = false;
    bool partial_ack_seen_ = false;  // RFC 6582 impatient: re-arm the timer on the first only
    bool cwr_pending_ = false;       // the window was reduced: the next new data packet carries CWR
    bool have_rtt_sample_ = false;
    bool finished_ = false;
    bool trace_enabled_ = false;
    bool started_ = false;
    bool timeout_probe_ = false;  // a timeout awaits its verdict (spurious_timeouts())

    // Window state, in bytes [docs/algorithms.md §3 "State per sender"].
    double cwnd_;
    double ssthresh_;
    uint64_t last_acked_ = 0;    // highest cumulative ACK
    uint64_t highest_sent_ = 0;  // highest byte sent; rewound by go-back-N after a timeout
    uint64_t highest_ever_sent_ = 0;
    uint64_t recover_ = 0;      // RFC 6582 "recover"
    uint64_t ecn_recover_ = 0;  // ECN reacts at most once per window [RFC 3168 §6.1.2]
    SimTime dupack_horizon_ = SimTime::zero();  // dupacks echoing earlier send times are ignored

    // RTT estimator [RFC 6298]; integer picoseconds keep the arithmetic exact.
    SimTime srtt_ = SimTime::zero();
    SimTime rttvar_ = SimTime::zero();
    SimTime rto_;

    uint64_t packets_sent_ = 0;
    uint64_t retransmissions_ = 0;
    Timer rtx_timer_;

    // Warm, the line after the hot part: what a retransmit timeout and the first new ACK after it
    // touch besides the hot part. With thousands of flows at 1 Gb/s most flows are in that
    // regime; the event list prefetches this line with the hot ones before a timer fires.
    uint64_t timeouts_ = 0;
    uint64_t spurious_timeouts_ = 0;
    SimTime timeout_probe_time_ = SimTime::zero();  // when the pending timeout fired
    // Counted where a fast recovery begins, on the ACK path. In the cold block it cost a miss on
    // a line nothing else of that ACK touches; with 16,384 flows at 1 Gb/s that one miss was 5%
    // of the run's wall time.
    uint64_t fast_recoveries_ = 0;
    uint64_t ecn_reductions_ = 0;  // likewise, counted on the ACK that carries an ECN echo

    // Cold: configuration, SACK and DCTCP state, rare counters, tracing, in a block of its own,
    // so the sender itself is five lines (320 bytes) and thousands of senders span as few pages
    // and cache lines as their hot state needs. The SACK and DCTCP ACK path fetches the block's
    // first line (scoreboard and HighRxt) when it starts.
    struct Cold {
        // Only a SACK sender (DCTCP's too) uses the scoreboard: the others' has no ring, so a
        // topology of thousands of NewReno senders does not allocate one each at set-up.
        explicit Cold(const TcpConfig& cfg)
            : scoreboard(cfg.sack ? 64 : 0),
              dctcp(cfg.dctcp_g, cfg.dctcp_initial_alpha),
              config(cfg) {}
        // SACK recovery [RFC 6675 §3, §5].
        SackScoreboard scoreboard;
        uint64_t high_rxt = 0;    // HighRxt: highest byte retransmitted in this recovery
        uint64_t rescue_rxt = 0;  // RescueRxt
        DctcpAlpha dctcp;
        TcpConfig config;
        TcpSink* sink = nullptr;
        SimTime finish_time = SimTime::never();
        SimTime trace_interval = SimTime::zero();
        SimTime last_trace = SimTime::zero();
        std::vector<CwndSample> cwnd_trace;
        bool in_slot = false;  // built in a caller's ColdSlot: destroy in place, do not free
    };
    static Cold* make_cold(const TcpConfig& cfg, ColdSlot* slot);
    struct ColdDelete {
        void operator()(Cold* cold) const;
    };
    std::unique_ptr<Cold, ColdDelete> cold_;

public:
    // Cache-line aligned, so a slot's first line is the scoreboard's, as the SACK path assumes
    // when it prefetches that line.
    struct alignas(64) ColdSlot {
        alignas(Cold) unsigned char bytes[sizeof(Cold)];
    };
};
// The layout the comments above and the dumbbell's sender block rely on: four hot lines and the
// warm one, with the data route and its service record in the sixth. A field added where it does
// not fit costs every flow a line, which no behavioural test would notice.
static_assert(sizeof(TcpSrc) == 320, "TcpSrc is five cache lines");

// Inline (both ACK handlers sample the RTT on every ACK): as a call it cost a frame and the
// argument shuffling around the few adds and shifts of RFC 6298 §2.
inline void TcpSrc::update_rto(SimTime sample) {
    // Every value here is a non-negative duration (a sample is now minus an earlier send time),
    // so the divisions by 2, 4 and 8 are done unsigned, as shifts; signed, the compiler has to
    // round negative values toward zero too. The results are the same.
    assert(sample >= SimTime::zero());
    const auto ps = [](SimTime t) { return static_cast<uint64_t>(t.ps()); };
    const auto time = [](uint64_t v) { return SimTime::from_ps(static_cast<int64_t>(v)); };
    if (!have_rtt_sample_) {
        have_rtt_sample_ = true;
        srtt_ = sample;
        rttvar_ = time(ps(sample) / 2);
    } else {
        const SimTime delta = srtt_ > sample ? srtt_ - sample : sample - srtt_;
        rttvar_ = time((ps(rttvar_) * 3 + ps(delta)) / 4);
        srtt_ = time((ps(srtt_) * 7 + ps(sample)) / 8);
    }
    const SimTime rto = srtt_ + max(cfg_.rto_granularity, rttvar_ * 4);
    rto_ = min(max(rto, cfg_.min_rto), cfg_.max_rto);
}

}  // namespace corelink
