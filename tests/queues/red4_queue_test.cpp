#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "queue_test_util.h"
#include "queues/droptail_queue.h"
#include "queues/red4_core.h"
#include "queues/red4_queue.h"
#include "src/simulation.h"
#include "test_sinks.h"

using namespace corelink;
using corelink::testing::make_packet;
using corelink::testing::make_queue;

namespace {

Packet& costly(Simulation& sim, uint32_t flow, SimTime cost, uint64_t seq = 0) {
    Packet& p = make_packet(sim, flow, 100, seq);
    p.cost = cost;
    return p;
}

// A queue holding exactly `n` packets: the occupancy the policy reads, held fixed.
struct HeldOccupancy {
    Simulation& sim;
    DropTailQueue q;
    HeldOccupancy(Simulation& s, size_t n) : sim(s), q(s.events(), s.pool(), QueueLimits{}) {
        for (size_t i = 0; i < n; ++i) q.enqueue(costly(s, 99, SimTime::from_us(1)));
    }
    ~HeldOccupancy() {
        while (Packet* p = q.dequeue()) sim.pool().release(*p);
    }
};

RedParams oracle_red() {
    RedParams p;  // docs/algorithms.md §1 oracle parameters; w_q = 1 so avg = the held occupancy
    p.w_q = 1.0;
    return p;
}

}  // namespace

TEST_CASE("RED_4 ratio rule: p_i = min(1, p·(ĉ_i/c_min)²)", "[red4]") {
    // docs/algorithms.md §2.3. Costs 1, 2 and 5 µs: p_i = p, 4p and min(1, 25p).
    Simulation sim(1);
    HeldOccupancy held(sim, 0);
    Red4Policy policy(oracle_red(), Red4Params{}, SimTime::from_us(1), Rng(1));
    const SimTime now = SimTime::zero();
    for (uint32_t f : {0u, 1u, 2u}) {
        Packet& p = costly(sim, f, SimTime::from_us(f == 0 ? 1 : f == 1 ? 2 : 5));
        policy.on_arrival(p, held.q, now);
        sim.pool().release(p);
    }
    CHECK(policy.c_min_ps(now) == Approx(1e6));
    CHECK(policy.flow_probability(0, 0.05, now) == Approx(0.05));
    CHECK(policy.flow_probability(1, 0.05, now) == Approx(0.2));
    CHECK(policy.flow_probability(2, 0.05, now) == 1.0);  // 1.25 capped
    CHECK(policy.flow_probability(2, 0.01, now) == Approx(0.25));
}

TEST_CASE("RED_4 marks each flow at its own rate, with per-flow spacing", "[red4]") {
    // avg held at 10 packets ⇒ p = 0.05 (§1). With count spacing the marked fraction is 2·p_i
    // (mean gap 1/(2 p_i), §1): flow 0 (1 µs) 0.10, flow 1 (2 µs, p_1 = 0.2) 0.40, flow 2
    // (5 µs, p_2 = 1) every packet. [±0.01 over 3·10^4 packets per flow]
    Simulation sim(2);
    HeldOccupancy held(sim, 10);
    Red4Policy policy(oracle_red(), Red4Params{}, SimTime::from_us(1), Rng(3));
    const SimTime costs[] = {SimTime::from_us(1), SimTime::from_us(2), SimTime::from_us(5)};
    uint64_t marks[3] = {0, 0, 0};
    uint64_t forced = 0;
    const int n = 30000;
    for (int i = 0; i < n; ++i) {
        for (uint32_t f = 0; f < 3; ++f) {
            Packet& p = costly(sim, f, costs[f]);
            const auto d = policy.on_arrival(p, held.q, SimTime::zero());
            if (d == Red4Policy::Decision::Forced) ++forced;
            if (d == Red4Policy::Decision::Signal) ++marks[f];
            sim.pool().release(p);
        }
    }
    CHECK(static_cast<double>(marks[0]) / n == Approx(0.10).margin(0.01));
    CHECK(static_cast<double>(marks[1]) / n == Approx(0.40).margin(0.01));
    CHECK(marks[2] == static_cast<uint64_t>(n));
    CHECK(forced == 0);
}

