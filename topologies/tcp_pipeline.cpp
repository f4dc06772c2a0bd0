#include "tcp_pipeline.h"

#include <algorithm>

#include "tcp/tcp_trace.h"

namespace corelink {

TcpPipeline::TcpPipeline(Simulation& sim, MultiResourcePipeline& pipeline,
                         const TcpPipelineConfig& cfg)
    : pipeline_(pipeline), cfg_(cfg), rng_(sim.make_rng()) {
    forward_ = std::make_unique<Pipe>(sim.events(), cfg.rtt / 2);
    reverse_ = std::make_unique<Pipe>(sim.events(), cfg.rtt - cfg.rtt / 2);
    pipeline_.set_demand_stamper([this](Packet& p) { stamp(p); });
    const size_t n = cfg.cpu_per_packet.size();
    // Routes are stored by value in vectors that never reallocate after this point.
    data_routes_.reserve(n);
    ack_routes_.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
        auto& src = srcs_.emplace_back(std::make_unique<TcpSrc>(sim, i, cfg.tcp));
        auto& sink = sinks_.emplace_back(std::make_unique<TcpSink>(sim, cfg.tcp.ack_bytes));
        data_routes_.emplace_back(std::vector<PacketSink*>{&pipeline_, forward_.get(), sink.get()});
        ack_routes_.emplace_back(std::vector<PacketSink*>{reverse_.get(), src.get()});
        sink->set_ack_route(ack_routes_.back());
        const SimTime start = i < cfg.start_times.size() ? cfg.start_times[i] : SimTime::zero();
        src->connect(data_routes_.back(), *sink, start);
    }
}

void TcpPipeline::stamp(Packet& p) {
    const SimTime mean = cfg_.cpu_per_packet[p.flow_id];
    SimTime cpu = mean;
    if (cfg_.cpu_sd_fraction > 0.0) {
        const double us = mean.to_us();
        cpu = SimTime::from_us(std::max(rng_.normal(us, cfg_.cpu_sd_fraction * us), 0.01 * us));
    }
    p.demand.fill(SimTime::zero());
    p.demand[0] = cpu;
    p.demand[1] = serialization_time(p.size_bytes, cfg_.link_rate_bps);
}

void TcpPipeline::register_trace_points(TracePoints& points) {
    std::vector<Route*> routes;
    for (Route& r : data_routes_) routes.push_back(&r);
    pipeline_.register_trace_points(points, routes);
    for (size_t i = 0; i < srcs_.size(); ++i)
        register_tcp_flow(points, *srcs_[i], data_routes_[i], ack_routes_[i],
                          i < cfg_.trace_ids.size() ? cfg_.trace_ids[i] : static_cast<uint32_t>(i));
}

}  // namespace corelink
