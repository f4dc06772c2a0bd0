// Parameters of one TCP NewReno sender (docs/algorithms.md §3). Sizes are bytes, windows are
// counted in packets of mss_bytes, times are SimTime.
#pragma once

#include <cstdint>
#include <limits>

#include "src/sim_time.h"

namespace corelink {

struct TcpConfig {
    uint32_t mss_bytes = 1500;  // wire size of a data packet, and the sequence space it carries
    uint32_t ack_bytes = 40;    // wire size of an ACK (used by the sink)
    // RFC 6928 / htsim startflow: 10 segments [ALGORITHMS §3, D].
    uint32_t initial_window_pkts = 10;
    double initial_ssthresh_pkts = std::numeric_limits<double>::infinity();
    // RFC 6298 says 1 s; Linux and our WAN-scale default use 200 ms. For µs-scale CPU-link runs
    // use >= 10 * base RTT [ALGORITHMS §3, "Minimum RTO"].
    SimTime min_rto = SimTime::from_ms(200);
    SimTime max_rto = SimTime::from_sec(60);
    SimTime initial_rto = SimTime::from_sec(1);  // RFC 6298 §2.1
    SimTime rto_granularity = SimTime::zero();   // G in rto = srtt + max(G, 4 rttvar)
    bool ecn = false;                            // send ECN-capable packets and react to ECN echoes
    uint64_t flow_size_bytes = 0;  // 0 = long-lived; otherwise stop once this many bytes are acked
};

}  // namespace corelink
