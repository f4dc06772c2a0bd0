#include <catch2/catch.hpp>

#include <algorithm>

#include "queue_test_util.h"
#include "queues/red_core.h"
#include "queues/red_queue.h"
#include "src/input_error.h"
#include "src/simulation.h"
#include "test_sinks.h"

using namespace corelink;
using corelink::testing::make_packet;
using corelink::testing::make_queue;

namespace {
RedParams oracle_params(bool gentle) {
    RedParams p;  // docs/algorithms.md §1 oracles: min_th 5, max_th 15, max_p 0.1, packet mode
    p.min_th = 5;
    p.max_th = 15;
    p.max_p = 0.1;
    p.gentle = gentle;
    return p;
}
}  // namespace

TEST_CASE("RED p_b and p_a match the docs/algorithms.md §1 oracles", "[red]") {
    RedEstimator red(oracle_params(false), SimTime::from_us(1));
    red.set_avg(4.99);
    CHECK(red.region() == RedEstimator::Region::Below);
    CHECK(red.p_b() == 0.0);
    red.set_avg(10);
    CHECK(red.region() == RedEstimator::Region::Ramp);
    CHECK(red.p_b() == Approx(0.05));                      // §1: avg 10 ⇒ p_b 0.05
    CHECK(RedSpacing::p_a(red.p_b(), 10) == Approx(0.1));  // 0.05 / (1 - 0.5)
    CHECK(RedSpacing::p_a(red.p_b(), 19) == Approx(1.0));  // count·p_b = 0.95
    CHECK(RedSpacing::p_a(red.p_b(), 20) == 1.0);          // guard: count·p_b >= 1
    red.set_avg(15);
    CHECK(red.region() == RedEstimator::Region::Forced);  // no gentle: forced at max_th

    RedEstimator gentle(oracle_params(true), SimTime::from_us(1));
    gentle.set_avg(20);
    CHECK(gentle.region() == RedEstimator::Region::Ramp);
    CHECK(gentle.p_b() == Approx(0.4));  // 0.1 + 0.9·5/15
    gentle.set_avg(29.999);
    CHECK(gentle.region() == RedEstimator::Region::Ramp);
    gentle.set_avg(30);
    CHECK(gentle.region() == RedEstimator::Region::Forced);  // forced from 2·max_th
    CHECK(gentle.p_b() == 1.0);
}

TEST_CASE("RED count-based spacing with avg held fixed: mean gap 10, fraction 0.10, gap <= 19",
          "[red]") {
    // docs/algorithms.md §1: with p_b = 0.05 fixed, P(gap > k) = (1-(k+1)p_b)/(1-p_b), so the gap
    // is at most 19, its mean is exactly 10 and the marked fraction 0.10 [±0.01 over 10^5 packets].
    RedEstimator red(oracle_params(true), SimTime::from_us(1));
    red.set_avg(10);  // held: no arrivals update it
    RedSpacing spacing;
    Rng rng(42);
    uint64_t marks = 0, gap = 0, max_gap = 0, gap_sum = 0;
    const uint64_t n = 100000;
    for (uint64_t i = 0; i < n; ++i) {
        ++gap;
        if (spacing.draw(red.p_b(), rng)) {
            ++marks;
            if (marks > 1) {  // the first gap runs from count = -1, not from a mark
                gap_sum += gap;
                max_gap = std::max(max_gap, gap);
            }
            gap = 0;
        }
    }
    CHECK(static_cast<double>(marks) / n == Approx(0.10).margin(0.01));
    CHECK(static_cast<double>(gap_sum) / static_cast<double>(marks - 1) == Approx(10).margin(0.2));
    CHECK(max_gap <= 19);
}

