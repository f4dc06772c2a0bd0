// Open-loop or backlogged flows through the CPU -> link pipeline under each scheduler of --queue
// (DRFQ Figs. 5, 9-13): shares over the flows' active time, a time series of shares per window,
// and, with several --buffer-pkts, delays against the per-flow buffer.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include "experiments/common/runner.h"
#include "experiments/drfq/flows.h"
#include "queues/multi_resource_pipeline.h"
#include "src/output_file.h"
#include "traffic/open_loop_source.h"

namespace corelink::drfq {

namespace {

// The flows as the flags give them, checked.
struct Flows {
    std::vector<Profile> profiles;
    std::vector<double> weights, rates, start, stop;
    std::vector<Arrivals> arrivals;
    std::optional<SwitchSpec> profile_switch;
    size_t size() const { return profiles.size(); }
};

std::vector<double> list_or_empty(const Experiment& ex, const std::string& name) {
    return ex.set(name) ? ex.reals(name) : std::vector<double>{};
}

Flows read_flows(const Experiment& ex, double duration) {
    Flows f;
    f.profiles = parse_profiles("profiles", ex.text("profiles"));
    const size_t n = f.size();
    f.weights = per_flow("weights", list_or_empty(ex, "weights"), n, 1.0);
    f.rates = per_flow("rates", list_or_empty(ex, "rates"), n, 0.0);
    f.start = per_flow("start", list_or_empty(ex, "start"), n, 0.0);
    f.stop = per_flow("stop", list_or_empty(ex, "stop"), n, duration);
    for (size_t i = 0; i < n; ++i) {
        // A slower rate would put its next arrival beyond what simulated time can hold.
        if (f.rates[i] != 0 && f.rates[i] < 1e-3)
            throw InputError(fmt::format(
                "--rates: each rate must be 0 (backlogged) or in [0.001, 1e9] packets/s, got {}",
                f.rates[i]));
        if (!(f.stop[i] > f.start[i]))
            throw InputError(fmt::format("--stop: flow {} must stop after it starts ({} <= {})", i,
                                         f.stop[i], f.start[i]));
    }
    f.arrivals.assign(n, Arrivals::Poisson);
    if (ex.set("arrivals")) {
        const std::vector<std::string> a = parse_list("arrivals", ex.text("arrivals"));
        if (a.size() != 1 && a.size() != n)
            throw InputError(fmt::format("--arrivals: expected one value or {} (one per flow)", n));
        for (size_t i = 0; i < n; ++i) {
            const std::string& w = a[a.size() == 1 ? 0 : i];
            if (w != "poisson" && w != "constant")
                throw InputError(
                    fmt::format("--arrivals: must be poisson or constant, got '{}'", w));
            f.arrivals[i] = w == "poisson" ? Arrivals::Poisson : Arrivals::Constant;
        }
    }
    if (ex.set("profile-switch")) f.profile_switch = parse_switch(ex.text("profile-switch"), n);
    return f;
}

// What the simulation handles per unit of time: arrivals, and at most one packet per resource
// per its smallest largest-demand (a packet occupies some resource for its largest demand).
double packets_per_unit(const Flows& f) {
    double arrivals = 0, min_max_demand = kMaxDemand;
    for (size_t i = 0; i < f.size(); ++i) {
        arrivals += f.rates[i] * 1e-6;
        min_max_demand = std::min(min_max_demand, std::max(f.profiles[i][0], f.profiles[i][1]));
    }
    return arrivals + static_cast<double>(kResources) / std::max(min_max_demand, 1e-300);
}

// Returns packets to the pool: the last hop of an open-loop route while it is traced (a tap
// forwards every packet to a next hop; untraced, the pipeline releases them itself).
class PoolDrain final : public PacketSink {
public:
    explicit PoolDrain(PacketPool& pool) : pool_(pool) {}
    void receive(Packet& p) override { pool_.release(p); }

private:
    PacketPool& pool_;
};

// The sources and the pipeline as one traceable network (--pcap, --sample-us).
struct OpenLoopNet {
    MultiResourcePipeline& pipe;
    std::vector<std::unique_ptr<OpenLoopSource>>& sources;
    PoolDrain drain;

