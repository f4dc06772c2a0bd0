// KBNets Fig. 9 in miniature: two NewReno flows share one CPU, F2's packets cost 4x F1's.
// Oracle: docs/algorithms.md §2.5 "Dumbbell" — drop-tail gives equal packet rates, so CPU shares
// c1/(c1+c2) = 0.2 and 0.8; RED_4 and RED_4 MQ (B = 1024) give equal CPU shares 0.5/0.5;
// tolerance ±0.07 absolute share averaged over >= 200 RTTs after warm-up.
#include <catch2/catch.hpp>

#include "experiments/common/kbnets.h"
#include "queues/queue_registry.h"
#include "topologies/dumbbell.h"

using namespace corelink;

namespace {

FlowRates run_fig9_point(const std::string& queue, double k, uint64_t seed) {
    Simulation sim(seed);
    DumbbellConfig cfg;
    cfg.flows = 2;
    cfg.rtt = SimTime::from_ms(10);
    cfg.tcp.min_rto = SimTime::from_ms(50);
    cfg.start_times = {SimTime::zero(), SimTime::from_ms(3)};
    // The CPU serves 100 Mb/s of F1's 1500-byte packets: 120 µs each at 1 GHz.
    const double f1_cycles = 120'000;
    cfg.bottleneck.is_cpu = true;
    cfg.bottleneck.clock_hz = 1e9;
    cfg.bottleneck.flow_costs = {CpuCost::normal(f1_cycles, 0.1 * f1_cycles),
                                 CpuCost::normal(k * f1_cycles, 0.1 * k * f1_cycles)};
    // As the fairness experiment: one BDP of buffer for drop-tail; RED thresholds at 0.7 and
    // 2.2 BDP with room for the gentle region.
    QueueOptionValues options = builtin_queues().defaults();
    options.set("red-min-th", "60");
    options.set("red-max-th", "180");
    cfg.bottleneck.queue = queue;
    cfg.bottleneck.queue_options = &options;
    cfg.bottleneck.limits = QueueLimits::in_packets(kbnets_cpu_buffer_pkts(queue, 0));
    Dumbbell net(sim, cfg);
    sim.events().run_until(SimTime::from_sec(5));
    const FlowSnapshot from = net.snapshot();
    sim.events().run_until(SimTime::from_sec(35));  // 30 s = ~2000 RTTs
    return Dumbbell::rates_between(from, net.snapshot());
}

}  // namespace

TEST_CASE("drop-tail on a CPU gives equal packet rates, not equal CPU shares", "[scenario][fig9]") {
    const FlowRates r = run_fig9_point("droptail", 4, 1);
    CHECK(r.share[0] == Approx(0.2).margin(0.07));
    CHECK(r.share[1] == Approx(0.8).margin(0.07));
    CHECK(r.utilisation > 0.99);
}

TEST_CASE("RED_4, RED_4 MQ and cost-based DRR give equal CPU shares", "[scenario][fig9]") {
    for (const char* q : {"red4", "red4mq", "drr"}) {
        DYNAMIC_SECTION(q) {
            const FlowRates r = run_fig9_point(q, 4, 1);
            CHECK(r.share[0] == Approx(0.5).margin(0.07));
            CHECK(r.share[1] == Approx(0.5).margin(0.07));
        }
    }
}
