// The line topology of KBNets §3.4, Fig. 7 (docs/algorithms.md §4.5): a multipath flow L has
// subflow L1 crossing CPUs 1..n in turn, each shared with one single-path TCP flow S_i, and subflow
// L2 alone on CPU 0. Every CPU processes --cpu-mbps of packets and every packet costs the same on
// every CPU, so the optimum (L1 idle, everyone else alone at full rate) is (n + 1) * capacity.
//
//   L1 ──► [CPU 1] ► [CPU 2] ► … ► [CPU n] ──┐
//   S_i ─► [CPU i] ──────────────────────────┤
//   L2 ──► [CPU 0] ──────────────────────────┴─► pipe(rtt/2) ─► sinks ─► pipe(rtt/2) ─► sources
//
// Every flow has the same propagation RTT; ACKs cross no CPU. Flow ids (which the CPUs' queues
// tell flows apart by): L1 = 0, L2 = 1, S_i = 1 + i.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mptcp/mptcp_sink.h"
#include "mptcp/mptcp_src.h"
#include "src/pipe.h"
#include "src/server.h"
#include "src/trace_points.h"
#include "topologies/dumbbell.h"

namespace corelink {

struct LineConfig {
    uint32_t n = 1;                      // CPUs on L1's path, each with one short flow
    SimTime rtt = SimTime::from_ms(10);  // propagation round trip of every flow
    double cpu_capacity_mbps = 100.0;    // of mss-sized packets; KBNets: 100 Mb/s
    double cpu_clock_hz = 1e9;
    std::string queue = "droptail";  // at every CPU
    QueueLimits limits = QueueLimits::in_packets(100);
    const QueueOptionValues* queue_options = nullptr;  // registry defaults when null
    TcpConfig tcp;
    MptcpCc cc = MptcpCc::Lia;
    std::vector<SimTime> start_times;  // by flow id; missing entries start at 0
};

struct LineSnapshot {
    SimTime at;
    uint64_t multipath_bytes = 0;  // delivered in order at connection level
    uint64_t l1_bytes = 0, l2_bytes = 0;
    std::vector<uint64_t> short_bytes;
};

struct LineRates {
    // L's goodput as the network carried it: L1's plus L2's in-order delivery at subflow level.
    double multipath_mbps = 0.0;
    // L's data delivered in order at connection level. Over a long run it equals
    // multipath_mbps; over a short one it lags while an L1 hole waits for a retransmission timeout
    // (there is no reinjection on L2).
    double multipath_delivered_mbps = 0.0;
    double l1_mbps = 0.0, l2_mbps = 0.0;
    std::vector<double> short_mbps;
    double short_mean_mbps = 0.0;
    double total_mbps = 0.0;  // multipath_mbps + every short flow: what the CPUs delivered
};

class LineTopology {
public:
    static constexpr uint32_t kL1 = 0, kL2 = 1;
    static uint32_t short_flow_id(uint32_t i) { return 2 + i; }  // i = 0..n-1 (S_1..S_n)

    LineTopology(Simulation& sim, const LineConfig& cfg);

    // The optimum of docs/algorithms.md §4.5: every CPU fully used by a flow that crosses only it.
    double optimal_total_mbps() const { return (n_ + 1) * capacity_mbps_; }

    // Goodput is counted where data is delivered (TcpSink/MptcpSink::bytes_delivered()); a
    // snapshot also starts a new measurement there, so data held out of order now is not
    // counted in a later interval.
    LineSnapshot snapshot();
    static LineRates rates_between(const LineSnapshot& from, const LineSnapshot& to);

    uint32_t n() const { return n_; }
    MptcpSrc& multipath() { return *mptcp_; }
    MptcpSink& multipath_sink() { return *mptcp_sink_; }
    TcpSrc& short_flow(uint32_t i) { return *shorts_[i]; }
    Server& cpu(uint32_t i) { return *cpus_[i]; }  // 0 = L2's, 1..n = shared

    // "cpu:<i>" (departures of CPU i; the default is cpu:1, L1's first) and "flow:<id>" for the
    // two subflows and every short flow.
    void register_trace_points(TracePoints& points);

private:
    uint32_t n_;
    double capacity_mbps_;
    Simulation& sim_;
    std::vector<std::unique_ptr<Server>> cpus_;
    std::unique_ptr<Pipe> forward_, reverse_;
    std::unique_ptr<MptcpSrc> mptcp_;
    std::unique_ptr<MptcpSink> mptcp_sink_;
    std::vector<std::unique_ptr<TcpSrc>> shorts_;
    std::vector<std::unique_ptr<TcpSink>> short_sinks_;
    std::vector<Route> routes_;  // reserved up front: packets hold pointers to these
};

// Every CPU of a line (or any topology with equally costly packets): a CPU whose constant
// per-packet cost makes it process `capacity_mbps` of mss-sized packets.
BottleneckConfig equal_cost_cpu(double capacity_mbps, double clock_hz, uint32_t mss_bytes);

}  // namespace corelink
