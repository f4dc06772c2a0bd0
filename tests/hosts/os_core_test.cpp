#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "hosts/os_core.h"
#include "src/simulation.h"

using namespace corelink;

namespace {

// The testbed's offered load (KBNets §3.1): 128-byte packets at 10 Gb/s = 8.22 Mpps.
constexpr double kLinePps = 10e9 / ((128.0 + 24.0) * 8.0);

OsCoreConfig even(int procs, double total_pps, double extra_cycles = 0.0) {
    OsCoreConfig cfg;
    for (int i = 0; i < procs; ++i)
        cfg.processes.push_back({total_pps / procs, extra_cycles, false});
    return cfg;
}

struct BatchShape {
    uint64_t total = 0, tiny = 0, near_full = 0;
    int64_t median = 0;
};

BatchShape shape(const OsCore& core, int64_t ring) {
    std::vector<uint64_t> h(static_cast<size_t>(ring) + 1, 0);
    for (int p = 0; p < core.processes(); ++p)
        for (size_t i = 0; i < h.size(); ++i) h[i] += core.batch_histogram(p)[i];
    BatchShape s;
    for (size_t i = 0; i < h.size(); ++i) {
        s.total += h[i];
        if (i <= 10) s.tiny += h[i];
        if (static_cast<double>(i) >= 0.9 * static_cast<double>(ring)) s.near_full += h[i];
    }
    uint64_t cum = 0;
    for (size_t i = 0; i < h.size(); ++i) {
        cum += h[i];
        if (2 * cum >= s.total) {
            s.median = static_cast<int64_t>(i);
            break;
        }
    }
    return s;
}

void check_conservation(OsCore& core, Simulation& sim) {
    core.sync();
    const CoreStats& c = core.core_stats();
    // Every picosecond of the core is busy, switching or idle, and the busy ones belong to
    // exactly one process.
    CHECK(c.busy.ps() + c.switching.ps() + c.idle.ps() == sim.now().ps());
    int64_t per_process = 0;
    for (int p = 0; p < core.processes(); ++p) {
        per_process += core.stats(p).cpu_time.ps();
        const ProcessStats& s = core.stats(p);
        CHECK(s.offered == s.processed + s.dropped + static_cast<uint64_t>(core.queued(p)));
        CHECK(core.queued(p) >= 0);
        CHECK(core.queued(p) <= core.config().ring_slots);
    }
    CHECK(per_process == c.busy.ps());
}

}  // namespace

TEST_CASE("one process with cheap packets forwards the offered load", "[os_core]") {
    // Expected: capacity 1 / (200 cycles at 3 GHz + syscalls amortised) > 14 Mpps exceeds the
    // 8.22 Mpps offered (KBNets §3.1: "FastClick is able to sustain line rate ... when a single
    // process is used"), so nothing is dropped and everything but the ring's content is processed.
    Simulation sim(7);
    OsCore core(sim, even(1, kLinePps));
    sim.events().run_until(SimTime::from_ms(20));
    core.sync();
    const ProcessStats& s = core.stats(0);
    CHECK(s.dropped == 0);
    CHECK(s.offered == s.processed + static_cast<uint64_t>(core.queued(0)));
    const double mpps = static_cast<double>(s.processed) / sim.now().to_us();
    CHECK(mpps == Approx(kLinePps / 1e6).epsilon(0.01));
}

