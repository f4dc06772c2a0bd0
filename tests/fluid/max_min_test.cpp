// Progressive filling on instances solved by hand. Each expected value is derived in the comment
// beside it from the filling rule (docs/datacenter.md, "The flow-level oracle"): raise every
// unfrozen flow together until a resource saturates, freeze the flows crossing it, repeat.
#include <catch2/catch.hpp>

#include "fluid/max_min.h"

using namespace corelink::fluid;

namespace {

uint32_t flow(MaxMinProblem& p, std::initializer_list<Use> uses,
              uint32_t group = MaxMinProblem::kOwnGroup) {
    return p.add_flow(std::span<const Use>(uses.begin(), uses.size()), group);
}

}  // namespace

TEST_CASE("max-min: dumbbell, three flows on one link share it equally", "[fluid]") {
    MaxMinProblem p;
    const uint32_t link = p.add_resource(90e6);
    for (int i = 0; i < 3; ++i) flow(p, {{link, 1.0}});
    const MaxMinSolution s = solve_max_min(p);
    // One round: the link saturates when 3x = 90 Mb/s.
    for (double r : s.rate) CHECK(r == Approx(30e6));
    CHECK(s.saturated[link]);
    CHECK(s.rounds == 1);
}

TEST_CASE("max-min: parking lot of three links with capacities 1, 2, 3", "[fluid]") {
    // A long flow crosses links 0, 1, 2; short flow i crosses link i only.
    MaxMinProblem p;
    const uint32_t l0 = p.add_resource(1.0), l1 = p.add_resource(2.0), l2 = p.add_resource(3.0);
    const uint32_t longf = flow(p, {{l0, 1.0}, {l1, 1.0}, {l2, 1.0}});
    const uint32_t s0 = flow(p, {{l0, 1.0}}), s1 = flow(p, {{l1, 1.0}}), s2 = flow(p, {{l2, 1.0}});
    const MaxMinSolution s = solve_max_min(p);
    // Round 1: every link carries two flows, link 0 (capacity 1) fills first at x = 1/2: the long
    // flow and s0 freeze at 1/2. Then each remaining short flow fills the rest of its link:
    // s1 = 2 - 1/2, s2 = 3 - 1/2.
    CHECK(s.rate[longf] == Approx(0.5));
    CHECK(s.rate[s0] == Approx(0.5));
    CHECK(s.rate[s1] == Approx(1.5));
    CHECK(s.rate[s2] == Approx(2.5));
    CHECK(s.frozen_by[longf] == l0);
    for (uint32_t r : {l0, l1, l2}) CHECK(s.load[r] == Approx(p.capacity(r)));
}

TEST_CASE("max-min: a flow whose bottleneck is its second hop, not its first", "[fluid]") {
    // Two links shared by three flows: f crosses A (capacity 3) then B (capacity 1); a is alone
    // on A with f, b is alone on B with f.
    MaxMinProblem p;
    const uint32_t A = p.add_resource(3.0), B = p.add_resource(1.0);
    const uint32_t f = flow(p, {{A, 1.0}, {B, 1.0}});
    const uint32_t a = flow(p, {{A, 1.0}});
    const uint32_t b = flow(p, {{B, 1.0}});
    const MaxMinSolution s = solve_max_min(p);
    // Both links carry two flows; B fills first at x = 1/2 (A would need 3/2): f and b freeze at
    // 1/2, and a takes the rest of A, 3 - 1/2.
    CHECK(s.rate[f] == Approx(0.5));
    CHECK(s.rate[b] == Approx(0.5));
    CHECK(s.rate[a] == Approx(2.5));
    CHECK(s.frozen_by[f] == B);
    CHECK(s.saturated[A]);
    CHECK(s.saturated[B]);
}

