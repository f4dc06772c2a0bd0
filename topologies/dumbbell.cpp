#include "dumbbell.h"

#include <algorithm>

#include "tcp/tcp_trace.h"

namespace corelink {

ServiceModel BottleneckConfig::service_model() const {
    if (!is_cpu) return ServiceModel::link(rate_bps);
    ServiceModel m = ServiceModel::cpu(clock_hz, default_cost);
    for (uint32_t f = 0; f < flow_costs.size(); ++f) m.set_flow_cost(f, flow_costs[f]);
    return m;
}

std::unique_ptr<Server> make_bottleneck(Simulation& sim, const BottleneckConfig& cfg,
                                        uint32_t mss_bytes, std::string name) {
    ServiceModel model = cfg.service_model();
    // The cheapest data packet's service time: RED's idle constant and its threshold unit.
    SimTime typical = model.mean_service_time(0, mss_bytes);
    for (uint32_t f = 0; f < cfg.flow_costs.size(); ++f)
        typical = min(typical, model.mean_service_time(f, mss_bytes));
    const QueueOptionValues defaults = builtin_queues().defaults();
    const QueueEnv env{sim.events(),
                       sim.pool(),
                       sim.make_rng(),
                       cfg.limits,
                       cfg.queue_options ? *cfg.queue_options : defaults,
                       typical};
    std::unique_ptr<Queue> queue = builtin_queues().make(cfg.queue, env);
    return std::make_unique<Server>(sim.events(), sim.make_rng(), model, std::move(queue),
                                    std::move(name));
}

Dumbbell::Dumbbell(Simulation& sim, const DumbbellConfig& cfg) : sim_(sim) {
    bottleneck_ = make_bottleneck(sim, cfg.bottleneck, cfg.tcp.mss_bytes, "bottleneck");
    forward_ = std::make_unique<Pipe>(sim.events(), cfg.rtt / 2);
    reverse_ = std::make_unique<Pipe>(sim.events(), cfg.rtt - cfg.rtt / 2);
    // Objects in ObjectArrays never move: packets and peers hold pointers to them.
    src_colds_.reserve(cfg.flows);
    srcs_.reserve(cfg.flows);
    sinks_.reserve(cfg.flows);
    std::optional<Rng> start_rng = cfg.start_rng;
    for (uint32_t i = 0; i < cfg.flows; ++i) {
        SrcAndDataRoute& flow = srcs_.emplace_back(sim, i, cfg.tcp, src_colds_.emplace_back());
        TcpSrc& src = flow.src;
        SinkAndAckRoute& slot = sinks_.emplace_back(sim);
        TcpSink& sink = slot.sink;
        Route& data = flow.data_route;
        data.push_back(*bottleneck_);
        data.push_back(*forward_);
        data.push_back(sink);
        Route& ack = slot.ack_route;
        ack.push_back(*reverse_);
        ack.push_back(src);
        sink.set_ack_route(ack);
        SimTime start = SimTime::zero();
        if (i < cfg.start_times.size())
            start = cfg.start_times[i];
        else if (start_rng)
            start = SimTime::from_ms(start_rng->uniform(0.0, cfg.start_spread_ms));
        src.connect(data, sink, start);
    }
    bottleneck_->place_per_flow(&srcs_[0].service, sizeof(SrcAndDataRoute), cfg.flows);
}

void Dumbbell::register_trace_points(TracePoints& points) {
    const Queue* queue = &bottleneck_->queue();
    TracePoints::Point& out = points.add("bottleneck", "the bottleneck's departures", queue);
    TracePoints::Point& in = points.add("bottleneck-in", "arrivals at the bottleneck", queue);
    points.set_default("bottleneck");
    for (size_t i = 0; i < srcs_.size(); ++i) {
        out.slots.push_back(TapSlot{&srcs_[i].data_route, bottleneck_.get(), true});
        in.slots.push_back(TapSlot{&srcs_[i].data_route, bottleneck_.get(), false});
        register_tcp_flow(points, srcs_[i].src, srcs_[i].data_route, sinks_[i].ack_route);
    }
}

FlowSnapshot Dumbbell::snapshot() {
    FlowSnapshot s;
    s.at = sim_.now();
    s.bottleneck_busy = bottleneck_->busy_time();
    const size_t n = srcs_.size();
    s.bytes_delivered.resize(n);
    s.bottleneck_work.resize(n);
    for (size_t i = 0; i < n; ++i) {
        sinks_[i].sink.start_measurement();
        s.bytes_delivered[i] = sinks_[i].sink.bytes_delivered();
        s.bottleneck_work[i] = bottleneck_->flow(static_cast<uint32_t>(i)).work;
    }
    return s;
}

FlowRates Dumbbell::rates_between(const FlowSnapshot& from, const FlowSnapshot& to) {
    FlowRates r;
    const SimTime window = to.at - from.at;
    r.utilisation = (to.bottleneck_busy - from.bottleneck_busy) / window;
    const size_t n = to.bytes_delivered.size();
    r.goodput_mbps.resize(n);
    r.share.resize(n);
    for (size_t i = 0; i < n; ++i) {
        r.goodput_mbps[i] = rate_bps(to.bytes_delivered[i] - from.bytes_delivered[i], window) / 1e6;
        r.share[i] = (to.bottleneck_work[i] - from.bottleneck_work[i]) / window;
    }
    return r;
}

}  // namespace corelink