TEST_CASE("without yield batches are bimodal; with yield they gather mid-ring", "[os_core]") {
    const int64_t ring = 1024;
    SECTION("no yield: mostly tiny batches, some near the ring size") {
        // Expected (KBNets §3.1, Fig. 2): after a long batch, poll() finds the packets that
        // arrived meanwhile, then ever smaller batches until the ring is empty.
        Simulation sim(3);
        OsCoreConfig cfg = even(5, kLinePps);
        cfg.yield = false;
        OsCore core(sim, cfg);
        sim.events().run_until(SimTime::from_ms(10));
        core.clear_samples();
        sim.events().run_until(SimTime::from_ms(60));
        const BatchShape s = shape(core, ring);
        REQUIRE(s.total > 1000);
        CHECK(static_cast<double>(s.tiny) > 0.6 * static_cast<double>(s.total));
        CHECK(s.near_full > 0);
        CHECK(static_cast<double>(s.near_full) < 0.2 * static_cast<double>(s.total));
    }
    SECTION("yield, at the testbed's load: batches around the equilibrium, mid-ring") {
        // Expected (KBNets §3.1, Fig. 2 with yield: "a Gaussian distribution centred around 500
        // packets"): with yield each process takes one batch per round of P turns, so a batch is
        // what arrived during one round: b = L (o + b c), L the total load, o the per-turn
        // overhead (switch + switch refill + yield + poll + TX), c the cold per-packet time.
        // With the default costs, b = L o / (1 - L c) lies in the middle of the ring.
        const OsCoreCosts costs;
        const SimTime o = costs.context_switch + costs.cycles(costs.refill_switch_cycles_at(5)) +
                          costs.yield_syscall + costs.poll_syscall + costs.tx_syscall;
        const SimTime c =
            costs.cycles(costs.base_cycles_per_packet + costs.refill_packet_cycles_at(5));
        const double equilibrium = kLinePps * o.to_sec() / (1.0 - kLinePps * c.to_sec());
        REQUIRE(equilibrium > static_cast<double>(ring) / 4);
        REQUIRE(equilibrium < 3.0 * static_cast<double>(ring) / 4);
        Simulation sim(3);
        OsCore core(sim, even(5, kLinePps));
        sim.events().run_until(SimTime::from_ms(20));
        core.clear_samples();
        sim.events().run_until(SimTime::from_ms(120));
        const BatchShape s = shape(core, ring);
        REQUIRE(s.total > 1000);
        CHECK(static_cast<double>(s.median) == Approx(equilibrium).epsilon(0.1));
        CHECK(static_cast<double>(s.tiny) < 0.05 * static_cast<double>(s.total));
        CHECK(static_cast<double>(s.near_full) < 0.05 * static_cast<double>(s.total));
        core.sync();
        for (int p = 0; p < 5; ++p) CHECK(core.stats(p).dropped == 0);
    }
}

TEST_CASE("a process whose batch outlasts the quantum is preempted", "[os_core]") {
    // Expected (KBNets §3.2, "CPU fairness for expensive packets"): a 1024-packet batch of
    // 100,000-cycle packets takes ~34 ms at 3 GHz, far beyond a 1 ms quantum, so the round-robin
    // scheduler preempts each process about once per quantum and they share the core equally.
    Simulation sim(5);
    OsCoreConfig cfg = even(2, kLinePps, 100000.0);
    cfg.quantum = SimTime::from_ms(1);
    OsCore core(sim, cfg);
    sim.events().run_until(SimTime::from_ms(100));
    core.sync();
    for (int p = 0; p < 2; ++p) {
        CHECK(core.stats(p).preempted >= 40);  // ~50 quanta each in 100 ms
        CHECK(core.stats(p).preempted <= 51);
        CHECK(core.stats(p).cpu_time / sim.now() == Approx(0.5).margin(0.02));
    }
    SECTION("a longer quantum means fewer preemptions") {
        Simulation sim10(5);
        cfg.quantum = SimTime::from_ms(10);
        OsCore core10(sim10, cfg);
        sim10.events().run_until(SimTime::from_ms(100));
        CHECK(core10.stats(0).preempted <= 5);
        CHECK(core10.stats(0).preempted >= 4);
    }
}

TEST_CASE("cheap batches shorter than the quantum are never preempted", "[os_core]") {
    // Expected (KBNets §3.1): the paper saw the same number of context switches for 1, 10 and
    // 100 ms quanta: processes give the core up by yielding or blocking, not by preemption.
    for (double q_ms : {1.0, 10.0, 100.0}) {
        Simulation sim(9);
        OsCoreConfig cfg = even(5, kLinePps);
        cfg.quantum = SimTime::from_ms(q_ms);
        OsCore core(sim, cfg);
        sim.events().run_until(SimTime::from_ms(30));
        core.sync();
        for (int p = 0; p < 5; ++p) CHECK(core.stats(p).preempted == 0);
    }
}

