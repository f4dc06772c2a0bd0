// Long-running connections over a fabric (docs/datacenter.md): one connection per traffic-matrix
// entry, each with n subflows. n = 1 is a plain TCP NewReno flow; n > 1 an MPTCP connection whose
// subflows are coupled by the chosen multipath congestion control. Under ECMP every subflow
// hashes independently onto one equal-cost path (and its ACKs take the same path back); under
// spraying every packet picks a path.
//
// Subflow s of connection c has flow id c * n + s. A subflow keeps only its path index; the
// Route objects are shared (RouteTable), so memory grows with the subflows, not their hops.
//
// The fluid side: the same connections and path choices as a max-min problem over the fabric's
// links (fluid/max_min.h), and the optimum that every experiment's "% of optimal" divides by.
#pragma once

#include "src/trace_points.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "fluid/max_min.h"
#include "mptcp/mptcp_sink.h"
#include "mptcp/mptcp_src.h"
#include "tcp/tcp_sink.h"
#include "tcp/tcp_src.h"
#include "topologies/ecmp.h"
#include "topologies/fabric.h"
#include "topologies/traffic_matrix.h"

namespace corelink {

struct DatacenterConfig {
    LinkOptions links;
    TcpConfig tcp;
    uint32_t subflows = 1;
    MptcpCc cc = MptcpCc::Lia;
    RoutingMode routing = RoutingMode::Ecmp;
    SimTime start_spread = SimTime::from_ms(1);  // subflows start uniformly in [0, start_spread)
};

// Every subflow's ECMP path index, by flow id (connection c, subflow s at c * n + s).
std::vector<uint16_t> ecmp_choices(const FabricShape& shape, const std::vector<Connection>& conns,
                                   uint32_t subflows, const EcmpHash& hash);

struct DatacenterSnapshot {
    SimTime at;
    std::vector<uint64_t> conn_bytes;  // per connection: the subflows' cumulative ACKs, summed
    std::vector<SimTime> link_busy;    // per directed link
    uint64_t data_packets_sent = 0;    // every subflow's data packets, retransmissions included
    uint64_t timeouts = 0;
    uint64_t spurious_timeouts = 0;  // of those, the ones whose segment was not lost
};

struct DatacenterRates {
    std::vector<double> conn_mbps;
    std::vector<double> link_utilisation;
    uint64_t data_packets = 0;
    uint64_t timeouts = 0;
    uint64_t spurious_timeouts = 0;
};

class DatacenterNet {
public:
    // `ecmp_choice`: every subflow's path index by flow id (ecmp_choices()); ignored, and may be
    // empty, under spraying.
    DatacenterNet(Simulation& sim, const FabricShape& shape, std::vector<Connection> conns,
                  const DatacenterConfig& cfg, std::vector<uint16_t> ecmp_choice);

    Fabric& fabric() { return *fabric_; }
    const Fabric& fabric() const { return *fabric_; }
    const std::vector<Connection>& connections() const { return conns_; }
    uint32_t subflows() const { return n_; }
    // ECMP path index of each subflow by flow id (empty under spraying).
    const std::vector<uint16_t>& path_choices() const { return choice_; }
    size_t shared_routes() const { return routes_->size(); }
    // Subflow `flow_id`'s sender (connection c's subflow s is c * n + s).
    const TcpSrc& subflow(uint32_t flow_id) const { return subflow_src(flow_id); }

    // One point per directed link, named as the fabric names it (FabricShape::link_name, e.g.
    // "h5>e0.2"): the link's departures; its queue is the one sampled. No default point.
    // And "flow:ID" for every subflow (connection c's subflow s is c * n + s): what its sender
    // sends and the ACKs it receives. The fabric's routes are shared by flows, so the traced
    // subflow alone moves onto copies of its two routes with the tap in them (under spraying,
    // its ACKs are recorded as its receiver sends them: each takes its own path back).
    void register_trace_points(TracePoints& points);

    // Goodput is counted where data is delivered (TcpSink::bytes_delivered(), per subflow); a
    // snapshot also starts a new measurement there, so data held out of order now is not
    // counted in a later interval.
    DatacenterSnapshot snapshot();
    static DatacenterRates rates_between(const DatacenterSnapshot& from,
                                         const DatacenterSnapshot& to);

private:
    TcpSrc& subflow_src(uint32_t flow_id) const;
    TcpSink& subflow_sink(uint32_t flow_id) const;
    // The shared routes subflow `flow_id` of connection `c` takes: data, then ACKs.
    std::pair<const Route*, const Route*> routes_of(uint32_t flow_id) const;
    void trace_flow(uint32_t flow_id, PacketSink& tap);

    Simulation& sim_;
    std::vector<Connection> conns_;
    uint32_t n_;
    std::unique_ptr<Fabric> fabric_;
    FlowDemux demux_;
    std::unique_ptr<RouteTable> routes_;
    std::vector<uint16_t> choice_;
    std::vector<std::unique_ptr<TcpSrc>> tcp_srcs_;
    std::vector<std::unique_ptr<TcpSink>> tcp_sinks_;
    std::vector<std::unique_ptr<MptcpSrc>> mptcp_srcs_;
    std::vector<std::unique_ptr<MptcpSink>> mptcp_sinks_;
    std::vector<std::unique_ptr<Sprayer>> sprayers_;
    std::vector<Route> spray_routes_;  // reserved up front: packets point at these
    std::deque<Route> traced_routes_;  // copies of a traced subflow's routes (stable addresses)
};

// The max-min fluid rates of the connections when subflow flow_id takes path `choice[flow_id]`:
// one group per connection (its subflows rise together and traffic moves to the subflows whose
// paths still have room), one resource per directed link, in bits/s. ACKs are not modelled.
fluid::MaxMinSolution fluid_for_paths(const FabricShape& shape,
                                      const std::vector<Connection>& conns, uint32_t subflows,
                                      const std::vector<uint16_t>& choice);

// The max-min fluid rates when every connection is split evenly over all its equal-cost paths
// (ideal packet spraying, or MPTCP with unlimited subflows). In the symmetric FatTree and
// leaf-spine fabrics this is the optimum the "% of optimal" columns divide by: under a
// permutation on a full-bisection FatTree it is every host at its link rate.
fluid::MaxMinSolution fluid_even_split(const FabricShape& shape,
                                       const std::vector<Connection>& conns);

}  // namespace corelink
