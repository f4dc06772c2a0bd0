#include <catch2/catch.hpp>

#include "queues/droptail_queue.h"
#include "src/rng.h"
#include "src/simulation.h"
#include "test_sinks.h"

using namespace corelink;
using corelink::testing::make_packet;

TEST_CASE("drop-tail conserves packets under a random workload", "[droptail]") {
    // Conservation law: arrived = departed + dropped + queued, at every step, counted
    // independently of the queue's own bookkeeping (by the test and by the packet pool).
    auto run = [](QueueLimits limits, uint64_t seed) {
        Simulation sim(seed);
        DropTailQueue q(sim.events(), sim.pool(), limits);
        Rng rng(seed);
        uint64_t offered = 0, taken = 0;
        for (int step = 0; step < 20000; ++step) {
            if (rng.bernoulli(0.55)) {
                Packet& p = make_packet(sim, static_cast<uint32_t>(rng.below(4)),
                                        static_cast<uint32_t>(40 + rng.below(1461)));
                p.cost = SimTime::from_ns(static_cast<double>(p.size_bytes));
                q.enqueue(p);
                ++offered;
            } else if (Packet* p = q.dequeue()) {
                ++taken;
                sim.pool().release(*p);
            }
            const uint64_t dropped = sim.pool().released() - taken;
            REQUIRE(offered == taken + dropped + q.packets());
            REQUIRE(q.packets() == sim.pool().in_use());
            REQUIRE(q.stats().arrived_pkts == offered);
            REQUIRE(q.stats().departed_pkts == taken);
            REQUIRE(q.stats().dropped_total() == dropped);
            REQUIRE(q.packets() <= limits.packets);
            REQUIRE(q.bytes() <= limits.bytes);
        }
        return q.stats().dropped(DropReason::Overflow);
    };
    CHECK(run(QueueLimits::in_packets(20), 1) > 0);
    CHECK(run(QueueLimits::in_bytes(15000), 2) > 0);
}

TEST_CASE("drop-tail serves in arrival order and tail-drops at the limit", "[droptail]") {
    Simulation sim(1);
    DropTailQueue q(sim.events(), sim.pool(), QueueLimits::in_packets(3));
    for (uint64_t i = 0; i < 5; ++i) q.enqueue(make_packet(sim, 0, 100, i));
    CHECK(q.packets() == 3);
    CHECK(q.stats().dropped(DropReason::Overflow) == 2);
    for (uint64_t i = 0; i < 3; ++i) {
        Packet* p = q.dequeue();
        REQUIRE(p);
        CHECK(p->seqno == i);  // the first three survive, in order
        sim.pool().release(*p);
    }
    CHECK(q.dequeue() == nullptr);
}
