// KBNets 2017 §3 (Figs. 2–6): FastClick processes sharing one CPU core, each polling its own NIC
// RX ring, scheduled by the OS. The model is topologies/os_core.h; this binary runs its presets.
//   --scenario single   one configuration, one row per process (every parameter is a flag)
//   --scenario fig2     batch-size CDF, 5 processes, without and with sched_yield
//   --scenario fig3     total throughput vs processes 1..30 at 0/100/1000/10000 extra cycles
//   --scenario fig4     total throughput vs ring (= batch) size, 10 processes
//   --scenario fig5     two processes of different per-packet cost: throughput and CPU share
//   --scenario fig6     ping latency through an idle forwarder sharing the core with P busy ones
// A preset only changes the flags the user did not give.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "experiments/common/experiment.h"
#include "experiments/common/run_loop.h"
#include "src/statistics.h"
#include "topologies/os_core.h"

using namespace corelink;

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

Window run(const OsCoreConfig& cfg, uint64_t seed, SimTime warmup, SimTime duration,
           const std::string& label) {
    Simulation sim(seed);
    OsCore core(sim, cfg);
    const SimTime total = warmup + duration;
    run_with_progress(sim, warmup, label, total);
    core.sync();
    core.clear_samples();
    std::vector<ProcessStats> before;
    for (int p = 0; p < core.processes(); ++p) before.push_back(core.stats(p));
    const CoreStats core_before = core.core_stats();
    run_with_progress(sim, total, label, total);
    core.sync();
    Window w;
    w.length = duration;
    for (int p = 0; p < core.processes(); ++p) {
        w.procs.push_back(minus(core.stats(p), before[size_t(p)]));
        w.histograms.push_back(core.batch_histogram(p));
        const auto& l = core.latencies(p);
        w.latencies.insert(w.latencies.end(), l.begin(), l.end());
    }
    w.core.busy = core.core_stats().busy - core_before.busy;
    w.core.switching = core.core_stats().switching - core_before.switching;
    w.core.idle = core.core_stats().idle - core_before.idle;
    w.core.context_switches = core.core_stats().context_switches - core_before.context_switches;
    return w;
}

// A flag's value, or the scenario's preset when the user left the flag at its default.
struct Flags {
    const Experiment& ex;
    template <typename T>
    T get(const std::string& key, const T& preset) const {
        return ex.vars()[key].defaulted() ? preset : ex.get<T>(key);
    }
};

bool parse_on_off(const std::string& flag, const std::string& v) {
    if (v == "on" || v == "true" || v == "1") return true;
    if (v == "off" || v == "false" || v == "0") return false;
    throw InputError(fmt::format("--{}: expected on|off, got '{}'", flag, v));
}

std::vector<int64_t> int_list(const std::string& flag, const std::string& text, int64_t lo) {
    std::vector<int64_t> out;
    for (double v : parse_number_list(flag, text)) {
        if (v != std::floor(v) || v < static_cast<double>(lo))
            throw InputError(
                fmt::format("--{}: values must be integers >= {}, got '{}'", flag, lo, text));
        out.push_back(static_cast<int64_t>(v));
    }
    return out;
}