TEST_CASE("CPU time and packets are conserved exactly", "[os_core]") {
    // Expected: by construction every picosecond is accounted once, and every arrival is either
    // processed, dropped at a full ring, or still in the ring; checked at instants that fall in
    // the middle of batches, switches and idle periods, for both schedulers, with and without
    // yield, cheap and expensive packets.
    struct Case {
        SchedulerKind sched;
        bool yield;
        int procs;
        double load_pps, extra;
        SimTime quantum = SimTime::from_ms(1);
    };
    const std::vector<Case> cases{
        {SchedulerKind::RoundRobin, true, 5, kLinePps, 0.0},
        {SchedulerKind::RoundRobin, false, 5, kLinePps, 0.0},
        {SchedulerKind::RoundRobin, true, 3, 1e5, 0.0},  // mostly idle
        {SchedulerKind::RoundRobin, true, 4, kLinePps, 10000.0},
        {SchedulerKind::Cfs, true, 5, kLinePps, 1000.0},
        {SchedulerKind::Cfs, false, 3, 2e6, 0.0},
        // Slices shorter than the switch refill: refills are cut and restart.
        {SchedulerKind::RoundRobin, true, 25, kLinePps, 0.0, SimTime::from_us(30)},
    };
    for (const Case& k : cases) {
        Simulation sim(11);
        OsCoreConfig cfg = even(k.procs, k.load_pps, k.extra);
        cfg.scheduler = k.sched;
        cfg.yield = k.yield;
        cfg.quantum = k.quantum;
        OsCore core(sim, cfg);
        for (int64_t t_ps : {1'234'567LL, 777'777'777LL, 3'141'592'653LL, 20'000'000'001LL}) {
            sim.events().run_until(SimTime::from_ps(t_ps));
            check_conservation(core, sim);
        }
    }
}

TEST_CASE("CFS gives two expensive processes equal CPU", "[os_core]") {
    // Expected: fair share by construction of CFS (smallest virtual runtime runs next).
    Simulation sim(13);
    OsCoreConfig cfg = even(2, kLinePps);
    cfg.processes[0].extra_cycles_per_packet = 10000.0;
    cfg.processes[1].extra_cycles_per_packet = 100000.0;
    cfg.scheduler = SchedulerKind::Cfs;
    OsCore core(sim, cfg);
    sim.events().run_until(SimTime::from_ms(200));
    core.sync();
    CHECK(core.stats(0).cpu_time / sim.now() == Approx(0.5).margin(0.03));
    CHECK(core.stats(1).cpu_time / sim.now() == Approx(0.5).margin(0.03));
}

TEST_CASE("the same seed gives the same run", "[os_core]") {
    // Expected: docs/style.md §4 item 6 (byte-identical output for the same flags and seed).
    auto once = [](uint64_t seed) {
        Simulation sim(seed);
        OsCore core(sim, even(7, kLinePps, 100.0));
        sim.events().run_until(SimTime::from_ms(10));
        core.sync();
        std::vector<uint64_t> v;
        for (int p = 0; p < 7; ++p) {
            v.push_back(core.stats(p).processed);
            v.push_back(core.stats(p).dropped);
        }
        return v;
    };
    CHECK(once(1) == once(1));
    CHECK(once(1) != once(2));
}

TEST_CASE("the evicted fraction grows linearly with the processes and saturates", "[os_core]") {
    // Expected (KBNets §3.1: "the maximum decrease is reached at 25 contending processes, and
    // thus adding further processes does not further decrease total throughput"): a lone process
    // keeps its cache; each other process evicts 1/24 of it; from 25 processes nothing is left.
    const OsCoreCosts costs;
    CHECK(costs.refill_fraction(1) == 0.0);
    CHECK(costs.refill_fraction(2) == Approx(1.0 / 24.0));
    CHECK(costs.refill_fraction(13) == Approx(0.5));
    CHECK(costs.refill_fraction(25) == 1.0);
    CHECK(costs.refill_fraction(30) == 1.0);
    CHECK(costs.refill_switch_cycles_at(13) == Approx(costs.refill_switch_cycles / 2));
    CHECK(costs.refill_packet_cycles_at(30) == costs.refill_packet_cycles);
}

