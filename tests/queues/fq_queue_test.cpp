#include <catch2/catch.hpp>

#include <string>

#include "queue_test_util.h"
#include "src/input_error.h"
#include "src/simulation.h"
#include "test_sinks.h"

using namespace corelink;
using corelink::testing::make_packet;
using corelink::testing::make_queue;

namespace {

// Flow 0 is "a", flow 1 "b", ...; packet seqnos are 1-based per flow: "a1".
void add(Simulation& sim, Queue& q, uint32_t flow, uint64_t seq) {
    Packet& p = make_packet(sim, flow, 100, seq);
    p.cost = SimTime::from_us(1);
    q.enqueue(p);
}
std::string take(Simulation& sim, Queue& q, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) {
        Packet* p = q.dequeue();
        if (!p) break;
        if (!out.empty()) out += ' ';
        out += static_cast<char>('a' + p->flow_id);
        out += std::to_string(p->seqno);
        sim.pool().release(*p);
    }
    return out;
}

}  // namespace

TEST_CASE("batching round robin service orders match docs/algorithms.md §2.5", "[fq][rr]") {
    // The same scheduler serves fq and red4mq (whose RED_4 stays below min_th here).
    const std::string name = GENERATE(as<std::string>{}, "fq", "red4mq");
    Simulation sim(1);
    auto with_batch = [&](const char* b) {
        return make_queue(sim, name, QueueLimits{}, SimTime::from_us(1), {{"batch", b}});
    };
    SECTION("B = 2: a1 a2 b1 b2 a3 b3") {
        auto q = with_batch("2");
        for (uint64_t i = 1; i <= 3; ++i) add(sim, *q, 0, i);
        for (uint64_t i = 1; i <= 3; ++i) add(sim, *q, 1, i);
        CHECK(take(sim, *q, 10) == "a1 a2 b1 b2 a3 b3");
    }
    SECTION("B = 1024 with finite backlogs: all of A, then all of B") {
        auto q = with_batch("1024");
        for (uint64_t i = 1; i <= 3; ++i) add(sim, *q, 0, i);
        for (uint64_t i = 1; i <= 3; ++i) add(sim, *q, 1, i);
        CHECK(take(sim, *q, 10) == "a1 a2 a3 b1 b2 b3");
    }
    SECTION("B = 1 is per-packet round robin") {
        auto q = with_batch("1");
        for (uint64_t i = 1; i <= 3; ++i) add(sim, *q, 0, i);
        for (uint64_t i = 1; i <= 2; ++i) add(sim, *q, 1, i);
        add(sim, *q, 2, 1);
        CHECK(take(sim, *q, 10) == "a1 b1 c1 a2 b2 a3");
    }
    SECTION("arrivals to the flow in service do not extend its snapshot") {
        auto q = with_batch("1024");
        for (uint64_t i = 1; i <= 3; ++i) add(sim, *q, 0, i);
        for (uint64_t i = 1; i <= 2; ++i) add(sim, *q, 1, i);
        CHECK(take(sim, *q, 1) == "a1");  // the visit to A snapshots n = 3
        add(sim, *q, 0, 4);
        add(sim, *q, 0, 5);
        CHECK(take(sim, *q, 10) == "a2 a3 b1 b2 a4 a5");
    }
    SECTION("a flow that empties and refills rejoins at the tail") {
        auto q = with_batch("2");
        add(sim, *q, 0, 1);
        add(sim, *q, 1, 1);
        add(sim, *q, 1, 2);
        add(sim, *q, 1, 3);
        CHECK(take(sim, *q, 1) == "a1");  // A empties and leaves the list
        add(sim, *q, 0, 2);               // behind B
        CHECK(take(sim, *q, 10) == "b1 b2 a2 b3");
    }
}

TEST_CASE("batch modes: what one visit serves (batching_round_robin.h)", "[fq][rr]") {
    // Orders worked by hand from the three definitions. A visit to A starts with a1..a3 queued;
    // a4 and a5 arrive while it is in progress.
    const std::string name = GENERATE(as<std::string>{}, "fq", "red4mq");
    Simulation sim(1);
    auto run = [&](const char* mode) {
        auto q = make_queue(sim, name, QueueLimits{}, SimTime::from_us(1),
                            {{"batch", "4"}, {"batch-mode", mode}});
        for (uint64_t i = 1; i <= 3; ++i) add(sim, *q, 0, i);
        for (uint64_t i = 1; i <= 2; ++i) add(sim, *q, 1, i);
        std::string out = take(sim, *q, 1);
        add(sim, *q, 0, 4);
        add(sim, *q, 0, 5);
        return out + ' ' + take(sim, *q, 10);
    };
    // snapshot and committed serve the three packets queued when the visit began;
    CHECK(run("snapshot") == "a1 a2 a3 b1 b2 a4 a5");
    CHECK(run("committed") == "a1 a2 a3 b1 b2 a4 a5");
    // greedy serves arrivals too, until the budget of B = 4 is spent.
    CHECK(run("greedy") == "a1 a2 a3 a4 b1 b2 a5");
}

