#include <catch2/catch.hpp>

#include <cmath>
#include <deque>
#include <string>
#include <vector>

#include "queue_test_util.h"
#include "src/input_error.h"
#include "src/simulation.h"
#include "test_sinks.h"

using namespace corelink;
using corelink::testing::make_packet;
using corelink::testing::make_queue;

namespace {
// "Size" = cost: a packet of n bytes costs n ns, and the typical cost is 1 ns, so the quantum
// option is in bytes as in the paper's example.
void add(Simulation& sim, Queue& q, uint32_t flow, uint32_t bytes, uint64_t seq = 0) {
    Packet& p = make_packet(sim, flow, bytes, seq);
    p.cost = SimTime::from_ns(bytes);
    q.enqueue(p);
}
}  // namespace

TEST_CASE("DRR cumulative service matches the docs/algorithms.md §6.2 table", "[drr]") {
    // Q = 500; A sends 600-byte packets, B 200-byte packets, both backlogged, list order A, B.
    // Cumulative bytes after rounds 1-5: A 0, 600, 1200, 1800, 2400; B 400, 1000, 1400, 2000, 2400.
    Simulation sim(1);
    auto q = make_queue(sim, "drr", QueueLimits{}, SimTime::from_ns(1), {{"drr-quantum", "500"}});
    for (int i = 0; i < 8; ++i) add(sim, *q, 0, 600);
    for (int i = 0; i < 20; ++i) add(sim, *q, 1, 200);
    // Both flows stay backlogged, so visits alternate A, B, A, ...: a round ends with B's run.
    // A's first visit sends nothing (DC 500 < 600), so the departures start with B.
    std::vector<uint64_t> a_after, b_after;
    uint64_t a = 0, b = 0;
    int rounds = 0;
    bool in_b_run = false;
    while (rounds < 5) {
        Packet* p = q->dequeue();
        REQUIRE(p);
        if (p->flow_id == 0 && in_b_run) {  // A's visit starts: B's run closed a round
            a_after.push_back(a);
            b_after.push_back(b);
            ++rounds;
            in_b_run = false;
        }
        if (rounds == 5) {
            sim.pool().release(*p);
            break;
        }
        if (p->flow_id == 0)
            a += p->size_bytes;
        else {
            b += p->size_bytes;
            in_b_run = true;
        }
        sim.pool().release(*p);
    }
    CHECK(a_after == std::vector<uint64_t>{0, 600, 1200, 1800, 2400});
    CHECK(b_after == std::vector<uint64_t>{400, 1000, 1400, 2000, 2400});
    while (Packet* p = q->dequeue()) sim.pool().release(*p);
}

TEST_CASE("DRR matches a textbook round-by-round DRR when costs exceed the quantum", "[drr]") {
    // Reference: the §6.2 pseudocode run round by round over static backlogs. The queue serves
    // one packet per call and skips rounds in which nobody can send; the order must be the same.
    // Quanta, in typical costs of 1 µs: below, within and above the 0.5-3 µs packet costs.
    const std::string quantum = GENERATE(as<std::string>{}, "0.3", "1", "7");
    Simulation sim(3);
    Rng rng(8);
    const uint32_t flows = 4;
    std::vector<std::deque<int64_t>> backlog(flows);
    auto q = make_queue(sim, "drr", QueueLimits{}, SimTime::from_ns(1000),
                        {{"drr-quantum", quantum.c_str()}});
    for (uint32_t f = 0; f < flows; ++f) {
        for (int i = 0; i < 50; ++i) {
            const int64_t cost_ps = 500'000 * (f + 1) + static_cast<int64_t>(rng.below(1'000'000));
            backlog[f].push_back(cost_ps);
            Packet& p = make_packet(sim, f, 100, static_cast<uint64_t>(i));
            p.cost = SimTime::from_ps(cost_ps);
            q->enqueue(p);
        }
    }
    const int64_t quantum_ps = std::llround(std::stod(quantum) * 1e6);
    std::vector<int64_t> deficit(flows, 0);
    std::vector<uint32_t> expected;
    std::deque<uint32_t> active{0, 1, 2, 3};
    while (!active.empty()) {
        const uint32_t f = active.front();
        active.pop_front();
        deficit[f] += quantum_ps;
        while (!backlog[f].empty() && backlog[f].front() <= deficit[f]) {
            deficit[f] -= backlog[f].front();
            backlog[f].pop_front();
            expected.push_back(f);
        }
        if (backlog[f].empty())
            deficit[f] = 0;
        else
            active.push_back(f);
    }
    std::vector<uint32_t> served;
    while (Packet* p = q->dequeue()) {
        served.push_back(p->flow_id);
        sim.pool().release(*p);
    }
    CHECK(served == expected);
}

TEST_CASE("DRR clears the deficit of a flow that empties and it rejoins at the tail", "[drr]") {
    // §6.2: "if queue now empty: DC_f = 0"; "new backlogged flow: append at tail with DC_f = 0".
    // A keeps no credit from its 300-byte packet: its later 600-byte packet needs two visits.
    Simulation sim(1);
    auto q = make_queue(sim, "drr", QueueLimits{}, SimTime::from_ns(1), {{"drr-quantum", "500"}});
    add(sim, *q, 0, 300);
    for (int i = 0; i < 6; ++i) add(sim, *q, 1, 200);
    std::string order;
    auto take = [&] {
        Packet* p = q->dequeue();
        order += p->flow_id == 0 ? 'A' : 'B';
        sim.pool().release(*p);
    };
    take();                // A's 300 (DC 500 -> 200 -> cleared)
    take();                // B's visit: DC 500
    add(sim, *q, 0, 600);  // A rejoins behind B
    for (int i = 0; i < 6; ++i) take();
    CHECK(order == "ABBBBBAB");
    CHECK(q->empty());
}

TEST_CASE("DRR validates its quantum option", "[drr]") {
    Simulation sim(1);
    CHECK_THROWS_WITH(
        make_queue(sim, "drr", QueueLimits{}, SimTime::from_ns(1), {{"drr-quantum", "0"}}),
        "--drr-quantum: must be a number > 0, got 0");
}
