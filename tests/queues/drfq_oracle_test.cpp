// DRFQ against the analytic DRF allocation and the hand-derived traces of
// docs/algorithms.md §5.2-5.5.
#include <catch2/catch.hpp>

#include "drfq_harness.h"

using namespace corelink;
using corelink::testing::drf_rates;
using corelink::testing::DrfqHarness;

namespace {

// Runs DRFQ on backlogged flows with these profiles and checks each flow's dominant share
// against progressive filling (§5.2), within 3% [O].
void check_drf(const std::vector<std::vector<double>>& profiles,
               const std::vector<double>& weights = {}) {
    DrfqHarness h("drfq", {}, {}, weights);
    for (const auto& d : profiles) h.backlogged(d[0], d[1]);
    h.start();
    const std::vector<double> x = drf_rates(profiles, weights);
    const auto got = h.measure(2'000, 42'000);
    for (size_t i = 0; i < profiles.size(); ++i) {
        const double expected = x[i] * std::max(profiles[i][0], profiles[i][1]);
        INFO("flow " << i << " expected dominant share " << expected);
        CHECK(got[i].dominant() == Approx(expected).epsilon(0.03));
    }
}

}  // namespace

TEST_CASE("drfq: long-run dominant shares equal DRF (progressive filling)", "[drfq]") {
    // Profile sets of docs/algorithms.md §5.2, Normal demands with sd = mean/10 (§5.6).
    SECTION("<6,1> <1,7> <1,1>: 6/13 each") {
        check_drf({{6, 1}, {1, 7}, {1, 1}});
    }
    SECTION("<1,1> <0.1,1>: 0.5 each") {
        check_drf({{1, 1}, {0.1, 1}});
    }
    SECTION("<2,1> <1,3>: 2/3 each") {
        check_drf({{2, 1}, {1, 3}});
    }
    SECTION("<2,1> <1,3>, weights 2:1: 0.857, 0.429") {
        check_drf({{2, 1}, {1, 3}}, {2, 1});
    }
}

TEST_CASE("drfq: progressive filling reproduces the §5.2 table", "[drfq]") {
    // Guards the test's own oracle against the hand-computed table.
    auto x = drf_rates({{6, 1}, {1, 7}, {1, 1}});
    CHECK(x[0] == Approx(1.0 / 13));
    CHECK(x[1] == Approx(6.0 / 91));
    CHECK(x[2] == Approx(6.0 / 13));
    x = drf_rates({{2, 1}, {1, 3}}, {2, 1});
    CHECK(x[0] == Approx(3.0 / 7));
    CHECK(x[1] == Approx(1.0 / 7));
}

TEST_CASE("drfq: memoryless dispatch order and rates for <2,1>, <1,3>", "[drfq]") {
    // §5.4 oracle: deterministic costs; start tags f1: 0,2,4,..., f2: 0,3,6,...; order
    // f1,f2,f1,f2,f1,f1,f2,f1,f2,f1,f1,f2; rates 1/3 and 2/9 per unit, link 100%, CPU 8/9.
    DrfqHarness h("drfq");
    h.backlogged(2, 1, 0.0);
    h.backlogged(1, 3, 0.0);
    std::vector<uint32_t> order;
    h.pipeline().set_departure_observer([&](const Packet& p, SimTime) {
        if (order.size() < 12) order.push_back(p.flow_id);
    });
    h.start();
    const auto got = h.measure(1'000, 31'000);
    CHECK(order == std::vector<uint32_t>{0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1});
    CHECK(got[0].rate_per_unit == Approx(1.0 / 3).epsilon(0.03));
    CHECK(got[1].rate_per_unit == Approx(2.0 / 9).epsilon(0.03));
    CHECK(got[0].share[1] + got[1].share[1] == Approx(1.0).epsilon(0.03));
    CHECK(got[0].share[0] + got[1].share[0] == Approx(8.0 / 9).epsilon(0.03));
}

TEST_CASE("drfq: memoryless versus dovetailing (§5.5)", "[drfq]") {
    // §5.5 oracle [±5%]: flow 1 alternates <1,0.25> and <0.25,1>, flow 2 is <1,1>. Memoryless:
    // both 2/3.25 = 0.615 per unit; dovetailing: 0.8 and 0.5 (DRF for flow 1's average
    // <0.625,0.625>). Bounded with delta = 0 must equal memoryless.
    auto run = [](const std::map<std::string, std::string>& options) {
        PipelineConfig cfg;
        cfg.theta[1] = SimTime::from_us(6);  // the oracle's throwaway simulation used theta = 6
        DrfqHarness h("drfq", cfg, options);
        OpenLoopConfig& alt = h.backlogged(1, 0.25, 0.0);
        alt.alternate[0].mean_us = {1, 0.25};
        alt.alternate[1].mean_us = {0.25, 1};
        alt.alternate[0].sd_fraction = alt.alternate[1].sd_fraction = 0.0;
        alt.alternate_count = 2;
        h.backlogged(1, 1, 0.0);
        h.start();
        return h.measure(1'000, 21'000);
    };
    const auto memoryless = run({});
    CHECK(memoryless[0].rate_per_unit == Approx(2.0 / 3.25).epsilon(0.05));
    CHECK(memoryless[1].rate_per_unit == Approx(2.0 / 3.25).epsilon(0.05));
    const auto bounded0 = run({{"drfq-mode", "bounded"}, {"drfq-delta", "0"}});
    CHECK(bounded0[0].rate_per_unit == Approx(memoryless[0].rate_per_unit).epsilon(0.01));
    const auto dovetail = run({{"drfq-mode", "dovetailing"}});
    CHECK(dovetail[0].rate_per_unit == Approx(0.8).epsilon(0.05));
    CHECK(dovetail[1].rate_per_unit == Approx(0.5).epsilon(0.05));
}

TEST_CASE("drfq: share guarantee for random profile sets", "[drfq][property]") {
    // §5.3: every backlogged flow gets at least 1/n of its dominant resource. Random profiles
    // (seeded): 2-5 flows, demands uniform on [0.1, 10] units. Tolerance: 3% of 1/n for a
    // finite run of ~20,000 units with Normal noise. Also checks the DRF point itself (3%).
    Rng rng(20120813);
    for (int trial = 0; trial < 12; ++trial) {
        const size_t n = 2 + rng.below(4);
        std::vector<std::vector<double>> profiles;
        for (size_t i = 0; i < n; ++i)
            profiles.push_back({rng.uniform(0.1, 10.0), rng.uniform(0.1, 10.0)});
        DrfqHarness h("drfq", {}, {}, {}, 100 + trial);
        for (const auto& d : profiles) h.backlogged(d[0], d[1]);
        h.start();
        const auto got = h.measure(2'000, 22'000);
        const auto x = drf_rates(profiles);
        for (size_t i = 0; i < n; ++i) {
            INFO("trial " << trial << " flow " << i << " profile <" << profiles[i][0] << ","
                          << profiles[i][1] << ">");
            CHECK(got[i].dominant() >= 0.97 / static_cast<double>(n));
            CHECK(got[i].dominant() ==
                  Approx(x[i] * std::max(profiles[i][0], profiles[i][1])).epsilon(0.03));
        }
    }
}