TEST_CASE("a committed batch is out of reach of push-out and of the per-flow cap", "[fq][rr]") {
    Simulation sim(1);
    SECTION("push-out") {
        // Buffer of 5. A's visit begins with a1..a4 (a1 served), B holds b1, C holds c1: full.
        // c2 arrives. Snapshot: A (3) is longest and loses a2. Committed: A's ring is empty, C
        // (1 + the arrival) is longest and loses c1.
        auto run = [&](const char* mode) {
            auto q = make_queue(sim, "fq", QueueLimits::in_packets(5), SimTime::from_us(1),
                                {{"batch-mode", mode}});
            for (uint64_t i = 1; i <= 4; ++i) add(sim, *q, 0, i);
            add(sim, *q, 1, 1);
            std::string out = take(sim, *q, 1);
            add(sim, *q, 2, 1);
            add(sim, *q, 2, 2);
            CHECK(q->stats().dropped(DropReason::Overflow) == 1);
            return out + ' ' + take(sim, *q, 10);
        };
        CHECK(run("snapshot") == "a1 a3 a4 b1 c1 c2");
        CHECK(run("committed") == "a1 a2 a3 a4 b1 c2");
    }
    SECTION("per-flow cap") {
        // Cap 2. A's visit begins with a1, a2 (a1 served); a3, a4, a5 arrive. Snapshot counts a2,
        // so a4 and a5 are refused; committed counts only a3, a4, so a5 alone is refused.
        auto refused = [&](const char* mode) {
            auto q = make_queue(sim, "fq", QueueLimits{}, SimTime::from_us(1),
                                {{"batch-mode", mode}, {"fq-flow-cap", "2"}});
            add(sim, *q, 0, 1);
            add(sim, *q, 0, 2);
            take(sim, *q, 1);
            for (uint64_t i = 3; i <= 5; ++i) add(sim, *q, 0, i);
            return q->stats().dropped(DropReason::FlowLimit);
        };
        CHECK(refused("snapshot") == 2);
        CHECK(refused("committed") == 1);
    }
}

TEST_CASE("a snapshot visit that loses a packet to push-out does not serve a later arrival",
          "[fq][rr]") {
    // Buffer of 4, batch 1024. A's visit begins with a1..a3 (a1 served). a4 arrives, then b1, b2:
    // b2 finds the buffer full, A (3) is longest and loses a2, so the visit has only a3 left and
    // a4 waits for A's next turn, behind B.
    Simulation sim(1);
    auto q = make_queue(sim, "fq", QueueLimits::in_packets(4), SimTime::from_us(1));
    for (uint64_t i = 1; i <= 3; ++i) add(sim, *q, 0, i);
    CHECK(take(sim, *q, 1) == "a1");
    add(sim, *q, 0, 4);
    add(sim, *q, 1, 1);
    add(sim, *q, 1, 2);
    CHECK(take(sim, *q, 10) == "a3 b1 b2 a4");
}

TEST_CASE("fq pushes out from the head of the longest queue when the buffer is full", "[fq]") {
    Simulation sim(1);
    auto q =
        make_queue(sim, "fq", QueueLimits::in_packets(4), SimTime::from_us(1), {{"batch", "1"}});
    for (uint64_t i = 1; i <= 3; ++i) add(sim, *q, 0, i);
    add(sim, *q, 1, 1);
    add(sim, *q, 1, 2);  // full: A (3) is longest, a1 goes
    CHECK(q->stats().dropped(DropReason::Overflow) == 1);
    add(sim, *q, 0, 4);  // A would be 3 of 4 + this one: longest again, a2 goes
    CHECK(q->stats().dropped(DropReason::Overflow) == 2);
    add(sim, *q, 2, 1);  // C holds nothing; A (2) is longest: a3 goes
    CHECK(q->packets() == 4);
    CHECK(take(sim, *q, 10) == "a4 b1 c1 b2");
    CHECK(q->stats().dropped(DropReason::Overflow) == 3);
}

TEST_CASE("fq drops an arrival whose own flow is longest and empty only when it cannot fit",
          "[fq]") {
    // A byte limit smaller than one packet: nothing stored can make room for it.
    Simulation sim(1);
    auto q = make_queue(sim, "fq", QueueLimits::in_bytes(50), SimTime::from_us(1));
    add(sim, *q, 0, 1);
    CHECK(q->packets() == 0);
    CHECK(q->stats().dropped(DropReason::Overflow) == 1);
}

TEST_CASE("fq and red4mq validate the batch option", "[fq]") {
    Simulation sim(1);
    CHECK_THROWS_WITH(make_queue(sim, "fq", QueueLimits{}, SimTime::from_us(1), {{"batch", "0"}}),
                      "--batch: must be an integer >= 1, got 0");
    CHECK_THROWS_AS(
        make_queue(sim, "red4mq", QueueLimits{}, SimTime::from_us(1), {{"batch", "1.5"}}),
        InputError);
    CHECK_THROWS_WITH(
        make_queue(sim, "red4mq", QueueLimits{}, SimTime::from_us(1), {{"batch-mode", "eager"}}),
        "--batch-mode: expected snapshot, committed or greedy, got 'eager'");
}
