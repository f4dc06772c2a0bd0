#include "experiments/datacenter_poisson.h"

#include <fmt/format.h>

#include <algorithm>

#include "experiments/common/runner.h"
#include "topologies/fabric_flows.h"
#include "traffic/fct_stats.h"
#include "traffic/finite_flows.h"
#include "traffic/poisson_arrivals.h"

namespace corelink {

void add_poisson_options(Experiment& ex) {
    ex.add_real("load", 0.5, "", above(0, 1), "--tm poisson: offered load on every host link");
    ex.add_text("flow-sizes", "websearch",
                "--tm poisson: flow sizes, websearch, hadoop or a FILE of 'bytes "
                "cumulative_percent' lines");
    ex.add_time("drain-s", 0.1, "s", between(0, 1e6),
                "--tm poisson: simulated time the run goes on after the last arrival "
                "(--duration-s) so flows can finish; flows still running then are counted "
                "unfinished");
}

void run_poisson(const Experiment& ex, const FabricShape& shape, const PoissonRunSettings& s) {
    const double load = ex.real("load");
    const FlowSizeCdf sizes = FlowSizeCdf::named(ex.text("flow-sizes"));
    const double drain_s = ex.number("drain-s");

    Simulation sim(ex.seed());
    Fabric fabric(sim, shape, s.links);
    FabricFlowNetwork net(fabric, ex.seed());
    FiniteFlows flows(sim, net, FiniteFlowsConfig{s.tcp, s.subflows, s.cc});
    PoissonConfig pc;
    pc.hosts = shape.hosts();
    pc.host_rate_bps = shape.host_rate_bps(0);
    pc.load = load;
    pc.stop = SimTime::from_sec(s.duration_s);
    PoissonArrivals arrivals(sim.events(), sim.make_rng(), sizes, pc,
                             [&](const FlowArrival& a) { flows.start_flow(a); });
    arrivals.start(SimTime::zero());
    const SimTime end = SimTime::from_sec(s.duration_s + drain_s);
    {
        Run run(ex, sim, "datacenter poisson", end);
        run.to(end);
    }

    ResultsTable table({{"bucket", 0},
                        {"flows", 0},
                        {"mean_slowdown", 3},
                        {"p99_slowdown", 3},
                        {"unfinished", 0},
                        {"mean_fct_us", 1}});
    for (const FctBucketRow& r : fct_by_bucket(flows.records())) {
        table.add_row({r.bucket, static_cast<int64_t>(r.flows), r.mean_slowdown, r.p99_slowdown,
                       static_cast<int64_t>(r.unfinished), r.mean_fct_us});
    }
    ex.emit(table);
    ex.note(fmt::format(
        "{} {} flows started, {} finished, {} unfinished; {} connection slots; load "
        "offered {:.3f}",
        flows.started(), s.subflows == 1 ? "TCP" : fmt::format("MPTCP ({} subflows)", s.subflows),
        flows.finished(), flows.started() - flows.finished(), flows.slots(),
        static_cast<double>(arrivals.bytes_offered()) * 8 /
            (pc.hosts * pc.host_rate_bps * s.duration_s)));
    if (!ex.out_dir().empty()) {
        ResultsTable per_flow({{"src", 0},
                               {"dst", 0},
                               {"size_bytes", 0},
                               {"start_us", 3},
                               {"fct_us", 3},
                               {"ideal_us", 3},
                               {"slowdown", 4},
                               {"finished", 0}});
        for (const FlowRecord& r : flows.records()) {
            per_flow.add_row({static_cast<int64_t>(r.src), static_cast<int64_t>(r.dst),
                              static_cast<int64_t>(r.size_bytes), r.start.to_us(),
                              r.finished() ? r.fct.to_us() : -1.0, r.ideal.to_us(),
                              r.finished() ? r.slowdown() : -1.0,
                              static_cast<int64_t>(r.finished() ? 1 : 0)});
        }
        ex.write_out("flows.csv", per_flow.to_csv());
    }
    const uint64_t started = flows.started(), finished = flows.finished();
    const size_t slots = flows.slots();
    const uint32_t hosts = shape.hosts();
    const uint32_t subflows = s.subflows;
    ex.bench_totals().extra = [=](double wall_s) {
        return fmt::format(
            " hosts={} load={:.2f} subflows={} sim_s={:.3f} flows_started={} "
            "flows_completed={} completed_per_wall_s={:.0f} slots={}",
            hosts, load, subflows, end.to_sec(), started, finished,
            static_cast<double>(finished) / std::max(wall_s, 1e-9), slots);
    };
}

}  // namespace corelink
