#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "queue_test_util.h"
#include "src/input_error.h"
#include "src/simulation.h"
#include "test_sinks.h"

using namespace corelink;
using corelink::testing::make_packet;
using corelink::testing::make_queue;

TEST_CASE("RED_4 MQ decides on the sum of all per-flow queues, exactly as RED_4 on one FIFO",
          "[red4mq]") {
    // docs/algorithms.md §2.4: the occupancy is the total over the per-flow queues, with one avg.
    // With arrivals only, both queues see the same occupancy sequence, so for the same seed they
    // must make the same decisions packet by packet, whatever the per-flow split.
    auto run = [](const char* name) {
        Simulation sim(4);
        auto q = make_queue(sim, name, QueueLimits::in_packets(1000), SimTime::from_us(1),
                            {{"red-wq", "0.02"}});
        Rng rng(9);
        std::vector<int> outcome;
        for (int i = 0; i < 3000; ++i) {
            const auto f = static_cast<uint32_t>(rng.below(4));
            Packet& p = make_packet(sim, f, 100);
            p.cost = SimTime::from_us(1 + f);
            const uint64_t drops = q->stats().dropped_total();
            q->enqueue(p);
            outcome.push_back(q->stats().dropped_total() > drops ? 1 : 0);
        }
        while (Packet* p = q->dequeue()) sim.pool().release(*p);
        return outcome;
    };
    const std::vector<int> mq = run("red4mq");
    CHECK(mq == run("red4"));
    CHECK(std::count(mq.begin(), mq.end(), 1) > 100);
}

TEST_CASE("RED_4 MQ per-flow cap drops with reason flow_limit and 0 means no cap", "[red4mq]") {
    for (const char* cap : {"2", "0"}) {
        Simulation sim(1);
        auto q = make_queue(sim, "red4mq", QueueLimits::in_packets(100), SimTime::from_us(1),
                            {{"red4mq-flow-cap", cap}});
        for (int i = 0; i < 4; ++i) {
            for (uint32_t f = 0; f < 2; ++f) {
                Packet& p = make_packet(sim, f, 100);
                p.cost = SimTime::from_us(1);
                q->enqueue(p);
            }
        }
        const bool capped = std::string(cap) == "2";
        CHECK(q->packets() == (capped ? 4u : 8u));
        CHECK(q->stats().dropped(DropReason::FlowLimit) == (capped ? 4u : 0u));
        while (Packet* p = q->dequeue()) sim.pool().release(*p);
    }
    Simulation sim(1);
    CHECK_THROWS_WITH(
        make_queue(sim, "red4mq", QueueLimits{}, SimTime::from_us(1), {{"red4mq-flow-cap", "-1"}}),
        Catch::StartsWith("--red4mq-flow-cap: must be an integer >= 0"));
}