TEST_CASE("the switch refill is paid once per switch-in and makes larger rings pay off",
          "[os_core]") {
    // Two overloaded processes with yield alternate, each taking a full ring per turn. A turn
    // costs o = context switch + switch refill + yield + poll + TX, plus R packets at c each, so
    // the total throughput is R / (o + R c), independent of the simulator. With a switch
    // refill of 10 us, 1024-packet rings amortise it far better than 128-packet ones (Fig. 4).
    OsCoreCosts costs;
    costs.refill_switch_cycles = 24 * 30000.0;  // 30000 cycles = 10 us at 3 GHz for P = 2
    costs.refill_packet_cycles = 0.0;
    const double extra = 500.0;  // keeps both rings full at the testbed's load
    const SimTime o = costs.context_switch + costs.cycles(costs.refill_switch_cycles_at(2)) +
                      costs.yield_syscall + costs.poll_syscall + costs.tx_syscall;
    const SimTime c = costs.cycles(costs.base_cycles_per_packet + extra);
    std::vector<double> mpps;
    for (int64_t ring : {128, 1024}) {
        Simulation sim(17);
        OsCoreConfig cfg = even(2, kLinePps, extra);
        cfg.costs = costs;
        cfg.ring_slots = ring;
        cfg.batch_pkts = ring;
        OsCore core(sim, cfg);
        sim.events().run_until(SimTime::from_ms(5));
        core.sync();
        const uint64_t before = core.stats(0).processed + core.stats(1).processed;
        sim.events().run_until(SimTime::from_ms(55));
        core.sync();
        const uint64_t n = core.stats(0).processed + core.stats(1).processed - before;
        mpps.push_back(static_cast<double>(n) / 50e3);
        const double r = static_cast<double>(ring);
        CHECK(mpps.back() == Approx(r / (o + c * ring).to_us()).epsilon(0.01));
        for (int p = 0; p < 2; ++p) {
            // Each switch-in pays the refill once; one may be in progress at the sync.
            const ProcessStats& s = core.stats(p);
            const SimTime one = costs.cycles(costs.refill_switch_cycles_at(2));
            CHECK(s.refill_time.ps() % one.ps() == 0);
            const int64_t paid = s.refill_time.ps() / one.ps();
            CHECK(paid >= static_cast<int64_t>(s.switched_in) - 1);
            CHECK(paid <= static_cast<int64_t>(s.switched_in));
        }
    }
    CHECK(mpps[1] > 1.3 * mpps[0]);
}

TEST_CASE("batches cut by the quantum pay the switch refill every quantum", "[os_core]") {
    // Expected (KBNets §3.1, Fig. 3, 10000 cycles): a 1024-packet batch of 10000-cycle packets
    // (~3.4 ms) outlasts the 1 ms quantum, so at saturation (25 processes) each slice of Q = 1 ms
    // starts with the switch refill S, then packets at c + r each (r the per-packet refill: the
    // resumed batch is cold too), and every slice is preceded by one context switch. Throughput
    // ~ (Q - S) / (c + r) per (Q + switch), less the rare poll/TX/yield at batch ends.
    const OsCoreCosts costs;
    const int procs = 25;
    const double extra = 10000.0;
    Simulation sim(19);
    OsCore core(sim, even(procs, kLinePps, extra));
    sim.events().run_until(SimTime::from_ms(50));
    core.sync();
    uint64_t before = 0;
    for (int p = 0; p < procs; ++p) before += core.stats(p).processed;
    sim.events().run_until(SimTime::from_ms(550));
    core.sync();
    uint64_t n = 0;
    for (int p = 0; p < procs; ++p) n += core.stats(p).processed;
    const double mpps = static_cast<double>(n - before) / 500e3;
    const SimTime q = SimTime::from_ms(1);
    const SimTime s = costs.cycles(costs.refill_switch_cycles);
    const SimTime cr =
        costs.cycles(costs.base_cycles_per_packet + extra + costs.refill_packet_cycles);
    const double expected = ((q - s) / cr) / (q + costs.context_switch).to_us();
    CHECK(mpps == Approx(expected).epsilon(0.02));
    // Alone, the same process would run at about 1 / c: the refill costs it more than 10%.
    const SimTime alone = costs.cycles(costs.base_cycles_per_packet + extra);
    CHECK(mpps < 0.9 / alone.to_us());
}