TEST_CASE("RED EWMA and idle-time correction match docs/algorithms.md §1", "[red]") {
    RedParams params = oracle_params(true);
    params.w_q = 0.002;
    SECTION("q = 100 for 500 arrivals: avg = 100·(1-0.998^500) = 63.25") {
        RedEstimator red(params, SimTime::from_us(1));
        for (int i = 0; i < 500; ++i)
            red.on_arrival(100.0, false, SimTime::zero(), SimTime::zero());
        CHECK(red.avg() == Approx(63.25).margin(0.005));
    }
    SECTION("avg 10, idle 0.1 s, s = 0.4 ms (m = 250): avg = 10·0.998^250 = 6.062") {
        RedEstimator red(params, SimTime::from_us(400));
        red.set_avg(10);
        red.on_arrival(0.0, true, SimTime::from_ms(100), SimTime::zero());
        CHECK(red.avg() == Approx(6.062).margin(0.0005));
    }
    SECTION("work occupancy is counted in typical costs") {
        params.occupancy = RedOccupancy::Work;
        params.w_q = 1.0;  // avg = the last sample
        Simulation sim(1);
        RedQueue q(sim.events(), sim.pool(), QueueLimits{}, params, SimTime::from_us(2), Rng(1));
        for (int i = 0; i < 3; ++i) {
            Packet& p = make_packet(sim, 0, 100);
            p.cost = SimTime::from_us(3);
            q.enqueue(p);
        }
        CHECK(q.estimator().avg() == Approx(3.0));  // 2 packets · 3 µs / 2 µs before the third
    }
}

TEST_CASE("RED through the queue marks ECN-capable packets, drops the others, forces at max_th",
          "[red]") {
    // w_q = 1 makes avg the instantaneous occupancy, so the regions are exact: below 5 packets
    // everything is accepted; at 15 (no gentle) every arrival is a forced drop.
    for (const bool ecn : {true, false}) {
        Simulation sim(7);
        auto q = make_queue(sim, "red", QueueLimits{}, SimTime::from_us(1),
                            {{"red-wq", "1"}, {"red-gentle", "off"}});
        for (int i = 0; i < 200; ++i) {
            Packet& p = make_packet(sim, 0, 100, static_cast<uint64_t>(i));
            p.cost = SimTime::from_us(1);
            if (ecn) p.flags |= pkt_flags::kEcnCapable;
            q->enqueue(p);
            if (i < 5) CHECK(q->packets() == static_cast<size_t>(i + 1));
        }
        const QueueStats& s = q->stats();
        CHECK(q->packets() == 15);
        CHECK(s.dropped(DropReason::Forced) == 200 - 15 - s.dropped(DropReason::Early));
        if (ecn) {
            CHECK(s.dropped(DropReason::Early) == 0);
            CHECK(s.marked_pkts > 0);
        } else {
            CHECK(s.dropped(DropReason::Early) > 0);
            CHECK(s.marked_pkts == 0);
        }
        while (Packet* p = q->dequeue()) sim.pool().release(*p);
    }
}

TEST_CASE("RED options are validated with one line naming the flag", "[red]") {
    Simulation sim(1);
    auto rejects = [&](std::initializer_list<std::pair<const char*, const char*>> o,
                       const std::string& flag) {
        try {
            (void)make_queue(sim, "red", QueueLimits{}, SimTime::from_us(1), o);
            return false;
        } catch (const InputError& e) {
            return std::string(e.what()).rfind(flag + ":", 0) == 0;
        }
    };
    CHECK(rejects({{"red-min-th", "15"}, {"red-max-th", "15"}}, "--red-max-th"));
    CHECK(rejects({{"red-max-p", "-0.1"}}, "--red-max-p"));
    CHECK(rejects({{"red-max-p", "1.5"}}, "--red-max-p"));
    CHECK(rejects({{"red-wq", "0"}}, "--red-wq"));
    CHECK(rejects({{"red-occupancy", "bytes"}}, "--red-occupancy"));
    CHECK(rejects({{"red-gentle", "sometimes"}}, "--red-gentle"));
    CHECK_NOTHROW(make_queue(sim, "red", QueueLimits{}, SimTime::from_us(1)));
}
