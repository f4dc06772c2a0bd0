// DRFQ against its baselines on the DRFQ paper's simulated scenarios (docs/algorithms.md §5.8,
// docs/figures.md): single-resource FQ (Fig. 11), per-resource FQ and strategy-proofness (Fig. 12),
// bottleneck fairness (Fig. 5) and latency isolation (Fig. 13). Runs are shortened; numbers are
// the fluid/hand-derived ones quoted in §5.8.
#include <catch2/catch.hpp>

#include "drfq_harness.h"
#include "queues/bottleneck_fair_queue.h"

using namespace corelink;
using corelink::testing::drf_rates;
using corelink::testing::DrfqHarness;

namespace {

// DRFQ Fig. 5's flows, all backlogged: <6,1>, <1,7>, <1,1> (index 0, 1, 2).
void start_fig5_flows(DrfqHarness& h) {
    h.backlogged(6, 1);
    h.backlogged(1, 7);
    h.backlogged(1, 1);
    h.start();
}

}  // namespace

TEST_CASE("fig 11: FQ on resource 1 only starves <1,1>; DRFQ gives it 50%", "[drfq][fig11]") {
    // §5.8 item 1 [O]: <1,1> and <0.1,1> both backlogged, SFQ on the CPU (resource index 0):
    // CPU order 1:10 packets, so <1,1> gets 1/11 = 9.1% of each resource (paper: "only 10%").
    // Under DRFQ both dominant shares (the link) are 0.5.
    DrfqHarness fq("sfq", {}, {{"sfq-resource", "0"}});
    fq.backlogged(1, 1);
    fq.backlogged(0.1, 1);
    fq.start();
    const auto f = fq.measure(1'000, 21'000);
    CHECK(f[0].share[0] == Approx(1.0 / 11).margin(0.01));
    CHECK(f[0].share[1] == Approx(1.0 / 11).margin(0.01));
    CHECK(f[0].share[1] < 1.0 / 2);  // share guarantee violated

    DrfqHarness d("drfq");
    d.backlogged(1, 1);
    d.backlogged(0.1, 1);
    d.start();
    const auto g = d.measure(1'000, 21'000);
    CHECK(g[0].dominant() == Approx(0.5).epsilon(0.03));
    CHECK(g[1].dominant() == Approx(0.5).epsilon(0.03));
}

namespace {

// Flow 0's share of the CPU (its dominant resource) with one <20, link> flow and nine <10,11>.
double fig12_cpu_share(const std::string& scheduler, double flow0_link) {
    DrfqHarness h(scheduler);
    h.backlogged(20, flow0_link);
    for (int i = 0; i < 9; ++i) h.backlogged(10, 11);
    h.start();
    return h.measure(5'000, 65'000)[0].share[0];
}

}  // namespace

TEST_CASE("fig 12: inflating non-dominant demand pays under per-resource FQ, not DRFQ",
          "[drfq][fig12][strategy-proof]") {
    // §5.8 item 3 [O]: one <20,1> and nine <10,11>; the first pads its link demand to 11.
    // Per-resource FQ (K = 2): its CPU share goes 0.100 -> ~0.18 (fluid fixed point 20/110).
    // DRFQ: DRF gives 0.1089 -> 0.1047, computed below by progressive filling: no gain.
    const double prfq_honest = fig12_cpu_share("per-resource-fq", 1);
    const double prfq_padded = fig12_cpu_share("per-resource-fq", 11);
    CHECK(prfq_honest == Approx(0.100).margin(0.01));
    CHECK(prfq_padded == Approx(0.18).margin(0.02));

    std::vector<std::vector<double>> honest(10, {10, 11}), padded(10, {10, 11});
    honest[0] = {20, 1};
    padded[0] = {20, 11};
    const double drf_honest = drf_rates(honest)[0] * 20;
    const double drf_padded = drf_rates(padded)[0] * 20;
    CHECK(drf_honest == Approx(0.1089).margin(0.0005));
    CHECK(drf_padded == Approx(0.1047).margin(0.0005));
    const double drfq_honest = fig12_cpu_share("drfq", 1);
    const double drfq_padded = fig12_cpu_share("drfq", 11);
    CHECK(drfq_honest == Approx(drf_honest).epsilon(0.03));
    CHECK(drfq_padded == Approx(drf_padded).epsilon(0.03));
    CHECK(drfq_padded <= drfq_honest * 1.01);  // lying gains nothing
}

