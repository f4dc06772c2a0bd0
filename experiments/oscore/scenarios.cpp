#include "scenarios.h"

#include <fmt/format.h>

#include <algorithm>

#include "experiments/common/runner.h"
#include "src/statistics.h"

namespace corelink::oscore {

namespace {

// What one run measured over its window [warmup, warmup + duration].
struct Window {
    std::vector<ProcessStats> procs;
    CoreStats core;
    std::vector<std::vector<uint64_t>> histograms;
    std::vector<SimTime> latencies;  // of every latency-tracked process
    SimTime length;

    uint64_t processed() const {
        uint64_t n = 0;
        for (const auto& p : procs) n += p.processed;
        return n;
    }
    double throughput_mpps() const { return static_cast<double>(processed()) / length.to_us(); }
    double mpps(int p) const {
        return static_cast<double>(procs[size_t(p)].processed) / length.to_us();
    }
    double cpu_share(int p) const { return procs[size_t(p)].cpu_time / length; }
    // From the histograms: batches taken inside the window, whatever finished in it.
    double mean_batch() const {
        uint64_t pk = 0, b = 0;
        for (const auto& h : histograms) {
            for (size_t i = 0; i < h.size(); ++i) {
                pk += i * h[i];
                b += h[i];
            }
        }
        return b ? static_cast<double>(pk) / static_cast<double>(b) : 0.0;
    }
};

ProcessStats minus(const ProcessStats& a, const ProcessStats& b) {
    ProcessStats d;
    d.offered = a.offered - b.offered;
    d.dropped = a.dropped - b.dropped;
    d.processed = a.processed - b.processed;
    d.batches = a.batches - b.batches;
    d.switched_in = a.switched_in - b.switched_in;
    d.preempted = a.preempted - b.preempted;
    d.blocked = a.blocked - b.blocked;
    d.cpu_time = a.cpu_time - b.cpu_time;
    d.refill_time = a.refill_time - b.refill_time;
    return d;
}

Window measure_core(const Experiment& ex, const Base& base, const OsCoreConfig& cfg,
                    const std::string& label) {
    Simulation sim(ex.seed());
    OsCore core(sim, cfg);
    const SimTime total = base.warmup + base.duration;
    Run run(ex, sim, label, total);
    run.to(base.warmup);
    core.sync();
    core.clear_samples();
    std::vector<ProcessStats> before;
    for (int p = 0; p < core.processes(); ++p) before.push_back(core.stats(p));
    const CoreStats core_before = core.core_stats();
    run.to(total);
    core.sync();
    Window w;
    w.length = base.duration;
    for (int p = 0; p < core.processes(); ++p) {
        w.procs.push_back(minus(core.stats(p), before[size_t(p)]));
        w.histograms.push_back(core.batch_histogram(p));
        const auto& l = core.latencies(p);
        w.latencies.insert(w.latencies.end(), l.begin(), l.end());
        run.add_packets(core.stats(p).processed);  // the model counts packets, it has no pool
    }
    w.core.busy = core.core_stats().busy - core_before.busy;
    w.core.switching = core.core_stats().switching - core_before.switching;
    w.core.idle = core.core_stats().idle - core_before.idle;
    w.core.context_switches = core.core_stats().context_switches - core_before.context_switches;
    return w;
}

double fraction(uint64_t part, uint64_t whole) {
    return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

// A list flag that this family takes as one value.
int64_t one(const Experiment& ex, const std::string& flag, const std::string& family) {
    const auto& v = ex.ints(flag);
    if (v.size() != 1)
        throw InputError(
            fmt::format("--{}: scenario {} takes one value, got {}", flag, family, v.size()));
    return v[0];
}

// A run's size, checked before anything runs. The model handles every offered packet and every
// time slice, keeps ring + 1 batch counters per process and one sample per ping, so these bound an
// invocation's time and memory. The paper presets are far inside (fig3: 120 runs, 2.5e8 packets
// in all; fig6: 3 runs of 2e3 pings).
constexpr double kMaxEvents = 1e10;         // offered packets + time slices, over all runs
constexpr double kMaxHistogramSlots = 1e8;  // processes x (ring + 1) counters in one run
constexpr double kMaxPings = 1e7;           // latency samples kept in one run

void check_size(const Base& base, double runs, double packets_per_s, int64_t processes,
                int64_t ring, double pings_per_s = 0) {
    const double seconds = (base.warmup + base.duration).to_sec();
    const SimTime slice = base.cfg.scheduler == SchedulerKind::RoundRobin
                              ? base.cfg.quantum
                              : base.cfg.cfs_min_granularity;
    const double events = runs * seconds * (packets_per_s + pings_per_s + 1.0 / slice.to_sec());
    if (events > kMaxEvents)
        throw InputError(fmt::format(
            "--duration-s: this run would simulate {:.3g} packets and time slices ({} runs of "
            "{:g} s); at most {:g} are accepted: shorten --duration-s/--warmup-s or lower the "
            "offered load or the number of runs",
            events, runs, seconds, kMaxEvents));
    if (static_cast<double>(processes) * static_cast<double>(ring + 1) > kMaxHistogramSlots)
        throw InputError(fmt::format(
            "--ring-slots: processes x (ring slots + 1) must be at most {:g} (one batch counter "
            "per slot and process), got {} x {}",
            kMaxHistogramSlots, processes, ring + 1));
    if (seconds * pings_per_s > kMaxPings)
        throw InputError(fmt::format(
            "--ping-interval-ms: a run would keep {:.3g} ping samples; at most {:g}: lengthen "
            "--ping-interval-ms or shorten --duration-s",
            seconds * pings_per_s, kMaxPings));
}

constexpr double kMinMpps = 1e-6;

int64_t largest(const std::vector<int64_t>& v) {
    return *std::max_element(v.begin(), v.end());
}

// Processes: at least `lo`.
std::vector<int64_t> processes(const Experiment& ex, int64_t lo) {
    for (int64_t p : ex.ints("processes"))
        if (p < lo)
            throw InputError(
                fmt::format("--processes: this scenario takes integers >= {}, got {}", lo, p));
    return ex.ints("processes");
}

}  // namespace

OsCoreConfig Base::even(int64_t processes, double extra_cycles) const {
    OsCoreConfig c = cfg;
    for (int64_t i = 0; i < processes; ++i)
        c.processes.push_back(
            {offered_mpps * 1e6 / static_cast<double>(processes), extra_cycles, false});
    return c;
}

Base read_base(const Experiment& ex) {
    Base b;
    OsCoreCosts& c = b.cfg.costs;
    c.clock_hz = ex.real("clock-ghz") * 1e9;
    c.base_cycles_per_packet = ex.real("base-cycles");
    c.poll_syscall = ex.time("poll-ns");
    c.tx_syscall = ex.time("tx-ns");
    c.yield_syscall = ex.time("yield-ns");
    c.context_switch = ex.time("context-switch-ns");
    c.refill_switch_cycles = ex.real("refill-switch-cycles");
    c.refill_packet_cycles = ex.real("refill-packet-cycles");
    c.refill_saturation_processes = ex.real("refill-saturation-processes");
    b.cfg.batch_pkts = ex.integer("batch-pkts");
    b.cfg.yield = ex.on("yield");
    b.cfg.scheduler =
        ex.text("scheduler") == "cfs" ? SchedulerKind::Cfs : SchedulerKind::RoundRobin;
    b.cfg.quantum = ex.time("quantum-ms");
    b.cfg.cfs_latency = ex.time("cfs-latency-ms");
    b.cfg.cfs_min_granularity = ex.time("cfs-min-granularity-ms");
    b.cfg.cfs_wakeup_granularity = ex.time("cfs-wakeup-granularity-ms");
    b.cfg.arrivals =
        ex.text("arrivals") == "poisson" ? ArrivalKind::Poisson : ArrivalKind::Deterministic;
    b.offered_mpps = ex.real("offered-mpps");
    if (b.offered_mpps == 0.0)
        b.offered_mpps = ex.real("line-gbps") * 1e3 / ((ex.real("packet-bytes") + 24.0) * 8.0);
    // Slower, and a process's next arrival (up to 1000 processes share the load) could lie
    // beyond what simulated time holds.
    if (b.offered_mpps < kMinMpps)
        throw InputError(fmt::format(
            "--{}: the offered load must be at least {:g} Mpps (1 packet/s), got {:g} Mpps",
            ex.real("offered-mpps") > 0 ? "offered-mpps" : "line-gbps", kMinMpps, b.offered_mpps));
    b.warmup = ex.time("warmup-s");
    b.duration = ex.time("duration-s");
    return b;
}

void single(const Experiment& ex, const Base& base) {
    processes(ex, 1);
    const int64_t n = one(ex, "processes", "single");
    std::vector<double> extra = ex.reals("extra-cycles");
    if (extra.size() == 1) extra.assign(size_t(n), extra[0]);
    if (extra.size() != size_t(n))
        throw InputError(fmt::format("--extra-cycles: give one value or {} values", n));
    OsCoreConfig cfg = base.even(n, 0.0);
    cfg.ring_slots = one(ex, "ring-slots", "single");
    std::vector<double> rates;
    if (ex.set("process-mpps")) {
        rates = ex.reals("process-mpps");
        if (rates.size() != size_t(n))
            throw InputError(fmt::format("--process-mpps: give {} values", n));
        for (double r : rates)
            if (r != 0 && r < kMinMpps)
                throw InputError(
                    fmt::format("--process-mpps: each must be 0 or in [{:g}, 1000] Mpps, got {:g}",
                                kMinMpps, r));
    }
    for (size_t i = 0; i < size_t(n); ++i) {
        cfg.processes[i].extra_cycles_per_packet = extra[i];
        if (!rates.empty()) cfg.processes[i].offered_pps = rates[i] * 1e6;
    }
    double pps = 0;
    for (const ProcessSpec& p : cfg.processes) pps += p.offered_pps;
    check_size(base, 1, pps, n, cfg.ring_slots);
    const Window w = measure_core(ex, base, cfg, "oscore");
    ResultsTable t({{"process", 0},
                    {"extra_cycles", 0},
                    {"offered_mpps", 4},
                    {"throughput_mpps", 4},
                    {"drop_fraction", 4},
                    {"cpu_share", 4},
                    {"mean_batch_pkts", 1},
                    {"switched_in", 0},
                    {"preempted", 0}});
    for (int p = 0; p < static_cast<int>(n); ++p) {
        const ProcessStats& s = w.procs[size_t(p)];
        t.add_row({int64_t{p}, extra[size_t(p)], static_cast<double>(s.offered) / w.length.to_us(),
                   w.mpps(p), fraction(s.dropped, s.offered), w.cpu_share(p),
                   fraction(s.processed, s.batches), static_cast<int64_t>(s.switched_in),
                   static_cast<int64_t>(s.preempted)});
    }
    ex.emit(t);
    ex.note(fmt::format(
        "total {:.3f} Mpps; core busy {:.1f}%, switching {:.1f}%, idle {:.1f}%; {} context "
        "switches\n",
        w.throughput_mpps(), 100 * (w.core.busy / w.length), 100 * (w.core.switching / w.length),
        100 * (w.core.idle / w.length), w.core.context_switches));
}

void batch_cdf(const Experiment& ex, const Base& base) {
    processes(ex, 1);
    const int64_t procs = one(ex, "processes", "fig2"), ring = one(ex, "ring-slots", "fig2");
    check_size(base, 2, base.offered_mpps * 1e6, procs, ring);
    ResultsTable t({{"yield", 0}, {"batch_pkts", 0}, {"cdf", 5}});
    ResultsTable s({{"yield", 0},
                    {"throughput_mpps", 4},
                    {"batches", 0},
                    {"fraction_le_10_pkts", 4},
                    {"fraction_ge_1000_pkts", 4},
                    {"median_batch_pkts", 0},
                    {"mean_batch_pkts", 1}});
    for (bool y : {false, true}) {
        OsCoreConfig cfg = base.even(procs, 0.0);
        cfg.ring_slots = ring;
        cfg.yield = y;
        const Window w = measure_core(ex, base, cfg, y ? "fig2 yield" : "fig2 no yield");
        std::vector<uint64_t> h(static_cast<size_t>(ring) + 1, 0);
        for (const auto& hp : w.histograms)
            for (size_t i = 0; i < h.size(); ++i) h[i] += hp[i];
        uint64_t total = 0, le10 = 0, ge1000 = 0;
        for (size_t i = 0; i < h.size(); ++i) {
            total += h[i];
            if (i <= 10) le10 += h[i];
            if (i >= 1000) ge1000 += h[i];
        }
        uint64_t cum = 0;
        int64_t median = 0;
        for (size_t i = 0; i < h.size(); ++i) {
            if (!h[i]) continue;
            cum += h[i];
            if (median == 0 && 2 * cum >= total) median = static_cast<int64_t>(i);
            t.add_row({std::string(y ? "on" : "off"), static_cast<int64_t>(i),
                       static_cast<double>(cum) / static_cast<double>(total)});
        }
        const uint64_t tot = std::max<uint64_t>(total, 1);
        s.add_row({std::string(y ? "on" : "off"), w.throughput_mpps(), static_cast<int64_t>(total),
                   fraction(le10, tot), fraction(ge1000, tot), median, w.mean_batch()});
    }
    ex.emit(t);
    ex.write_out("summary.csv", s);
    ex.note("\n" + s.to_text());
}

void throughput(const Experiment& ex, const Base& base) {
    ResultsTable t({{"processes", 0},
                    {"extra_cycles", 0},
                    {"ring_slots", 0},
                    {"throughput_mpps", 4},
                    {"drop_fraction", 4},
                    {"mean_batch_pkts", 1},
                    {"switching_fraction", 4},
                    {"refill_fraction", 4}});
    const std::vector<int64_t> procs = processes(ex, 1);
    const auto& rings = ex.ints("ring-slots");
    check_size(base,
               static_cast<double>(ex.reals("extra-cycles").size() * rings.size() * procs.size()),
               base.offered_mpps * 1e6, largest(procs), largest(rings));
    for (double extra : ex.reals("extra-cycles")) {
        for (int64_t ring : ex.ints("ring-slots")) {
            for (int64_t n : procs) {
                OsCoreConfig cfg = base.even(n, extra);
                cfg.ring_slots = ring;
                // Fig. 4 varies rings and FastClick batches together (§3.1).
                if (ex.on("batch-follows-ring") && !ex.given("batch-pkts")) cfg.batch_pkts = ring;
                const Window w = measure_core(
                    ex, base, cfg,
                    fmt::format("{} P={} extra={} ring={}", ex.scenario(), n, extra, ring));
                uint64_t off = 0, drop = 0;
                SimTime refill;
                for (const auto& p : w.procs) {
                    off += p.offered;
                    drop += p.dropped;
                    refill += p.refill_time;
                }
                t.add_row({n, extra, ring, w.throughput_mpps(), fraction(drop, off), w.mean_batch(),
                           w.core.switching / w.length, refill / w.length});
            }
        }
    }
    ex.emit(t);
}

void pairs(const Experiment& ex, const Base& base) {
    if (!ex.set("pairs")) throw InputError("--pairs: scenario fig5 needs A/B pairs like 0/1000");
    const int64_t ring = one(ex, "ring-slots", "fig5");
    ResultsTable t({{"extra_cycles_a", 0},
                    {"extra_cycles_b", 0},
                    {"throughput_a_mpps", 4},
                    {"throughput_b_mpps", 4},
                    {"cpu_share_a", 4},
                    {"cpu_share_b", 4},
                    {"regime", 0}});
    const std::vector<std::string> pair_list = parse_list("pairs", ex.text("pairs"));
    check_size(base, static_cast<double>(pair_list.size()), base.offered_mpps * 1e6, 2, ring);
    for (const std::string& pair : pair_list) {
        const auto slash = pair.find('/');
        if (slash == std::string::npos)
            throw InputError(fmt::format("--pairs: must be A/B pairs like 0/1000, got '{}'", pair));
        const double a = parse_real("pairs", pair.substr(0, slash), kCycles, "cycles");
        const double b = parse_real("pairs", pair.substr(slash + 1), kCycles, "cycles");
        OsCoreConfig cfg = base.even(2, 0.0);
        cfg.ring_slots = ring;
        cfg.processes[0].extra_cycles_per_packet = a;
        cfg.processes[1].extra_cycles_per_packet = b;
        const Window w = measure_core(ex, base, cfg, "fig5 " + pair);
        // The paper's three regimes (§3.2), by whether a full batch outlasts the quantum.
        auto long_batch = [&](double extra) {
            return cfg.costs.cycles((cfg.costs.base_cycles_per_packet + extra) *
                                    static_cast<double>(std::min(cfg.ring_slots, cfg.batch_pkts))) >
                   cfg.quantum;
        };
        const bool la = long_batch(a), lb = long_batch(b);
        const std::string regime = la && lb ? "cpu-fair" : la || lb ? "mixed" : "packet-fair";
        t.add_row({a, b, w.mpps(0), w.mpps(1), w.cpu_share(0), w.cpu_share(1), regime});
    }
    ex.emit(t);
}

void ping_latency(const Experiment& ex, const Base& base) {
    const int64_t ring = one(ex, "ring-slots", "fig6");
    const double ping_base_us = ex.real("ping-base-us");
    ResultsTable t({{"busy_processes", 0},
                    {"pings", 0},
                    {"median_us", 1},
                    {"p90_us", 1},
                    {"p99_us", 1},
                    {"max_us", 1},
                    {"busy_throughput_mpps", 4}});
    ResultsTable cdf({{"busy_processes", 0}, {"latency_us", 3}, {"cdf", 5}});
    const std::vector<int64_t> procs = processes(ex, 0);
    const double pings_per_s = 1e3 / ex.number("ping-interval-ms");
    check_size(base, static_cast<double>(procs.size()), base.offered_mpps * 1e6, largest(procs) + 1,
               ring, pings_per_s);
    for (int64_t n : procs) {
        OsCoreConfig cfg = n > 0 ? base.even(n, 0.0) : base.cfg;
        cfg.ring_slots = ring;
        // The ping forwarder goes first: it holds the core alone at the start, as when the
        // busy processes are launched next to an already running forwarder.
        cfg.processes.insert(cfg.processes.begin(), ProcessSpec{pings_per_s, 0.0, true});
        Window w = measure_core(ex, base, cfg, fmt::format("fig6 P={}", n));
        std::vector<double> us;
        for (SimTime l : w.latencies) us.push_back(l.to_us() + ping_base_us);
        std::sort(us.begin(), us.end());
        for (size_t i = 0; i < us.size(); ++i)
            cdf.add_row({n, us[i], static_cast<double>(i + 1) / static_cast<double>(us.size())});
        t.add_row({n, static_cast<int64_t>(us.size()), quantile(us, 0.5), quantile(us, 0.9),
                   quantile(us, 0.99), us.empty() ? 0.0 : us.back(),
                   w.throughput_mpps() - w.mpps(0)});
    }
    ex.emit(t);
    ex.write_out("latency_cdf.csv", cdf);
}

}  // namespace corelink::oscore
