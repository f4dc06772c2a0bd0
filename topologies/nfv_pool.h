// Long-running connections through an NFV tier in a datacenter fabric (docs/nfv-pool.md):
// `connections` connections between distinct hosts, each with n subflows (n = 1: TCP NewReno;
// n > 1: MPTCP), every subflow routed
//   source -> fabric (ECMP) -> middlebox -> its instance's core -> fabric (ECMP) -> destination,
// with ACKs straight back through the fabric. Middlebox m takes the place of host
// floor(m * hosts / M) (in a FatTree, the first host of pod floor(m * k / M)).
//
// Subflow s of connection c has flow id c * n + s; every core charges a flow the cost of its
// connection. The optimum the results divide by is the max-min allocation of CPU time with
// perfect pooling, each connection also limited by its access links and the middleboxes'.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "mptcp/mptcp_cc.h"
#include "mptcp/mptcp_sink.h"
#include "mptcp/mptcp_src.h"
#include "src/trace_points.h"
#include "tcp/tcp_sink.h"
#include "tcp/tcp_src.h"
#include "topologies/fabric.h"
#include "topologies/nfv_tier.h"
#include "topologies/traffic_matrix.h"

namespace corelink {

struct NfvPoolConfig {
    LinkOptions links;
    NfvTierConfig tier;
    TcpConfig tcp;
    uint32_t connections = 64;
    uint32_t subflows = 1;
    MptcpCc cc = MptcpCc::Lia;
    std::vector<CostClass> cost_mix{{1.0, 0.5}, {4.0, 0.5}};
    InstanceChoice choice = InstanceChoice::Hash;
    uint64_t hash_seed = 1;                      // ECMP and instance hashes
    SimTime start_spread = SimTime::from_ms(1);  // subflows start uniformly in [0, start_spread)
};

struct NfvPoolSnapshot {
    SimTime at;
    std::vector<uint64_t> conn_bytes;    // per connection: its subflows' cumulative ACKs
    std::vector<SimTime> conn_cpu;       // per connection: core time spent on its packets
    std::vector<uint64_t> conn_packets;  // per connection: packets its cores processed
    std::vector<SimTime> core_busy;      // per core
};

struct NfvPoolRates {
    std::vector<double> conn_mbps;
    std::vector<double> conn_cpu_share;    // core-seconds per second
    std::vector<double> conn_packet_rate;  // packets per second through the cores
    std::vector<double> core_utilisation;
    double total_mbps = 0.0;
};

class NfvPoolNet {
public:
    // Throws InputError naming --connections when the fabric has too few hosts.
    NfvPoolNet(Simulation& sim, const FabricShape& shape, const NfvPoolConfig& cfg);

    const std::vector<Connection>& connections() const { return conns_; }
    const std::vector<double>& costs() const { return costs_; }  // per connection, in units
    const std::vector<uint32_t>& middlebox_hosts() const { return mb_hosts_; }
    // The instance each subflow uses, by flow id.
    const std::vector<uint32_t>& instance_of() const { return instance_; }
    NfvTier& tier() { return *tier_; }
    Fabric& fabric() { return *fabric_; }

    // The equal-CPU-time optimum, in Mb/s of goodput (mss-sized packets), from the flow-level
    // max-min oracle (fluid/max_min.h) with every connection able to use every core.
    double optimal_mbps() const;

    // Retransmission timeouts of every subflow so far.
    uint64_t timeouts() const;

    // "core:I" for instance I's departures (its queue is the one sampled; the default point is
    // core:0) and "flow:ID" for every subflow's sender (its data and the ACKs it receives).
    void register_trace_points(TracePoints& points);

    NfvPoolSnapshot snapshot() const;
    static NfvPoolRates rates_between(const NfvPoolSnapshot& from, const NfvPoolSnapshot& to);

private:
    const TcpSrc& subflow_src(uint32_t flow_id) const;

    Simulation& sim_;
    NfvPoolConfig cfg_;
    const FabricShape& shape_;
    std::vector<Connection> conns_;
    std::vector<double> costs_;
    std::vector<uint32_t> mb_hosts_;
    std::vector<uint32_t> instance_;
    std::unique_ptr<Fabric> fabric_;
    std::unique_ptr<NfvTier> tier_;
    std::vector<Route> routes_;  // reserved up front: packets point at these
    std::vector<std::unique_ptr<TcpSrc>> tcp_srcs_;
    std::vector<std::unique_ptr<TcpSink>> tcp_sinks_;
    std::vector<std::unique_ptr<MptcpSrc>> mptcp_srcs_;
    std::vector<std::unique_ptr<MptcpSink>> mptcp_sinks_;
};

}  // namespace corelink