TEST_CASE("max-min: a CPU with two costs, in bits and in CPU time", "[fluid]") {
    // A 1 GHz core; flow a costs 10 cycles per bit, flow b 30 cycles per bit.
    SECTION("max-min in bits: equal rates x with (10 + 30) x = 1e9, x = 25 Mb/s") {
        MaxMinProblem p;
        const uint32_t cpu = p.add_resource(1e9);
        const uint32_t a = flow(p, {{cpu, 10.0}}), b = flow(p, {{cpu, 30.0}});
        const MaxMinSolution s = solve_max_min(p);
        CHECK(s.rate[a] == Approx(25e6));
        CHECK(s.rate[b] == Approx(25e6));
    }
    SECTION("max-min in CPU time: weights 1/cost give each half the core") {
        // x_a = t / 10, x_b = t / 30; the core fills when 10 x_a + 30 x_b = 2 t = 1e9, so
        // x_a = 50 Mb/s and x_b = 16.67 Mb/s, 5e8 cycles/s each.
        MaxMinProblem p;
        const uint32_t cpu = p.add_resource(1e9);
        const uint32_t a = flow(p, {{cpu, 10.0}}, p.add_group(1.0 / 10.0));
        const uint32_t b = flow(p, {{cpu, 30.0}}, p.add_group(1.0 / 30.0));
        const MaxMinSolution s = solve_max_min(p);
        CHECK(s.rate[a] == Approx(50e6));
        CHECK(s.rate[b] == Approx(1e9 / 60.0));
        CHECK(s.rate[a] * 10.0 == Approx(s.rate[b] * 30.0));
    }
    SECTION("a 20 Mb/s link after the CPU limits flow a; b takes the CPU it leaves") {
        // Round 1: the link fills at x = 20 Mb/s (the CPU would need 25): a freezes there, its
        // bottleneck being its second hop. The CPU has 1e9 - 10 * 20e6 = 8e8 cycles/s left for
        // b: x_b = 20 Mb/s + (8e8 - 30 * 20e6) / 30 = 26.67 Mb/s.
        MaxMinProblem p;
        const uint32_t cpu = p.add_resource(1e9), link = p.add_resource(20e6);
        const uint32_t a = flow(p, {{cpu, 10.0}, {link, 1.0}}), b = flow(p, {{cpu, 30.0}});
        const MaxMinSolution s = solve_max_min(p);
        CHECK(s.rate[a] == Approx(20e6));
        CHECK(s.frozen_by[a] == link);
        CHECK(s.rate[b] == Approx(8e8 / 30.0));
        CHECK(s.load[cpu] == Approx(1e9));
    }
}

TEST_CASE("max-min: a group's subflows rise as one and move to paths with room", "[fluid]") {
    // A connection with subflows on links A and B (capacity 1 each) and a single flow on A. The
    // group rises at rate 1, half on each subflow; A fills when 1 * t + t / 2 = 1, t = 2/3: the
    // single flow has 2/3, subflow A 1/3. Subflow B then takes the whole group increase and
    // fills B: 1/3 + 2/3 = 1. Group total 4/3.
    MaxMinProblem p;
    const uint32_t A = p.add_resource(1.0), B = p.add_resource(1.0);
    const uint32_t g = p.add_group();
    const uint32_t sa = flow(p, {{A, 1.0}}, g), sb = flow(p, {{B, 1.0}}, g);
    const uint32_t single = flow(p, {{A, 1.0}});
    const MaxMinSolution s = solve_max_min(p);
    CHECK(s.rate[single] == Approx(2.0 / 3.0));
    CHECK(s.rate[sa] == Approx(1.0 / 3.0));
    CHECK(s.rate[sb] == Approx(1.0));
    CHECK(s.group_rate[g] == Approx(4.0 / 3.0));
}

TEST_CASE("max-min: the allocation is feasible and every flow has a saturated bottleneck",
          "[fluid]") {
    // Invariants of max-min fairness on a pseudo-random instance: no resource above capacity, and
    // every flow crosses a saturated resource on which no other flow has a larger rate (the
    // bottleneck characterisation of max-min; Bertsekas & Gallager, Data Networks, §6.5.2).
    MaxMinProblem p;
    const int R = 12, F = 40;
    for (int r = 0; r < R; ++r) p.add_resource(1.0 + r % 5);
    uint64_t x = 12345;
    auto next = [&] { return (x = x * 6364136223846793005ULL + 1442695040888963407ULL) >> 33U; };
    for (int f = 0; f < F; ++f) {
        std::vector<Use> uses;
        const int hops = 1 + static_cast<int>(next() % 4);
        for (int h = 0; h < hops; ++h) uses.push_back({static_cast<uint32_t>(next() % R), 1.0});
        p.add_flow(uses);
    }
    const MaxMinSolution s = solve_max_min(p);
    for (int r = 0; r < R; ++r) CHECK(s.load[r] <= p.capacity(r) * (1 + 1e-9));
    for (uint32_t f = 0; f < F; ++f) {
        bool has_bottleneck = false;
        for (const Use& u : p.uses(f)) {
            if (!s.saturated[u.resource]) continue;
            bool largest = true;
            for (uint32_t g = 0; g < F; ++g)
                for (const Use& v : p.uses(g))
                    if (v.resource == u.resource && s.rate[g] > s.rate[f] * (1 + 1e-9))
                        largest = false;
            has_bottleneck |= largest;
        }
        CHECK(has_bottleneck);
    }
}
