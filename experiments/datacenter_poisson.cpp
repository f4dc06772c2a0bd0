#include "experiments/datacenter_poisson.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "experiments/common/run_loop.h"
#include "topologies/fabric_flows.h"
#include "traffic/fct_stats.h"
#include "traffic/finite_flows.h"
#include "traffic/poisson_arrivals.h"

namespace corelink {

void add_poisson_options(Experiment& ex) {
    // clang-format off
    ex.add_options()
        ("load", po::value<double>()->default_value(0.5),
         "--tm poisson: offered load on every host link, in (0, 1]")
        ("flow-sizes", po::value<std::string>()->default_value("websearch"),
         "--tm poisson: flow sizes, websearch, hadoop or a FILE of 'bytes cumulative_percent' lines")
        ("drain-s", po::value<double>()->default_value(0.1),
         "--tm poisson: seconds the run goes on after the last arrival (--duration-s) so flows can "
         "finish; flows still running then are counted unfinished");
    // clang-format on
}

int run_poisson(const Experiment& ex, const FabricShape& shape, const PoissonRunSettings& s) {
    const double load = ex.get<double>("load");
    if (!(load > 0.0 && load <= 1.0))
        throw InputError(fmt::format("--load: must be in (0, 1], got {}", load));
    const FlowSizeCdf sizes = FlowSizeCdf::named(ex.get<std::string>("flow-sizes"));
    const double drain_s = ex.get<double>("drain-s");
    require_non_negative("drain-s", drain_s);

    const auto wall0 = std::chrono::steady_clock::now();
    Simulation sim(ex.seed());
    Fabric fabric(sim, shape, s.links);
    FabricFlowNetwork net(fabric, ex.seed());
    FiniteFlows flows(sim, net, s.tcp);
    PoissonConfig pc;
    pc.hosts = shape.hosts();
    pc.host_rate_bps = shape.host_rate_bps(0);
    pc.load = load;
    pc.stop = SimTime::from_sec(s.duration_s);
    PoissonArrivals arrivals(sim.events(), sim.make_rng(), sizes, pc,
                             [&](const FlowArrival& a) { flows.start_flow(a); });
    arrivals.start(SimTime::zero());
    const SimTime end = SimTime::from_sec(s.duration_s + drain_s);
    run_with_progress(sim, end, "datacenter poisson", end);
    const double wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();

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
        "{} flows started, {} finished, {} unfinished; {} connection slots; load "
        "offered {:.3f}",
        flows.started(), flows.finished(), flows.started() - flows.finished(), flows.slots(),
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
    if (ex.bench()) {
        std::fprintf(stderr,
                     "bench: datacenter poisson hosts=%u load=%.2f sim_s=%.3f flows_started=%llu "
                     "flows_completed=%llu wall_s=%.2f completed_per_wall_s=%.0f events=%llu "
                     "slots=%zu peak_rss_mib=%.1f\n",
                     shape.hosts(), load, end.to_sec(),
                     static_cast<unsigned long long>(flows.started()),
                     static_cast<unsigned long long>(flows.finished()), wall_s,
                     static_cast<double>(flows.finished()) / wall_s,
                     static_cast<unsigned long long>(sim.events().dispatched()), flows.slots(),
                     peak_rss_mib());
    }
    return 0;
}

}  // namespace corelink
