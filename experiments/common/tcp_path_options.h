// The flags every TCP experiment shares — path, buffer, run length and TCP settings — declared
// and validated once.
#pragma once

#include "experiments/common/experiment.h"
#include "src/sim_time.h"
#include "src/simulation.h"
#include "tcp/tcp_config.h"
#include "topologies/dumbbell.h"

namespace corelink {

struct TcpPathOptions {
    double rtt_ms = 10.0;
    int64_t buffer_pkts = 100;  // 0 = chosen per queue by the experiment ("auto")
    double duration_s = 10.0;
    double warmup_s = 2.0;
    double start_spread_ms = 10.0;
    TcpConfig tcp;

    SimTime rtt() const { return SimTime::from_ms(rtt_ms); }
    SimTime duration() const { return SimTime::from_sec(duration_s); }
    SimTime warmup() const { return SimTime::from_sec(warmup_s); }
};

// Declares --rtt-ms, --buffer-pkts, --duration-s, --warmup-s, --start-spread-ms, --mss-bytes,
// --initial-window, --min-rto-ms, --ecn, --tcp, --delayed-ack and --delack-timeout-us with the
// given defaults.
void add_tcp_path_options(Experiment& ex, const TcpPathOptions& defaults);
// Reads and validates them (throws InputError naming the flag).
TcpPathOptions read_tcp_path_options(const Experiment& ex);

// --tcp newreno|sack|dctcp, --ecn, --delayed-ack and --delack-timeout-us alone, for experiments
// with TCP flows but their own path flags (add_tcp_path_options declares them too).
void add_tcp_variant_option(Experiment& ex, TcpVariant d = TcpVariant::NewReno);
void read_tcp_variant(const Experiment& ex, TcpConfig& tcp);

// A dumbbell with these path settings: RTT, buffer (in packets), TCP, and flow start times drawn
// uniformly in [0, start_spread_ms] from a stream of `sim`.
DumbbellConfig dumbbell_config(Simulation& sim, const TcpPathOptions& path, uint32_t flows);

}  // namespace corelink