TEST_CASE("RED_4 with one flow makes exactly RED's decisions for the same seed", "[red4]") {
    // docs/algorithms.md §2.3 corner case: the ratio is 1, so p_i = p and the per-flow count is
    // RED's. Random costs (the ratio ĉ/c_min stays exactly 1), random arrivals and departures, ECN
    // mix.
    auto run = [](const char* name) {
        Simulation sim(11);
        auto q = make_queue(sim, name, QueueLimits::in_packets(40), SimTime::from_us(1),
                            {{"red-wq", "0.05"}, {"red-gentle", "on"}});
        Rng rng(5);
        std::vector<int> outcome;  // per arrival: 0 queued, 1 marked, 2 dropped
        for (int i = 0; i < 20000; ++i) {
            if (rng.bernoulli(0.6)) {
                const double cost_ns = 500 + static_cast<double>(rng.below(2000));
                Packet& p = costly(sim, 3, SimTime::from_ns(cost_ns));
                if (rng.bernoulli(0.5)) p.flags |= pkt_flags::kEcnCapable;
                const uint64_t drops = q->stats().dropped_total();
                const uint64_t marked = q->stats().marked_pkts;
                q->enqueue(p);
                outcome.push_back(q->stats().dropped_total() > drops ? 2
                                  : q->stats().marked_pkts > marked  ? 1
                                                                     : 0);
            } else if (Packet* p = q->dequeue()) {
                sim.pool().release(*p);
            }
            if (rng.bernoulli(0.001)) sim.events().run_until(sim.now() + SimTime::from_us(300));
        }
        while (Packet* p = q->dequeue()) sim.pool().release(*p);
        return outcome;
    };
    const std::vector<int> red = run("red");
    const std::vector<int> red4 = run("red4");
    CHECK(red4 == red);
    CHECK(std::count(red.begin(), red.end(), 1) > 0);  // the run exercised marks and drops
    CHECK(std::count(red.begin(), red.end(), 2) > 0);
}

TEST_CASE("RED_4 c_min recovers once the cheapest flow is quiet for T_act", "[red4]") {
    // docs/algorithms.md §2.3: active = a queued packet, or seen within T_act (50 ms by default).
    Simulation sim(1);
    HeldOccupancy held(sim, 0);
    Red4Policy policy(oracle_red(), Red4Params{}, SimTime::from_us(1), Rng(1));
    auto arrive = [&](uint32_t f, SimTime cost, SimTime t) {
        Packet& p = costly(sim, f, cost);
        policy.on_arrival(p, held.q, t);
        sim.pool().release(p);
    };
    const SimTime cheap = SimTime::from_us(1), dear = SimTime::from_us(4);
    arrive(0, cheap, SimTime::zero());
    arrive(1, dear, SimTime::zero());
    arrive(0, cheap, SimTime::from_ms(10));  // the cheap flow's last packet
    for (int ms = 11; ms <= 100; ++ms) {
        arrive(1, dear, SimTime::from_ms(ms));
        const double expected = ms <= 60 ? 1e6 : 4e6;  // 10 ms + T_act
        INFO("t = " << ms << " ms");
        CHECK(policy.c_min_ps(SimTime::from_ms(ms)) == Approx(expected));
    }
    CHECK(policy.flow_probability(1, 0.05, SimTime::from_ms(100)) == Approx(0.05));

    SECTION("a queued packet keeps the cheap flow active past T_act") {
        arrive(0, cheap, SimTime::from_ms(200));
        policy.on_stored(0);
        arrive(1, dear, SimTime::from_ms(400));
        CHECK(policy.c_min_ps(SimTime::from_ms(400)) == Approx(1e6));
        policy.on_removed(0);
        CHECK(policy.c_min_ps(SimTime::from_ms(400)) == Approx(4e6));
        // And it comes back as soon as it is seen again.
        arrive(0, cheap, SimTime::from_ms(401));
        CHECK(policy.c_min_ps(SimTime::from_ms(401)) == Approx(1e6));
    }
}

TEST_CASE("RED_4 cost estimates: EWMA g = 1/16, static running mean, per packet", "[red4]") {
    Simulation sim(1);
    HeldOccupancy held(sim, 0);
    auto after_two = [&](Red4CostEstimate e) {
        Red4Params params;
        params.estimate = e;
        Red4Policy policy(oracle_red(), params, SimTime::from_us(1), Rng(1));
        for (SimTime c : {SimTime::from_us(1), SimTime::from_us(2)}) {
            Packet& p = costly(sim, 0, c);
            policy.on_arrival(p, held.q, SimTime::zero());
            sim.pool().release(p);
        }
        return policy.cost_estimate_ps(0);
    };
    CHECK(after_two(Red4CostEstimate::Ewma) == Approx(1e6 + 1e6 / 16));  // ĉ + g(c - ĉ)
    CHECK(after_two(Red4CostEstimate::Static) == Approx(1.5e6));
    CHECK(after_two(Red4CostEstimate::Packet) == Approx(2e6));
}

TEST_CASE("RED_4 options are validated", "[red4]") {
    Simulation sim(1);
    CHECK_THROWS_WITH(
        make_queue(sim, "red4", QueueLimits{}, SimTime::from_us(1), {{"red4-cost", "median"}}),
        Catch::StartsWith("--red4-cost: must be ewma, static or packet"));
    CHECK_THROWS_WITH(
        make_queue(sim, "red4", QueueLimits{}, SimTime::from_us(1), {{"red4-active-ms", "-1"}}),
        Catch::StartsWith("--red4-active-ms:"));
}
