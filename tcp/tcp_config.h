// Parameters of one TCP sender (docs/algorithms.md §3): NewReno, or NewReno with SACK loss
// recovery, or DCTCP. Sizes are bytes, windows are counted in packets of mss_bytes, times are
// SimTime.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "src/sim_time.h"

namespace corelink {

// The sender variants experiments offer as --tcp.
//   newreno: RFC 5681 / 6582, loss detected by three duplicate ACKs (the htsim sender);
//   sack:    the same window rules, but the receiver reports SACK blocks (RFC 2018) and the
//            sender recovers with RFC 6675 (scoreboard, pipe, holes first) and limited transmit
//            (RFC 3042);
//   dctcp:   sack plus DCTCP's reaction to ECN (RFC 8257): ECN-capable packets, and a window cut
//            by alpha/2 once per window with marks instead of a halving.
enum class TcpVariant : uint8_t { NewReno, Sack, Dctcp };

// "newreno", "sack", "dctcp"; throws InputError naming `flag` otherwise.
TcpVariant parse_tcp_variant(const std::string& flag, const std::string& name);
const char* tcp_variant_name(TcpVariant v);

struct TcpConfig {
    uint32_t mss_bytes = 1500;  // wire size of a data packet, and the sequence space it carries
    uint32_t ack_bytes = 40;    // wire size of an ACK (used by the sink)
    // RFC 6928 / htsim startflow: 10 segments.
    uint32_t initial_window_pkts = 10;
    double initial_ssthresh_pkts = std::numeric_limits<double>::infinity();
    // RFC 6298 says 1 s; Linux and our WAN-scale default use 200 ms. For µs-scale CPU-link runs
    // use >= 10 * base RTT.
    SimTime min_rto = SimTime::from_ms(200);
    SimTime max_rto = SimTime::from_sec(60);
    SimTime initial_rto = SimTime::from_sec(1);  // RFC 6298 §2.1
    SimTime rto_granularity = SimTime::zero();   // G in rto = srtt + max(G, 4 rttvar)
    bool ecn = false;                            // send ECN-capable packets and react to ECN echoes
    uint64_t flow_size_bytes = 0;  // 0 = long-lived; otherwise stop once this many bytes are acked

    // SACK loss recovery (RFC 6675) and limited transmit (RFC 3042) instead of NewReno's.
    bool sack = false;
    uint32_t dupthresh = 3;  // RFC 6675 DupThresh
    // DCTCP (RFC 8257): react to ECN echoes by alpha/2 (needs ecn). g = 1/16 and an initial alpha
    // of 1 (the conservative choice of RFC 8257 §4.2) are the RFC's defaults.
    bool dctcp = false;
    double dctcp_g = 1.0 / 16.0;
    double dctcp_initial_alpha = 1.0;

    // Delayed ACKs at the receiver (RFC 1122 §4.2.3.2, RFC 5681 §4.2): an ACK for at least every
    // second full-sized segment, or when delack_timeout expires after the first unacknowledged
    // one; out-of-order, hole-filling and duplicate data are ACKed at once. Off (an ACK per data
    // packet, as htsim) by default. With them on, slow start credits up to 2 mss per ACK
    // (RFC 3465, L = 2), so one ACK per two segments still doubles the window per RTT.
    bool delayed_ack = false;
    SimTime delack_timeout = SimTime::from_ms(40);  // Linux's minimum delayed-ACK timeout

    // Sets sack, dctcp and ecn for a variant (dctcp turns ecn on; the others leave it as it is).
    void apply(TcpVariant v);
    TcpVariant variant() const {
        return dctcp ? TcpVariant::Dctcp : sack ? TcpVariant::Sack : TcpVariant::NewReno;
    }
};

}  // namespace corelink
