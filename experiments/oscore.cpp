// KBNets 2017 §3 (Figs. 2–6): FastClick processes sharing one CPU core, each polling its own NIC
// RX ring, scheduled by the OS. The model is hosts/os_core.h; the scenario families are in
// oscore/scenarios.h and the paper presets in experiments/presets/oscore-*.conf:
//   --scenario single   one configuration, one row per process (every parameter is a flag)
//   --scenario fig2     batch-size CDF, 5 processes, without and with sched_yield
//   --scenario fig3     total throughput vs processes 1..30 at 0/100/1000/10000 extra cycles
//   --scenario fig4     total throughput vs ring (= batch) size, 10 processes
//   --scenario fig5     two processes of different per-packet cost: throughput and CPU share
//   --scenario fig6     ping latency through an idle forwarder sharing the core with P busy ones
// A preset only sets the flags the user did not give.
#include <functional>
#include <map>
#include <vector>

#include "experiments/common/experiment.h"
#include "experiments/oscore/scenarios.h"

using namespace corelink;

int main(int argc, char** argv) {
    Experiment ex(
        "oscore",
        "KBNets 2017 §3: P FastClick-like processes share one CPU core, each polling its "
        "own NIC RX ring (poll, batch, TX syscall, optional sched_yield), scheduled round "
        "robin or CFS-like, with context-switch and cache-refill costs. Presets reproduce "
        "Figs. 2-6; defaults are the calibrated constants of "
        "docs/oscore-calibration.md.");
    const OsCoreCosts dc;
    // Bounded so that no per-packet or per-batch time overflows simulated time
    // (oscore/scenarios.h).
    const Range cycles = oscore::kCycles, slice = between(1e-3, 1e5), syscall = between(0, 1e9);
    ex.add_ints("processes", "5", "processes", between(0, 1000),
                "busy processes sharing the core; a list or range (1..30) for fig3/fig4/fig6");
    ex.add_ints("ring-slots", "1024", "packets", between(1, 1e6),
                "RX ring size per process; a list for fig3/fig4");
    ex.add_int("batch-pkts", 1024, "packets", between(1, 1e6),
               "FastClick batch: most packets taken per poll");
    ex.add_on_off("batch-follows-ring", false,
                  "fig3/fig4: the batch is the ring size, unless --batch-pkts is given (fig4)");
    ex.add_on_off("yield", true, "sched_yield() before every poll (the paper's fix, §3.1)");
    ex.add_choice("scheduler", "rr", {"rr", "cfs"},
                  "rr (round robin with --quantum-ms, as in the paper) | cfs (fair share)");
    ex.add_time("quantum-ms", 1.0, "ms", slice,
                "round-robin time slice (the paper tried 1, 10, 100)");
    ex.add_time("cfs-latency-ms", 6.0, "ms", slice,
                "CFS target latency: slice = max(latency / runnable, min granularity)");
    ex.add_time("cfs-min-granularity-ms", 0.75, "ms", slice, "CFS minimum slice");
    ex.add_time("cfs-wakeup-granularity-ms", 1.0, "ms", slice,
                "CFS: a woken task preempts when its vruntime is smaller by more than this");
    ex.add_reals("extra-cycles", "0", "cycles", cycles,
                 "extra cycles per packet: single: one value for all or one per process; fig3: "
                 "the series");
    ex.add_text("pairs", "", "fig5: extra cycles of the two processes, comma list of A/B");
    ex.add_real("clock-ghz", dc.clock_hz / 1e9, "GHz", between(0.1, 100),
                "core clock (a-priori value)");
    ex.add_real("base-cycles", dc.base_cycles_per_packet, "cycles", above(0, 1e6),
                "cycles per packet of plain forwarding at the clock (calibrated)");
    ex.add_time("poll-ns", dc.poll_syscall.to_ns(), "ns", syscall,
                "cost of one poll() syscall incl. netmap rxsync (calibrated)");
    ex.add_time("tx-ns", dc.tx_syscall.to_ns(), "ns", syscall,
                "cost of one ioctl(TXSYNC) (calibrated, = poll)");
    ex.add_time("yield-ns", dc.yield_syscall.to_ns(), "ns", syscall,
                "cost of one sched_yield() syscall (a-priori)");
    ex.add_time("context-switch-ns", dc.context_switch.to_ns(), "ns", syscall,
                "cost of a context switch (scheduler + register/TLB switch) (a-priori)");
    ex.add_real("refill-switch-cycles", dc.refill_switch_cycles, "cycles", cycles,
                "cache refill at saturation, per switch-in behind another process: cycles spent "
                "fetching the working set again before the loop resumes (calibrated)");
    ex.add_real("refill-packet-cycles", dc.refill_packet_cycles, "cycles", cycles,
                "cache refill at saturation, extra cycles per packet of the first batch after a "
                "switch-in (a-priori: ~2 cache lines per packet from DRAM)");
    ex.add_real("refill-saturation-processes", dc.refill_saturation_processes, "processes",
                between(1e-3, 1e6),
                "both refill parts scale with min(1, (P-1)/(this-1)), P the processes sharing "
                "the core: full from this many on (§3.1: 'the maximum decrease is reached at 25')");
    ex.add_real("packet-bytes", 128.0, "bytes", between(1, 1e6),
                "packet size for the offered load");
    ex.add_real("line-gbps", 10.0, "Gb/s", between(1e-6, 1e3),
                "NIC line rate; offered = line / ((bytes + 24) * 8) (128 B at 10 Gb/s = 8.22 "
                "Mpps; 24 B = preamble, IFG, FCS)");
    ex.add_real("offered-mpps", 0.0, "Mpps", between(0, 1e3),
                "total offered load, split evenly (0 = from --line-gbps and --packet-bytes)");
    ex.add_reals("process-mpps", "", "Mpps", between(0, 1e3),
                 "single: per-process offered loads, comma list (overrides the even split)");
    ex.add_choice("arrivals", "poisson", {"poisson", "deterministic"}, "inter-arrivals per ring");
    ex.add_time("ping-interval-ms", 1.0, "ms", between(1e-3, 1e6),
                "fig6: mean interval between pings (Poisson)");
    ex.add_real("ping-base-us", 0.0, "us", between(0, 1e9),
                "fig6: latency outside the core added to every ping (hosts, wire)");
    ex.add_time("duration-s", 0.2, "s", above(0, 1e6), "measured simulated time per run");
    ex.add_time("warmup-s", 0.05, "s", between(0, 1e6), "simulated time before measuring");
    ex.add_alias("duration-ms", "duration-s", 1e-3, "ms");
    ex.add_alias("warmup-ms", "warmup-s", 1e-3, "ms");
    ex.no_trace_points(
        "oscore has no packet trace points: its model counts the packets of each ring, it "
        "creates no packets (docs/traces.md)");
    std::vector<Preset> presets = builtin_presets();
    presets.insert(presets.begin(), {"single", "one configuration, every parameter a flag", ""});
    ex.use_presets(presets, "single");

    using Family = std::function<void(const Experiment&, const oscore::Base&)>;
    const std::map<std::string, Family> families{
        {"single", oscore::single},   {"fig2", oscore::batch_cdf}, {"fig3", oscore::throughput},
        {"fig4", oscore::throughput}, {"fig5", oscore::pairs},     {"fig6", oscore::ping_latency}};
    return ex.run(argc, argv, [&] { families.at(ex.scenario())(ex, oscore::read_base(ex)); });
}