    void register_trace_points(TracePoints& points) {
        std::vector<Route*> routes;
        for (auto& s : sources) {
            s->route().push_back(drain);
            routes.push_back(&s->route());
        }
        pipe.register_trace_points(points, routes);
        for (auto& s : sources) {
            const std::string id = std::to_string(s->config().flow_id);
            points.add("flow:" + id, "what flow " + id + "'s source sends")
                .slots.push_back(TapSlot{&s->route(), nullptr, false});
        }
    }
};

}  // namespace

void open_loop(const Experiment& ex) {
    const double duration = duration_units(ex);
    const Flows flows = read_flows(ex, duration);
    const size_t n = flows.size();
    double window = ex.real("window");
    if (window == 0) window = duration / 100;
    const std::vector<int64_t>& buffers = ex.ints("buffer-pkts");
    const std::vector<QueueSpec>& schedulers = ex.queues();
    const auto runs = static_cast<double>(buffers.size() * schedulers.size());
    if (duration / window > 1e6 || static_cast<double>(n) * duration / window > 1e7)
        throw InputError(fmt::format(
            "--window: at most 1e6 windows per run and 1e7 time-series rows (flows x windows): "
            "must be at least {:g} units, got {:g}",
            duration / std::min(1e6, 1e7 / static_cast<double>(n)), window));
    check_size("duration-s", runs * (duration * packets_per_unit(flows) + duration / window),
               static_cast<double>(n) *
                   static_cast<double>(*std::max_element(buffers.begin(), buffers.end())));
    const DemandEstimate estimate = parse_demand_estimate("estimate", ex.text("estimate"));

    ResultsTable table({{"scheduler"},
                        {"flow", 0},
                        {"throughput_pps", 1},
                        {"share_r0", 4},
                        {"share_r1", 4},
                        {"dominant_share", 4},
                        {"mean_delay", 2},
                        {"p99_delay", 2}});
    ResultsTable series({{"scheduler"},
                         {"time", 0},
                         {"flow", 0},
                         {"share_r0", 4},
                         {"share_r1", 4},
                         {"dominant_share", 4}});
    ResultsTable by_buffer({{"scheduler"},
                            {"buffer_pkts", 0},
                            {"flow", 0},
                            {"mean_delay", 2},
                            {"sd_delay", 2},
                            {"p99_delay", 2}});
    const SimTime end = SimTime::from_us(duration);

    for (size_t bi = 0; bi < buffers.size(); ++bi) {
        const bool last_buffer = bi + 1 == buffers.size();
        for (const QueueSpec& q : schedulers) {
            Simulation sim(ex.seed());
            auto queue = make_scheduler(sim, q.name, q.options, flows.weights);
            PipelineConfig cfg = pipeline_config(ex, static_cast<uint64_t>(buffers[bi]));
            cfg.estimate = estimate;
            MultiResourcePipeline pipe(sim.events(), sim.pool(), std::move(queue), cfg);
            std::vector<DelayStats> delays(n);
            pipe.set_departure_observer(
                [&](const Packet& p, SimTime d) { delays[p.flow_id].add(d.to_us()); });
            std::vector<std::unique_ptr<OpenLoopSource>> sources;
            for (size_t i = 0; i < n; ++i) {
                OpenLoopConfig c;
                c.flow_id = static_cast<uint32_t>(i);
                c.size_bytes = static_cast<uint32_t>(ex.integer("size-bytes"));
                c.profile.mean_us = {flows.profiles[i][0], flows.profiles[i][1]};
                c.profile.sd_fraction = ex.real("demand-sd");
                c.arrivals = flows.rates[i] > 0 ? flows.arrivals[i] : Arrivals::Backlogged;
                c.rate_pps = flows.rates[i];
                c.backlog_pkts = static_cast<uint32_t>(ex.integer("backlog-pkts"));
                c.start = SimTime::from_us(flows.start[i]);
                c.stop = SimTime::from_us(flows.stop[i]);
                if (const auto& sw = flows.profile_switch; sw && sw->flow == i) {
                    c.switch_at = SimTime::from_us(sw->at);
                    c.switched = c.profile;
                    c.switched.mean_us = {sw->profile[0], sw->profile[1]};
                }
                sources.push_back(std::make_unique<OpenLoopSource>(sim.events(), sim.pool(),
                                                                   sim.make_rng(), pipe, c));
            }
            std::vector<FlowUsage> prev(n);
            OpenLoopNet net{pipe, sources, PoolDrain(sim.pool())};
            ex.trace(sim, net, q.label);
            Run run(ex, sim, fmt::format("drfq {}", q.label), end);
            for (double t = 0; t < duration;) {
                const double next = std::min(t + window, duration);
                run.to(SimTime::from_us(next));
                if (last_buffer) {
                    for (size_t i = 0; i < n; ++i) {
                        const FlowUsage& u = pipe.usage(static_cast<uint32_t>(i));
                        const SimTime w = SimTime::from_us(next - t);
                        const double r0 = (u.work[0] - prev[i].work[0]) / w;
                        const double r1 = (u.work[1] - prev[i].work[1]) / w;
                        series.add_row({q.label, static_cast<int64_t>(std::llround(next)),
                                        static_cast<int64_t>(i), r0, r1, std::max(r0, r1)});
                        prev[i] = u;
                    }
                }
                t = next;
            }
            for (size_t i = 0; i < n; ++i) {
                by_buffer.add_row({q.label, buffers[bi], static_cast<int64_t>(i), delays[i].mean(),
                                   delays[i].sd(), delays[i].quantile(0.99)});
                if (!last_buffer) continue;
                // Shares over the flow's active time within the run.
                const double active_units = std::min(flows.stop[i], duration) - flows.start[i];
                const FlowUsage& u = pipe.usage(static_cast<uint32_t>(i));
                const SimTime active = SimTime::from_us(std::max(active_units, 1e-9));
                const double r0 = u.work[0] / active, r1 = u.work[1] / active;
                table.add_row({q.label, static_cast<int64_t>(i),
                               static_cast<double>(u.packets) / active.to_sec(), r0, r1,
                               std::max(r0, r1), delays[i].mean(), delays[i].quantile(0.99)});
            }
        }
    }
    if (ex.set("timeseries")) write_file_atomically(ex.text("timeseries"), series.to_csv());
    ex.write_out("timeseries.csv", series);
    if (buffers.size() > 1) ex.write_out("delay_vs_buffer.csv", by_buffer);
    ex.emit(table);
}

}  // namespace corelink::drfq
