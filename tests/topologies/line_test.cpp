// The KBNets line topology (topologies/line.h) in short runs at small n, against docs/algorithms.md
// §4.5 and KBNets §3.4 / Fig. 8. The full sweeps (n = 1..10, long runs) are the `line`
// experiment's; see plots/figures/kbnets_fig8.sh.
#include <catch2/catch.hpp>

#include "topologies/line.h"

using namespace corelink;

namespace {

LineRates run_line(uint32_t n, const std::string& queue, const QueueOptionValues* options,
                   double seconds) {
    Simulation sim(3);
    LineConfig cfg;
    cfg.n = n;
    cfg.queue = queue;
    cfg.queue_options = options;
    for (uint32_t f = 0; f < n + 2; ++f) cfg.start_times.push_back(SimTime::from_ms(1.3 * f));
    LineTopology net(sim, cfg);
    sim.events().run_until(SimTime::from_sec(seconds / 3));
    const LineSnapshot start = net.snapshot();
    sim.events().run_until(SimTime::from_sec(seconds));
    return LineTopology::rates_between(start, net.snapshot());
}

}  // namespace

TEST_CASE("line, drop-tail, n = 3: LIA pools the CPUs, total near the optimum 100 (n + 1)",
          "[topologies][line][slow]") {
    // docs/algorithms.md §4.5: the optimum is L1 idle and every CPU used by one flow alone: 400
    // Mb/s. KBNets §3.4 reports drop-tail within 2% of it (Fig. 8); L1's n-queue RTT and n-fold
    // loss rate push LIA's traffic onto L2. Tolerance: 5% (the Fig. 8 target).
    const LineRates r = run_line(3, "droptail", nullptr, 30.0);
    INFO("total " << r.total_mbps << ", L1 " << r.l1_mbps << ", L2 " << r.l2_mbps << ", S mean "
                  << r.short_mean_mbps);
    CHECK(r.total_mbps >= 0.95 * 400.0);
    CHECK(r.total_mbps <= 400.0 * 1.001);
    CHECK(r.l2_mbps >= 95.0);
    CHECK(r.l1_mbps < 10.0);
    // Connection-level delivery keeps pace with what the subflows carried.
    CHECK(r.multipath_delivered_mbps == Approx(r.multipath_mbps).epsilon(0.05));
}

TEST_CASE("line, per-packet fair queue (B = 1), n = 3: L1 stuck at 50, total 150 + 50 n",
          "[topologies][line][slow]") {
    // KBNets §3.4 / Fig. 8 and docs/algorithms.md §4.5: fair queueing isolates L1 at the first CPU,
    // where it gets half; every S_i gets 50, so the total is 150 + 50 n = 300. Tolerance: L1
    // in 45..55 and the total within 10% (the targets).
    QueueOptionValues options = builtin_queues().defaults();
    options.set("batch", "1");
    const LineRates r = run_line(3, "fq", &options, 15.0);
    INFO("total " << r.total_mbps << ", L1 " << r.l1_mbps << ", S mean " << r.short_mean_mbps);
    CHECK(r.l1_mbps >= 45.0);
    CHECK(r.l1_mbps <= 55.0);
    CHECK(r.total_mbps == Approx(300.0).epsilon(0.10));
}
