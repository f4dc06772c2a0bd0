// The multi-resource pipeline (docs/algorithms.md §5.7): conservation, per-flow order,
// backpressure, per-resource blocking, and demand estimation (§5.6).
#include <catch2/catch.hpp>

#include "drfq_harness.h"
#include "src/input_error.h"

using namespace corelink;
using corelink::testing::drf_rates;
using corelink::testing::DrfqHarness;

TEST_CASE("pipeline conserves packets and keeps each flow in order", "[pipeline]") {
    // Every packet sent is delivered, dropped at the input, or still inside; the pool agrees.
    for (const char* name : {"fifo", "drfq", "sfq", "bottleneck-fair", "per-resource-fq"}) {
        INFO(name);
        PipelineConfig cfg;
        cfg.flow_limit_pkts = 20;
        DrfqHarness h(name, cfg);
        for (int i = 0; i < 4; ++i) {
            OpenLoopConfig& c = h.backlogged(1 + i, 4 - i);
            c.arrivals = Arrivals::Poisson;
            c.rate_pps = 4e5;
        }
        std::vector<uint64_t> last(4, 0);
        uint64_t delivered = 0;
        bool in_order = true;
        h.pipeline().set_departure_observer([&](const Packet& p, SimTime) {
            if (p.seqno < last[p.flow_id]) in_order = false;
            last[p.flow_id] = p.seqno + 1;
            ++delivered;
        });
        h.start();
        h.run_until_units(5'000);
        const Queue& q = h.pipeline().scheduler();
        const uint64_t sent = q.stats().arrived_pkts;
        const uint64_t dropped = q.stats().dropped_total();
        CHECK(sent == delivered + dropped + q.packets() + h.pipeline().in_flight());
        CHECK(h.sim().pool().in_use() == q.packets() + h.pipeline().in_flight());
        CHECK(dropped > 0);
        CHECK(in_order);
    }
}

TEST_CASE("pipeline: backpressure keeps the link buffer under theta", "[pipeline]") {
    // §5.7: dispatch only while the later stage holds less than theta of queued work; then
    // it never holds more than theta plus one packet.
    PipelineConfig cfg;
    cfg.theta[1] = SimTime::from_us(6);
    DrfqHarness h("drfq", cfg);
    h.backlogged(0.1, 1, 0.0);
    h.backlogged(0.2, 2, 0.0);
    h.start();
    uint64_t max_in_flight = 0;
    for (int t = 1; t <= 2000; ++t) {
        h.run_until_units(t * 5.0);
        max_in_flight = std::max<uint64_t>(max_in_flight, h.pipeline().in_flight());
    }
    // theta 6 units / smallest link demand 1 = at most 6 queued + 2 in service + 1 dispatching.
    CHECK(max_in_flight <= 9);
}

TEST_CASE("pipeline: estimated demands still give DRF shares", "[pipeline][estimate]") {
    // §5.6: scheduler tags use per-flow EWMA or a linear fit while resources spend the true
    // (noisy) demand; with unbiased estimates the long-run shares stay at DRF (3%).
    for (DemandEstimate e : {DemandEstimate::Ewma, DemandEstimate::Linear}) {
        PipelineConfig cfg;
        cfg.estimate = e;
        DrfqHarness h("drfq", cfg);
        h.backlogged(2, 1);
        h.backlogged(1, 3);
        h.start();
        const auto got = h.measure(2'000, 32'000);
        const auto x = drf_rates({{2, 1}, {1, 3}});
        CHECK(got[0].dominant() == Approx(x[0] * 2).epsilon(0.03));
        CHECK(got[1].dominant() == Approx(x[1] * 3).epsilon(0.03));
    }
}

TEST_CASE("pipeline: a non-multi-resource queue is rejected", "[pipeline]") {
    Simulation sim(1);
    QueueOptionValues values = builtin_queues().defaults();
    QueueEnv env{sim.events(),  sim.pool(), sim.make_rng(),
                 QueueLimits{}, values,     SimTime::from_us(1)};
    auto build = [&] {
        MultiResourcePipeline p(sim.events(), sim.pool(), builtin_queues().make("droptail", env),
                                PipelineConfig{});
    };
    CHECK_THROWS_AS(build(), InputError);
}
