#include "compress.h"

#include "topologies/trace_registration.h"

#include <cassert>

#include "topologies/line.h"

namespace corelink {

CompressTopology::CompressTopology(Simulation& sim, const CompressConfig& cfg) : sim_(sim) {
    assert(cfg.direct || cfg.compressed);
    assert(cfg.ratio > 0.0 && cfg.ratio <= 1.0);
    // The WAN as a server with per-flow costs: 8 "cycles" per byte at a clock of wan bits/s is
    // a link of that rate; the compressed subflow's packets occupy it ratio x as long.
    BottleneckConfig wan;
    wan.is_cpu = true;
    wan.clock_hz = cfg.wan_mbps * 1e6;
    wan.default_cost = CpuCost::affine(0.0, 8.0);
    wan.flow_costs = {CpuCost::affine(0.0, 8.0 * cfg.ratio)};  // index kCompressed
    wan.queue = cfg.wan_queue;
    wan.limits = cfg.wan_limits;
    wan.queue_options = cfg.queue_options;
    wan_ = make_bottleneck(sim, wan, cfg.tcp.mss_bytes, "wan");

    BottleneckConfig cpu = equal_cost_cpu(cfg.cpu_mbps, 1e9, cfg.tcp.mss_bytes);
    cpu.queue = cfg.cpu_queue;
    cpu.limits = cfg.cpu_limits;
    cpu.queue_options = cfg.queue_options;
    cpu_compress_ = make_bottleneck(sim, cpu, cfg.tcp.mss_bytes, "cpu-compress");
    cpu_decompress_ = make_bottleneck(sim, cpu, cfg.tcp.mss_bytes, "cpu-decompress");
    forward_ = std::make_unique<Pipe>(sim.events(), cfg.rtt / 2);
    reverse_ = std::make_unique<Pipe>(sim.events(), cfg.rtt - cfg.rtt / 2);

    size_t background = 0;
    for (const CompressPhase& ph : cfg.phases) background += ph.cpu_flows + ph.wan_flows;
    routes_.reserve(4 + 2 * background);

    mptcp_ = std::make_unique<MptcpSrc>(sim, cfg.cc, cfg.tcp);
    mptcp_sink_ = std::make_unique<MptcpSink>(sim, cfg.tcp.mss_bytes, cfg.tcp.ack_bytes);
    for (uint32_t id : {kCompressed, kDirect}) {
        if ((id == kCompressed && !cfg.compressed) || (id == kDirect && !cfg.direct)) continue;
        MptcpSubflow& sub = mptcp_->add_subflow(id);
        MptcpSubflowSink& end = mptcp_sink_->add_subflow(
            routes_.emplace_back(std::vector<PacketSink*>{reverse_.get(), &sub}));
        std::vector<PacketSink*> hops;
        if (id == kCompressed) {
            hops = {cpu_compress_.get(), wan_.get(), cpu_decompress_.get()};
        } else {
            hops = {wan_.get()};
        }
        hops.push_back(forward_.get());
        hops.push_back(&end);
        sub.connect(routes_.emplace_back(std::move(hops)), end.tcp(), SimTime::zero());
    }

    Rng start_rng = sim.make_rng();
    uint32_t next_id = 2;
    for (const CompressPhase& ph : cfg.phases) {
        TimeGate& gate = *gates_.emplace_back(std::make_unique<TimeGate>(sim, ph.end));
        auto add = [&](Server& resource, std::vector<std::unique_ptr<TcpSrc>>& group) {
            auto& src = group.emplace_back(std::make_unique<TcpSrc>(sim, next_id++, cfg.tcp));
            auto& sink =
                background_sinks_.emplace_back(std::make_unique<TcpSink>(sim, cfg.tcp.ack_bytes));
            sink->set_ack_route(
                routes_.emplace_back(std::vector<PacketSink*>{reverse_.get(), src.get()}));
            const SimTime start =
                ph.start + SimTime::from_sec(start_rng.uniform(0.0, cfg.start_spread.to_sec()));
            src->connect(routes_.emplace_back(std::vector<PacketSink*>{&gate, &resource,
                                                                       forward_.get(), sink.get()}),
                         *sink, start);
        };
        for (uint32_t i = 0; i < ph.cpu_flows; ++i) add(*cpu_compress_, cpu_background_);
        for (uint32_t i = 0; i < ph.wan_flows; ++i) add(*wan_, wan_background_);
    }
}

void CompressTopology::register_trace_points(TracePoints& points) {
    register_server_departures(points, "wan", *wan_, routes_);
    register_server_departures(points, "cpu-compress", *cpu_compress_, routes_);
    register_server_departures(points, "cpu-decompress", *cpu_decompress_, routes_);
    points.set_default("wan");
    for (size_t k = 0; k < mptcp_->subflows(); ++k)
        register_tcp_flow_in(points, mptcp_->subflow(k), routes_);
    for (auto* group : {&wan_background_, &cpu_background_})
        for (auto& src : *group) register_tcp_flow_in(points, *src, routes_);
}

const MptcpSubflow* CompressTopology::subflow(uint32_t id) const {
    for (size_t i = 0; i < mptcp_->subflows(); ++i)
        if (mptcp_->subflow(i).flow_id() == id) return &mptcp_->subflow(i);
    return nullptr;
}

CompressSnapshot CompressTopology::snapshot() {
    CompressSnapshot s;
    s.at = sim_.now();
    mptcp_sink_->start_measurement_all();
    for (auto& sink : background_sinks_) sink->start_measurement();
    if (const MptcpSubflow* d = subflow(kDirect)) s.direct_bytes = d->sink()->bytes_delivered();
    if (const MptcpSubflow* c = subflow(kCompressed))
        s.compressed_bytes = c->sink()->bytes_delivered();
    for (const auto& f : wan_background_) s.wan_background_bytes += f->sink()->bytes_delivered();
    for (const auto& f : cpu_background_) s.cpu_background_bytes += f->sink()->bytes_delivered();
    s.wan_busy = wan_->busy_time();
    s.cpu_busy = cpu_compress_->busy_time();
    return s;
}

CompressRates CompressTopology::rates_between(const CompressSnapshot& from,
                                              const CompressSnapshot& to) {
    const SimTime window = to.at - from.at;
    auto mbps = [&](uint64_t a, uint64_t b) { return rate_bps(b - a, window) / 1e6; };
    CompressRates r;
    r.direct_mbps = mbps(from.direct_bytes, to.direct_bytes);
    r.compressed_mbps = mbps(from.compressed_bytes, to.compressed_bytes);
    r.multipath_mbps = r.direct_mbps + r.compressed_mbps;
    r.wan_background_mbps = mbps(from.wan_background_bytes, to.wan_background_bytes);
    r.cpu_background_mbps = mbps(from.cpu_background_bytes, to.cpu_background_bytes);
    r.wan_utilisation = (to.wan_busy - from.wan_busy) / window;
    r.cpu_utilisation = (to.cpu_busy - from.cpu_busy) / window;
    return r;
}

}  // namespace corelink