std::vector<double> non_negative_list(const std::string& flag, const std::string& text) {
    std::vector<double> out = parse_number_list(flag, text);
    for (double v : out) require_non_negative(flag, v);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    return run_experiment("oscore", [&] {
        Experiment ex("oscore",
                      "KBNets 2017 §3: P FastClick-like processes share one CPU core, each polling "
                      "its own NIC RX ring (poll, batch, TX syscall, optional sched_yield), "
                      "scheduled round robin or CFS-like, with context-switch and cache-refill "
                      "costs. Presets reproduce Figs. 2-6; defaults are the calibrated constants "
                      "of docs/oscore-calibration.md.");
        const OsCoreCosts dc;
        // clang-format off: one option per entry reads better than the formatter's packing.
        ex.add_options()(
            "scenario", po::value<std::string>()->default_value("single"),
            "single | fig2 | fig3 | fig4 | fig5 | fig6 (a preset changes only flags not given)")(
            "processes", po::value<std::string>()->default_value("5"),
            "number of busy processes sharing the core; a list or range (1..30) for fig3/fig4/"
            "fig6 [fig3: 1..30, fig4: 10, fig6: 0,10,25]")(
            "ring-slots", po::value<std::string>()->default_value("1024"),
            "RX ring size per process, packets; a list for fig4 [fig4: 32,64,...,2048]")(
            "batch-pkts", po::value<int64_t>()->default_value(1024),
            "FastClick batch: most packets taken per poll (fig4 sets it to the ring size)")(
            "yield", po::value<std::string>()->default_value("on"),
            "on|off: sched_yield() before every poll (the paper's fix, §3.1)")(
            "scheduler", po::value<std::string>()->default_value("rr"),
            "rr (round robin with --quantum-ms, as in the paper) | cfs (fair share)")(
            "quantum-ms", po::value<double>()->default_value(1.0),
            "round-robin time slice, ms (the paper tried 1, 10, 100)")(
            "cfs-latency-ms", po::value<double>()->default_value(6.0),
            "CFS target latency, ms: slice = max(latency / runnable, min granularity)")(
            "cfs-min-granularity-ms", po::value<double>()->default_value(0.75),
            "CFS minimum slice, ms")(
            "cfs-wakeup-granularity-ms", po::value<double>()->default_value(1.0),
            "CFS: a woken task preempts when its vruntime is smaller by more than this, ms")(
            "extra-cycles", po::value<std::string>()->default_value("0"),
            "extra cycles per packet: single: one value for all or one per process; fig3: the "
            "series [0,100,1000,10000]")(
            "pairs",
            po::value<std::string>()->default_value(
                "0/0,0/100,0/1000,0/2000,0/3000,0/10000,0/100000,1000/10000,"
                "10000/100000"),
            "fig5: extra cycles of the two processes, comma list of A/B")(
            "clock-ghz", po::value<double>()->default_value(dc.clock_hz / 1e9),
            "core clock, GHz (a-priori value)")(
            "base-cycles", po::value<double>()->default_value(dc.base_cycles_per_packet),
            "cycles per packet of plain forwarding at the clock (calibrated)")(
            "poll-ns", po::value<double>()->default_value(dc.poll_syscall.to_ns()),
            "cost of one poll() syscall incl. netmap rxsync, ns (calibrated)")(
            "tx-ns", po::value<double>()->default_value(dc.tx_syscall.to_ns()),
            "cost of one ioctl(TXSYNC), ns (calibrated, = poll)")(
            "yield-ns", po::value<double>()->default_value(dc.yield_syscall.to_ns()),
            "cost of one sched_yield() syscall, ns (a-priori)")(
            "context-switch-ns", po::value<double>()->default_value(dc.context_switch.to_ns()),
            "cost of a context switch (scheduler + register/TLB switch), ns (a-priori)")(
            "refill-switch-cycles", po::value<double>()->default_value(dc.refill_switch_cycles),
            "cache refill at saturation, per switch-in behind another process: cycles spent "
            "fetching the working set again before the loop resumes (calibrated)")(
            "refill-packet-cycles", po::value<double>()->default_value(dc.refill_packet_cycles),
            "cache refill at saturation, extra cycles per packet of the first batch after a "
            "switch-in (a-priori: ~2 cache lines per packet from DRAM)")(
            "refill-saturation-processes",
            po::value<double>()->default_value(dc.refill_saturation_processes),
            "both refill parts scale with min(1, (P-1)/(this-1)), P the processes sharing the "
            "core: full from this many on (§3.1: 'the maximum decrease is reached at 25')")(
            "packet-bytes", po::value<double>()->default_value(128.0),
            "packet size for the offered load, bytes")(
            "line-gbps", po::value<double>()->default_value(10.0),
            "NIC line rate, Gb/s; offered = line / ((bytes + 24) * 8) (128 B at 10 Gb/s = "
            "8.22 Mpps; 24 B = preamble, IFG, FCS)")(
            "offered-mpps", po::value<double>()->default_value(0.0),
            "total offered load, Mpps, split evenly (0 = from --line-gbps and --packet-bytes)")(
            "process-mpps", po::value<std::string>()->default_value(""),
            "single: per-process offered loads, Mpps, comma list (overrides the even split)")(
            "arrivals", po::value<std::string>()->default_value("poisson"),
            "poisson | deterministic inter-arrivals per ring")(
            "ping-interval-ms", po::value<double>()->default_value(1.0),
            "fig6: mean interval between pings (Poisson), ms")(
            "ping-base-us", po::value<double>()->default_value(0.0),
            "fig6: latency outside the core added to every ping (hosts, wire), us")(
            "duration-ms", po::value<double>()->default_value(200.0),
            "measured simulated time per run, ms [fig6: 2000]")(
            "warmup-ms", po::value<double>()->default_value(50.0),
            "simulated time before measuring, ms");
        // clang-format on
        if (!ex.parse(argc, argv)) return 0;
        const Flags f{ex};

        const std::string scenario = ex.get<std::string>("scenario");
        const std::vector<std::string> scenarios{"single", "fig2", "fig3", "fig4", "fig5", "fig6"};
        if (std::find(scenarios.begin(), scenarios.end(), scenario) == scenarios.end())
            throw InputError(
                fmt::format("--scenario: unknown '{}'; accepted: single, fig2, fig3, "
                            "fig4, fig5, fig6",
                            scenario));

        // Base configuration from the flags shared by every scenario.
        OsCoreConfig base;
        OsCoreCosts& c = base.costs;
        c.clock_hz = ex.get<double>("clock-ghz") * 1e9;
        require_positive("clock-ghz", c.clock_hz);
        c.base_cycles_per_packet = ex.get<double>("base-cycles");
        require_positive("base-cycles", c.base_cycles_per_packet);
        auto ns_flag = [&](const std::string& k) {
            const double v = ex.get<double>(k);
            require_non_negative(k, v);
            return SimTime::from_ns(v);
        };
        c.poll_syscall = ns_flag("poll-ns");
        c.tx_syscall = ns_flag("tx-ns");
        c.yield_syscall = ns_flag("yield-ns");
        c.context_switch = ns_flag("context-switch-ns");
        c.refill_switch_cycles = ex.get<double>("refill-switch-cycles");
        require_non_negative("refill-switch-cycles", c.refill_switch_cycles);
        c.refill_packet_cycles = ex.get<double>("refill-packet-cycles");
        require_non_negative("refill-packet-cycles", c.refill_packet_cycles);
        c.refill_saturation_processes = ex.get<double>("refill-saturation-processes");
        require_positive("refill-saturation-processes", c.refill_saturation_processes);
        base.batch_pkts = ex.get<int64_t>("batch-pkts");
        require_positive_int("batch-pkts", base.batch_pkts);
        base.yield = parse_on_off("yield", ex.get<std::string>("yield"));
        const std::string sched = ex.get<std::string>("scheduler");
        if (sched == "rr")
            base.scheduler = SchedulerKind::RoundRobin;
        else if (sched == "cfs")
            base.scheduler = SchedulerKind::Cfs;
        else
            throw InputError(fmt::format("--scheduler: expected rr|cfs, got '{}'", sched));
        auto ms_flag = [&](const std::string& k) {
            const double v = ex.get<double>(k);
            require_positive(k, v);
            return SimTime::from_ms(v);
        };
        base.quantum = ms_flag("quantum-ms");
        base.cfs_latency = ms_flag("cfs-latency-ms");
        base.cfs_min_granularity = ms_flag("cfs-min-granularity-ms");
        base.cfs_wakeup_granularity = ms_flag("cfs-wakeup-granularity-ms");
        const std::string arr = ex.get<std::string>("arrivals");
        if (arr == "poisson")
            base.arrivals = ArrivalKind::Poisson;
        else if (arr == "deterministic")
            base.arrivals = ArrivalKind::Deterministic;
        else
            throw InputError(
                fmt::format("--arrivals: expected poisson|deterministic, got '{}'", arr));
        const double bytes = ex.get<double>("packet-bytes");
        require_positive("packet-bytes", bytes);
        const double line = ex.get<double>("line-gbps");
        require_positive("line-gbps", line);
        double offered_mpps = ex.get<double>("offered-mpps");
        require_non_negative("offered-mpps", offered_mpps);
        if (offered_mpps == 0.0) offered_mpps = line * 1e3 / ((bytes + 24.0) * 8.0);
        const SimTime warmup = SimTime::from_ms([&] {
            const double v = ex.get<double>("warmup-ms");
            require_non_negative("warmup-ms", v);
            return v;
        }());
        const double duration_ms =
            f.get<double>("duration-ms", scenario == "fig6" ? 2000.0 : 200.0);
        require_positive("duration-ms", duration_ms);
        const SimTime duration = SimTime::from_ms(duration_ms);
        const uint64_t seed = ex.seed();

        // P processes with an even split of the offered load and the same extra cost.
        auto even = [&](int64_t procs, double extra) {
            OsCoreConfig cfg = base;
            for (int64_t i = 0; i < procs; ++i)
                cfg.processes.push_back(
                    {offered_mpps * 1e6 / static_cast<double>(procs), extra, false});
            return cfg;
        };
        auto ring_list = [&](const std::string& preset) {
            return int_list("ring-slots", f.get<std::string>("ring-slots", preset), 1);
        };

        if (scenario == "single") {
            const std::vector<int64_t> procs =
                int_list("processes", ex.get<std::string>("processes"), 1);
            const std::vector<int64_t> rings = ring_list("1024");
            if (procs.size() != 1 || rings.size() != 1)
                throw InputError("--processes/--ring-slots: scenario single takes one value each");
            const int64_t n = procs[0];
            std::vector<double> extra =
                non_negative_list("extra-cycles", ex.get<std::string>("extra-cycles"));
            if (extra.size() == 1) extra.assign(size_t(n), extra[0]);
            if (extra.size() != size_t(n))
                throw InputError(fmt::format("--extra-cycles: give one value or {} values", n));
            OsCoreConfig cfg = even(n, 0.0);
            cfg.ring_slots = rings[0];
            const std::string pm = ex.get<std::string>("process-mpps");
            std::vector<double> rates;
            if (!pm.empty()) {
                rates = non_negative_list("process-mpps", pm);
                if (rates.size() != size_t(n))
                    throw InputError(fmt::format("--process-mpps: give {} values", n));
            }
            for (size_t i = 0; i < size_t(n); ++i) {
                cfg.processes[i].extra_cycles_per_packet = extra[i];
                if (!rates.empty()) cfg.processes[i].offered_pps = rates[i] * 1e6;
            }
            const Window w = run(cfg, seed, warmup, duration, "oscore");
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
                t.add_row(
                    {int64_t{p}, extra[size_t(p)],
                     static_cast<double>(s.offered) / w.length.to_us(), w.mpps(p),
                     s.offered ? static_cast<double>(s.dropped) / static_cast<double>(s.offered)
                               : 0.0,
                     w.cpu_share(p),
                     s.batches ? static_cast<double>(s.processed) / static_cast<double>(s.batches)
                               : 0.0,
                     static_cast<int64_t>(s.switched_in), static_cast<int64_t>(s.preempted)});
            }
            ex.emit(t);
            ex.note(
                fmt::format("total {:.3f} Mpps; core busy {:.1f}%, switching {:.1f}%, idle "
                            "{:.1f}%; {} context switches\n",
                            w.throughput_mpps(), 100 * (w.core.busy / w.length),
                            100 * (w.core.switching / w.length), 100 * (w.core.idle / w.length),
                            w.core.context_switches));
            return 0;
        }

        if (scenario == "fig2") {
            // Fig. 2: 5 processes, 1024-slot rings, plain forwarding; without and with yield.
            const std::vector<int64_t> procs =
                int_list("processes", f.get<std::string>("processes", "5"), 1);
            const std::vector<int64_t> rings = ring_list("1024");
            if (procs.size() != 1 || rings.size() != 1)
                throw InputError("--processes/--ring-slots: scenario fig2 takes one value each");
            ResultsTable t({{"yield", 0}, {"batch_pkts", 0}, {"cdf", 5}});
            ResultsTable s({{"yield", 0},
                            {"throughput_mpps", 4},
                            {"batches", 0},
                            {"fraction_le_10_pkts", 4},
                            {"fraction_ge_1000_pkts", 4},
                            {"median_batch_pkts", 0},
                            {"mean_batch_pkts", 1}});
            for (bool y : {false, true}) {
                OsCoreConfig cfg = even(procs[0], 0.0);
                cfg.ring_slots = rings[0];
                cfg.yield = y;
                const Window w =
                    run(cfg, seed, warmup, duration, y ? "fig2 yield" : "fig2 no yield");
                std::vector<uint64_t> h(static_cast<size_t>(rings[0]) + 1, 0);
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
                const double tot = static_cast<double>(std::max<uint64_t>(total, 1));
                s.add_row({std::string(y ? "on" : "off"), w.throughput_mpps(),
                           static_cast<int64_t>(total), static_cast<double>(le10) / tot,
                           static_cast<double>(ge1000) / tot, median, w.mean_batch()});
            }
            ex.emit(t);
            ex.write_out("summary.csv", s.to_csv());
            ex.note("\n" + s.to_text());
            return 0;
        }

        if (scenario == "fig3" || scenario == "fig4") {
            const bool fig3 = scenario == "fig3";
            const std::vector<int64_t> procs =
                int_list("processes", f.get<std::string>("processes", fig3 ? "1..30" : "10"), 1);
            const std::vector<int64_t> rings =
                ring_list(fig3 ? "1024" : "16,32,64,128,256,512,1024,2048");
            const std::vector<double> extras = non_negative_list(
                "extra-cycles",
                f.get<std::string>("extra-cycles", fig3 ? "0,100,1000,10000" : "0"));
            ResultsTable t({{"processes", 0},
                            {"extra_cycles", 0},
                            {"ring_slots", 0},
                            {"throughput_mpps", 4},
                            {"drop_fraction", 4},
                            {"mean_batch_pkts", 1},
                            {"switching_fraction", 4},
                            {"refill_fraction", 4}});
            for (double extra : extras) {
                for (int64_t ring : rings) {
                    for (int64_t n : procs) {
                        OsCoreConfig cfg = even(n, extra);
                        cfg.ring_slots = ring;
                        // Fig. 4 varies rings and FastClick batches together (§3.1).
                        if (!fig3 && ex.vars()["batch-pkts"].defaulted()) cfg.batch_pkts = ring;
                        const Window w =
                            run(cfg, seed, warmup, duration,
                                fmt::format("{} P={} extra={} ring={}", scenario, n, extra, ring));
                        uint64_t off = 0, drop = 0;
                        SimTime refill;
                        for (const auto& p : w.procs) {
                            off += p.offered;
                            drop += p.dropped;
                            refill += p.refill_time;
                        }
                        t.add_row({n, extra, ring, w.throughput_mpps(),
                                   off ? static_cast<double>(drop) / static_cast<double>(off) : 0.0,
                                   w.mean_batch(), w.core.switching / w.length, refill / w.length});
                    }
                }
            }
            ex.emit(t);
            return 0;
        }

        if (scenario == "fig5") {
            const std::vector<int64_t> rings = ring_list("1024");
            if (rings.size() != 1) throw InputError("--ring-slots: scenario fig5 takes one value");
            ResultsTable t({{"extra_cycles_a", 0},
                            {"extra_cycles_b", 0},
                            {"throughput_a_mpps", 4},
                            {"throughput_b_mpps", 4},
                            {"cpu_share_a", 4},
                            {"cpu_share_b", 4},
                            {"regime", 0}});
            for (const std::string& pair : parse_name_list(ex.get<std::string>("pairs"))) {
                const auto slash = pair.find('/');
                if (slash == std::string::npos)
                    throw InputError(
                        fmt::format("--pairs: expected A/B pairs like 0/1000, got '{}'", pair));
                const std::vector<double> a = non_negative_list("pairs", pair.substr(0, slash));
                const std::vector<double> b = non_negative_list("pairs", pair.substr(slash + 1));
                if (a.size() != 1 || b.size() != 1)
                    throw InputError(
                        fmt::format("--pairs: expected A/B pairs like 0/1000, got '{}'", pair));
                OsCoreConfig cfg = even(2, 0.0);
                cfg.ring_slots = rings[0];
                cfg.processes[0].extra_cycles_per_packet = a[0];
                cfg.processes[1].extra_cycles_per_packet = b[0];
                const Window w = run(cfg, seed, warmup, duration, "fig5 " + pair);
                // The paper's three regimes (§3.2), by whether a full batch outlasts the quantum.
                auto long_batch = [&](double extra) {
                    return cfg.costs.cycles((cfg.costs.base_cycles_per_packet + extra) *
                                            static_cast<double>(std::min(
                                                cfg.ring_slots, cfg.batch_pkts))) > cfg.quantum;
                };
                const bool la = long_batch(a[0]), lb = long_batch(b[0]);
                const std::string regime = la && lb   ? "cpu-fair"
                                           : la || lb ? "mixed"
                                                      : "packet-fair";
                t.add_row(
                    {a[0], b[0], w.mpps(0), w.mpps(1), w.cpu_share(0), w.cpu_share(1), regime});
            }
            ex.emit(t);
            return 0;
        }

        // fig6: one idle forwarder carrying only pings, plus P busy plain forwarders.
        const std::vector<int64_t> busy =
            int_list("processes", f.get<std::string>("processes", "0,10,25"), 0);
        const std::vector<int64_t> rings = ring_list("1024");
        if (rings.size() != 1) throw InputError("--ring-slots: scenario fig6 takes one value");
        const double ping_ms = ex.get<double>("ping-interval-ms");
        require_positive("ping-interval-ms", ping_ms);
        const double ping_base_us = ex.get<double>("ping-base-us");
        require_non_negative("ping-base-us", ping_base_us);
        ResultsTable t({{"busy_processes", 0},
                        {"pings", 0},
                        {"median_us", 1},
                        {"p90_us", 1},
                        {"p99_us", 1},
                        {"max_us", 1},
                        {"busy_throughput_mpps", 4}});
        std::string cdf = "busy_processes,latency_us,cdf\n";
        for (int64_t n : busy) {
            OsCoreConfig cfg = n > 0 ? even(n, 0.0) : base;
            cfg.ring_slots = rings[0];
            // The ping forwarder goes first: it holds the core alone at the start, as when the
            // busy processes are launched next to an already running forwarder.
            cfg.processes.insert(cfg.processes.begin(), ProcessSpec{1e3 / ping_ms, 0.0, true});
            Window w = run(cfg, seed, warmup, duration, fmt::format("fig6 P={}", n));
            std::vector<double> us;
            for (SimTime l : w.latencies) us.push_back(l.to_us() + ping_base_us);
            std::sort(us.begin(), us.end());
            for (size_t i = 0; i < us.size(); ++i)
                cdf += fmt::format("{},{:.3f},{:.5f}\n", n, us[i],
                                   static_cast<double>(i + 1) / static_cast<double>(us.size()));
            t.add_row({n, static_cast<int64_t>(us.size()), quantile(us, 0.5), quantile(us, 0.9),
                       quantile(us, 0.99), us.empty() ? 0.0 : us.back(),
                       w.throughput_mpps() - w.mpps(0)});
        }
        ex.emit(t);
        ex.write_out("latency_cdf.csv", cdf);
        return 0;
    });
}
