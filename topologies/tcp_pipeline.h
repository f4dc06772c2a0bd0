// TCP flows through the multi-resource pipeline (DRFQ Table 7, docs/figures.md): each flow's data
// packets are stamped with that flow's CPU demand and the link's serialisation time, cross the
// pipeline (scheduler, CPU, link), then a pipe of half the round trip to the sink; ACKs return
// over the other half, uncongested and outside the pipeline.
//
//   src_i ──► [pipeline: scheduler ► CPU ► link] ──► pipe(rtt/2) ──► sink_i
//     ▲                                                               │
//     └──────────────────────────── pipe(rtt/2) ◄──────── ACK ────────┘
//
// The pipeline is built by the caller (it owns the scheduler choice) and must outlive this.
#pragma once

#include <memory>
#include <vector>

#include "queues/multi_resource_pipeline.h"
#include "src/pipe.h"
#include "src/rng.h"
#include "src/simulation.h"
#include "tcp/tcp_sink.h"
#include "tcp/tcp_src.h"

namespace corelink {

struct TcpPipelineConfig {
    // Mean CPU demand of one data packet, per flow; its size is the number of flows.
    std::vector<SimTime> cpu_per_packet;
    // Per-packet CPU demand ~ Normal(mean, sd_fraction·mean), truncated at 1% of the mean
    // (DRFQ §8.2's noise); 0 = exact.
    double cpu_sd_fraction = 0.0;
    double link_rate_bps = 200e6;        // resource 1: demand = size·8 / rate
    SimTime rtt = SimTime::from_ms(20);  // propagation round trip added outside the pipeline
    TcpConfig tcp;
    std::vector<SimTime> start_times;  // per flow; missing entries start at 0
    // Per flow, the N of its trace point "flow:N"; missing entries use the flow's index. A run
    // holding a subset of an experiment's flows gives their ids in the whole experiment.
    std::vector<uint32_t> trace_ids;
};

class TcpPipeline {
public:
    TcpPipeline(Simulation& sim, MultiResourcePipeline& pipeline, const TcpPipelineConfig& cfg);

    size_t flows() const { return srcs_.size(); }
    TcpSrc& src(size_t i) { return *srcs_[i]; }
    const TcpSrc& src(size_t i) const { return *srcs_[i]; }
    TcpSink& sink(size_t i) { return *sinks_[i]; }
    // Trace points: the pipeline's ("pipeline", the default, and "pipeline-in") and each flow's
    // sender ("flow:N", with its congestion state for time series).
    void register_trace_points(TracePoints& points);

private:
    void stamp(Packet& p);

    MultiResourcePipeline& pipeline_;
    TcpPipelineConfig cfg_;
    Rng rng_;
    std::unique_ptr<Pipe> forward_, reverse_;
    std::vector<std::unique_ptr<TcpSrc>> srcs_;
    std::vector<std::unique_ptr<TcpSink>> sinks_;
    std::vector<Route> data_routes_, ack_routes_;
};

}  // namespace corelink
