#include "line.h"

#include "topologies/trace_registration.h"

namespace corelink {

BottleneckConfig equal_cost_cpu(double capacity_mbps, double clock_hz, uint32_t mss_bytes) {
    BottleneckConfig b;
    b.is_cpu = true;
    b.clock_hz = clock_hz;
    // KBNets §3.4: "all flows have packets that are equally costly for each bottleneck".
    b.default_cost = CpuCost::constant(clock_hz * mss_bytes * 8.0 / (capacity_mbps * 1e6));
    return b;
}

LineTopology::LineTopology(Simulation& sim, const LineConfig& cfg)
    : n_(cfg.n), capacity_mbps_(cfg.cpu_capacity_mbps), sim_(sim) {
    BottleneckConfig cpu =
        equal_cost_cpu(cfg.cpu_capacity_mbps, cfg.cpu_clock_hz, cfg.tcp.mss_bytes);
    cpu.queue = cfg.queue;
    cpu.limits = cfg.limits;
    cpu.queue_options = cfg.queue_options;
    for (uint32_t i = 0; i <= n_; ++i)
        cpus_.push_back(make_bottleneck(sim, cpu, cfg.tcp.mss_bytes, "cpu" + std::to_string(i)));
    forward_ = std::make_unique<Pipe>(sim.events(), cfg.rtt / 2);
    reverse_ = std::make_unique<Pipe>(sim.events(), cfg.rtt - cfg.rtt / 2);
    routes_.reserve(2 * (n_ + 2));
    auto start_of = [&](uint32_t flow) {
        return flow < cfg.start_times.size() ? cfg.start_times[flow] : SimTime::zero();
    };

    mptcp_ = std::make_unique<MptcpSrc>(sim, cfg.cc, cfg.tcp);
    mptcp_sink_ = std::make_unique<MptcpSink>(sim, cfg.tcp.mss_bytes, cfg.tcp.ack_bytes);
    for (uint32_t id : {kL1, kL2}) {
        MptcpSubflow& sub = mptcp_->add_subflow(id);
        MptcpSubflowSink& end = mptcp_sink_->add_subflow(
            routes_.emplace_back(std::vector<PacketSink*>{reverse_.get(), &sub}));
        std::vector<PacketSink*> hops;
        if (id == kL1) {
            for (uint32_t i = 1; i <= n_; ++i) hops.push_back(cpus_[i].get());
        } else {
            hops.push_back(cpus_[0].get());
        }
        hops.push_back(forward_.get());
        hops.push_back(&end);
        sub.connect(routes_.emplace_back(std::move(hops)), end.tcp(), start_of(id));
    }
    for (uint32_t i = 0; i < n_; ++i) {
        const uint32_t id = short_flow_id(i);
        auto& src = shorts_.emplace_back(std::make_unique<TcpSrc>(sim, id, cfg.tcp));
        auto& sink = short_sinks_.emplace_back(std::make_unique<TcpSink>(sim, cfg.tcp.ack_bytes));
        sink->set_ack_route(
            routes_.emplace_back(std::vector<PacketSink*>{reverse_.get(), src.get()}));
        src->connect(routes_.emplace_back(
                         std::vector<PacketSink*>{cpus_[i + 1].get(), forward_.get(), sink.get()}),
                     *sink, start_of(id));
    }
}

void LineTopology::register_trace_points(TracePoints& points) {
    for (uint32_t i = 0; i <= n_; ++i)
        register_server_departures(points, "cpu:" + std::to_string(i), *cpus_[i], routes_);
    points.set_default("cpu:1");
    for (size_t k = 0; k < mptcp_->subflows(); ++k)
        register_tcp_flow_in(points, mptcp_->subflow(k), routes_);
    for (auto& src : shorts_) register_tcp_flow_in(points, *src, routes_);
}

LineSnapshot LineTopology::snapshot() {
    LineSnapshot s;
    s.at = sim_.now();
    mptcp_sink_->start_measurement_all();
    s.multipath_bytes = mptcp_sink_->bytes_delivered();
    s.l1_bytes = mptcp_->subflow(0).sink()->bytes_delivered();
    s.l2_bytes = mptcp_->subflow(1).sink()->bytes_delivered();
    for (const auto& sink : short_sinks_) {
        sink->start_measurement();
        s.short_bytes.push_back(sink->bytes_delivered());
    }
    return s;
}

LineRates LineTopology::rates_between(const LineSnapshot& from, const LineSnapshot& to) {
    const SimTime window = to.at - from.at;
    auto mbps = [&](uint64_t a, uint64_t b) { return rate_bps(b - a, window) / 1e6; };
    LineRates r;
    r.multipath_delivered_mbps = mbps(from.multipath_bytes, to.multipath_bytes);
    r.l1_mbps = mbps(from.l1_bytes, to.l1_bytes);
    r.l2_mbps = mbps(from.l2_bytes, to.l2_bytes);
    r.multipath_mbps = r.l1_mbps + r.l2_mbps;
    double shorts = 0.0;
    for (size_t i = 0; i < to.short_bytes.size(); ++i) {
        r.short_mbps.push_back(mbps(from.short_bytes[i], to.short_bytes[i]));
        shorts += r.short_mbps.back();
    }
    r.short_mean_mbps =
        r.short_mbps.empty() ? 0.0 : shorts / static_cast<double>(r.short_mbps.size());
    r.total_mbps = r.multipath_mbps + shorts;
    return r;
}

}  // namespace corelink
