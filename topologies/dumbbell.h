// The dumbbell: N TCP flows share one bottleneck — a link, or a CPU core — behind any registered
// queue; the reverse path (ACKs) is uncongested. Propagation delay is split evenly between the
// forward path (after the bottleneck) and the reverse path.
//
//   src_i ──► [queue ► bottleneck server] ──► pipe(rtt/2) ──► sink_i
//     ▲                                                          │
//     └──────────────────────── pipe(rtt/2) ◄────────── ACK ─────┘
//
// All flows share the two pipes (one pending event each), so the topology costs O(1) events per
// packet whatever N is.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "queues/queue_registry.h"
#include "src/object_array.h"
#include "src/pipe.h"
#include "src/rng.h"
#include "src/server.h"
#include "src/simulation.h"
#include "src/trace_points.h"
#include "tcp/tcp_sink.h"
#include "tcp/tcp_src.h"

namespace corelink {

struct BottleneckConfig {
    bool is_cpu = false;
    double rate_bps = 1e9;            // link
    double clock_hz = 1e9;            // CPU
    CpuCost default_cost;             // CPU: cycles per packet of flows without their own cost
    std::vector<CpuCost> flow_costs;  // CPU: per flow (index = flow id), optional
    std::string queue = "droptail";
    QueueLimits limits = QueueLimits::in_packets(100);
    const QueueOptionValues* queue_options = nullptr;  // defaults of the registry when null

    ServiceModel service_model() const;
};

struct DumbbellConfig {
    uint32_t flows = 1;
    SimTime rtt = SimTime::from_ms(10);  // propagation round trip, excluding queueing
    BottleneckConfig bottleneck;
    TcpConfig tcp;
    std::vector<SimTime> start_times;  // per flow; missing entries start as below
    // With start_rng: a flow past the end of start_times starts at a time drawn uniformly from
    // [0, start_spread_ms) ms, one draw per flow in flow order; without it, at 0. Drawn while
    // the dumbbell is built, so a run of 100,000 flows needs no list of them.
    std::optional<Rng> start_rng;
    double start_spread_ms = 0.0;
};

// Builds a Server with the named queue from the registry; shared by every topology.
std::unique_ptr<Server> make_bottleneck(Simulation& sim, const BottleneckConfig& cfg,
                                        uint32_t mss_bytes, std::string name);

// Counters of every flow at one instant; two snapshots give rates over the interval between.
// Goodput counts bytes the sinks deliver in order (TcpSink::bytes_delivered()), so it never
// exceeds what the bottleneck carried in the interval.
// Per-flow vectors in BlockVectors: with 100,000 flows each is 0.8 MB, which the heap would
// hand out (and the kernel fault in) 4 KiB at a time.
struct FlowSnapshot {
    SimTime at;
    SimTime bottleneck_busy;
    BlockVector<uint64_t> bytes_delivered;
    BlockVector<SimTime> bottleneck_work;  // time the bottleneck spent on each flow
};

struct FlowRates {
    BlockVector<double> goodput_mbps;
    BlockVector<double> share;  // fraction of the bottleneck's time spent on each flow
    double utilisation = 0.0;   // fraction of the interval the bottleneck was busy
};

class Dumbbell {
public:
    Dumbbell(Simulation& sim, const DumbbellConfig& cfg);

    // Also starts a new measurement at every sink: data a sink holds out of order now is not
    // counted as delivered in a later interval (see TcpSink::start_measurement()).
    FlowSnapshot snapshot();
    static FlowRates rates_between(const FlowSnapshot& from, const FlowSnapshot& to);

    size_t flows() const { return srcs_.size(); }
    TcpSrc& src(size_t i) { return srcs_[i].src; }
    TcpSink& sink(size_t i) { return sinks_[i].sink; }
    Server& bottleneck() { return *bottleneck_; }

    // "bottleneck" (what the bottleneck sends, as each packet finishes service), "bottleneck-in"
    // (what arrives at its queue, drops included) and "flow:<i>" for every flow.
    void register_trace_points(TracePoints& points);

private:
    Simulation& sim_;
    std::unique_ptr<Server> bottleneck_;
    std::unique_ptr<Pipe> forward_, reverse_;
    // A receiver and the route its ACKs take, side by side: the pipe that delivers a data packet
    // prefetches the receiver's first lines, and the route is the line after the receiver's three.
    struct SinkAndAckRoute {
        explicit SinkAndAckRoute(Simulation& sim) : sink(sim) {}
        TcpSink sink;
        Route ack_route;
    };
    // A sender and the route its data takes, side by side: an ACK's arrival reads the sender's
    // hot lines and then sends on the route, as does a retransmit timeout, so both sit in one
    // page, and the route's line is among those the event list prefetches for a sender whose
    // timer is about to fire (its five lines and the one after).
    struct SrcAndDataRoute {
        SrcAndDataRoute(Simulation& sim, uint32_t flow_id, const TcpConfig& cfg,
                        TcpSrc::ColdSlot& cold)
            : src(sim, flow_id, cfg, &cold) {}
        TcpSrc src;
        Route data_route;
        // The bottleneck's service record for this flow (Server::place_per_flow): a departure
        // touches the route, and the record shares its line (the sender is five lines, the route
        // 40 bytes, the record 24), so it costs neither a line nor a page of its own.
        FlowService service;
    };
    // Per flow, each kind in one block (see object_array.h): with thousands of flows nearly every
    // packet touches a cold sender, receiver and route. The senders' cold blocks too, though
    // rarely touched: one block instead of a heap allocation per sender spares the set-up a page
    // fault every dozen senders. Declared before srcs_, so it outlives the senders built in it.
    ObjectArray<TcpSrc::ColdSlot> src_colds_;
    ObjectArray<SrcAndDataRoute> srcs_;
    ObjectArray<SinkAndAckRoute> sinks_;
};

}  // namespace corelink