TEST_CASE("fig 5: bottleneck fairness by utilisation oscillates and misses DRF", "[drfq][fig5]") {
    // §5.8 item 2: <6,1>, <1,7>, <1,1>, bottleneck re-detected every 30 units from the last
    // period's utilisation. DRF gives every flow a dominant share of 6/13 = 0.46 (§5.2), which
    // DRFQ reaches. Here the declared bottleneck flips every period: SFQ on the CPU saturates
    // the link and leaves the CPU at 0.37, SFQ on the link saturates the CPU and leaves the link
    // at 0.42 (hand-derived from equal CPU / link times). The shares average the two regimes and
    // miss DRF, but it is <1,1> that falls to ~0.3. We assert the shape we can defend: many
    // switches, and some flow more than 20% below its DRF share.
    DrfqHarness h("bottleneck-fair", {}, {{"bf-period", "30"}, {"bf-detect", "utilisation"}});
    start_fig5_flows(h);
    const auto got = h.measure(1'000, 31'000);
    const auto& bf = dynamic_cast<const BottleneckFairQueue&>(h.pipeline().scheduler());
    CHECK(bf.switches() >= 20);
    double worst = 1.0;
    for (const auto& f : got) worst = std::min(worst, f.dominant());
    CHECK(worst < 0.8 * 6.0 / 13);
}

TEST_CASE("bottleneck fairness with a margin switches only on a clear excess", "[drfq][fig5]") {
    // The same flip-flopping setup as above. With --bf-margin 10 a challenger must carry 11x the
    // current bottleneck's load, which no resource here can (utilisations are at most 1 against
    // at least 0.37, from the hand derivation above), so after the first decision the declared
    // bottleneck never changes: at most one switch (from the initial resource to the other).
    DrfqHarness h("bottleneck-fair", {},
                  {{"bf-period", "30"}, {"bf-detect", "utilisation"}, {"bf-margin", "10"}});
    start_fig5_flows(h);
    h.measure(1'000, 31'000);
    const auto& bf = dynamic_cast<const BottleneckFairQueue&>(h.pipeline().scheduler());
    CHECK(bf.switches() <= 1);
}

TEST_CASE("fig 5: bottleneck fairness by queued work starves the first flow", "[drfq][fig5]") {
    // DRFQ §8.2.1 / docs/figures.md#drfq_fig5: the first flow (<6,1>) gets "only 10% of either
    // resource", far below its DRF share 6/13 = 0.46 (§5.2). With queued-work detection the work
    // waits in front of the CPU (backpressure keeps the link buffer under theta), so the CPU is
    // declared and SFQ on CPU time gives 6 x1 = x2 = x3 with the link saturated, x1 + 7 x2 + x3 =
    // 1: x1 = 1/49, i.e. <6,1> gets 6/49 = 0.12 of the CPU and 1/49 = 0.02 of the link
    // (hand-derived). Unlike the paper's figure the declared bottleneck does not oscillate.
    DrfqHarness h("bottleneck-fair", {}, {{"bf-period", "30"}, {"bf-detect", "queued-work"}});
    start_fig5_flows(h);
    const auto got = h.measure(1'000, 31'000);
    CHECK(got[0].dominant() < 0.25);
    CHECK(got[0].share[0] == Approx(6.0 / 49).margin(0.02));
    CHECK(got[0].share[1] == Approx(1.0 / 49).margin(0.01));
    // The same fixed point gives <1,1> x3 = 6/49 of each resource: the other reading of the
    // paper's "first flow" (docs/drfq-calibration.md), also far below its share guarantee of 1/3.
    CHECK(got[2].share[0] == Approx(6.0 / 49).margin(0.02));
    CHECK(got[2].share[1] == Approx(6.0 / 49).margin(0.02));
}

TEST_CASE("fig 13: sparse flow's delay stays flat as the buffer grows", "[drfq][fig13]") {
    // DRFQ §8.2.2: one flow offered twice the capacity (it overflows every buffer), one sending
    // a packet every 1000 units. The backlogged flow's delay grows with the per-flow buffer; the
    // sparse flow's stays near its own processing time plus at most one packet of the other flow
    // per resource (§5.9 T3): here 2 + 2 units, give or take noise.
    auto run = [](uint64_t buffer_pkts) {
        PipelineConfig cfg;
        cfg.flow_limit_pkts = buffer_pkts;
        DrfqHarness h("drfq", cfg);
        OpenLoopConfig& heavy = h.backlogged(1, 1);
        heavy.arrivals = Arrivals::Poisson;
        heavy.rate_pps = 2e6;  // 2 packets per unit: twice what the link can carry
        OpenLoopConfig& sparse = h.backlogged(1, 1);
        sparse.arrivals = Arrivals::Constant;
        sparse.rate_pps = 1e3;  // one per 1000 units
        std::array<double, 2> sum{};
        std::array<double, 2> n{};
        h.pipeline().set_departure_observer([&](const Packet& p, SimTime delay) {
            if (h.sim().now() < SimTime::from_us(2'000)) return;
            sum[p.flow_id] += delay.to_us();
            n[p.flow_id] += 1;
        });
        h.start();
        h.run_until_units(42'000);
        return std::array<double, 2>{sum[0] / n[0], sum[1] / n[1]};
    };
    const auto small = run(10);
    const auto large = run(200);
    CHECK(large[0] > 10 * small[0]);
    CHECK(large[1] == Approx(small[1]).epsilon(0.25));
    CHECK(large[1] < 6.0);
}
