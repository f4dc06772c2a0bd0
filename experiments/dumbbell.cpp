// The dumbbell: N long-lived TCP NewReno flows through one bottleneck (a link or a CPU core)
// behind any registered queue. Reports per-flow goodput and the bottleneck's utilisation and
// fairness; with --bench, how fast the simulator ran.
#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "experiments/common/experiment.h"
#include "experiments/common/run_loop.h"
#include "experiments/common/tcp_path_options.h"
#include "src/queue_sampler.h"
#include "src/statistics.h"
#include "topologies/dumbbell.h"

using namespace corelink;

namespace {

int run(int argc, char** argv) {
    Experiment ex("dumbbell",
                  "N TCP NewReno flows share one bottleneck, a link or a CPU core, behind any "
                  "registered queue.\nThe reverse path is uncongested. Goodput is measured after "
                  "--warmup-s.");
    // One option per line reads better than the chain clang-format would reflow.
    // clang-format off
    ex.add_options()
        ("flows", po::value<int64_t>()->default_value(16), "number of TCP flows")
        ("rate-mbps", po::value<double>()->default_value(100.0),
         "bottleneck link rate in Mb/s (with --cpu-ghz: ignored)")
        ("cpu-ghz", po::value<double>()->default_value(0.0),
         "make the bottleneck a CPU core at this clock in GHz (0 = a link)")
        ("cost-cycles", po::value<double>()->default_value(1000.0),
         "CPU bottleneck: processing cost in cycles per packet, every flow")
        ("trace-flows", po::value<int64_t>()->default_value(4),
         "with --out: write the cwnd of this many flows over time to cwnd.csv")
        ("summary", po::bool_switch(),
         "print one CSV row (header first) for the whole bottleneck instead of the per-flow "
         "table: utilisation, total goodput (Mb/s), Jain's index over flows, drops and CE marks "
         "after warm-up, and the queue length (packets, sampled every RTT/20) mean and 99th "
         "percentile after warm-up; with --out also summary.csv");
    // clang-format on
    TcpPathOptions defaults;
    add_tcp_path_options(ex, defaults);
    ex.use_queues("droptail");
    if (!ex.parse(argc, argv)) return 0;

    const int64_t flows = ex.get<int64_t>("flows");
    require_positive_int("flows", flows);
    if (flows > 10'000'000) throw InputError("--flows: must be at most 10000000");
    const double rate_mbps = ex.get<double>("rate-mbps");
    require_positive("rate-mbps", rate_mbps);
    const double cpu_ghz = ex.get<double>("cpu-ghz");
    require_non_negative("cpu-ghz", cpu_ghz);
    const double cost_cycles = ex.get<double>("cost-cycles");
    require_positive("cost-cycles", cost_cycles);
    const TcpPathOptions path = read_tcp_path_options(ex);
    const int64_t trace_flows = ex.get<int64_t>("trace-flows");
    require_non_negative("trace-flows", static_cast<double>(trace_flows));

    Simulation sim(ex.seed());
    DumbbellConfig cfg = dumbbell_config(sim, path, static_cast<uint32_t>(flows));
    cfg.bottleneck.is_cpu = cpu_ghz > 0;
    cfg.bottleneck.rate_bps = rate_mbps * 1e6;
    cfg.bottleneck.clock_hz = cpu_ghz * 1e9;
    cfg.bottleneck.default_cost = CpuCost::constant(cost_cycles);
    cfg.bottleneck.queue = ex.queue_names().front();
    cfg.bottleneck.queue_options = &ex.queue_options();

    Dumbbell net(sim, cfg);
    const bool tracing = !ex.out_dir().empty();
    for (int64_t i = 0; tracing && i < std::min(trace_flows, flows); ++i)
        net.src(static_cast<size_t>(i)).enable_cwnd_trace(cfg.rtt / 4);

    const auto wall_start = std::chrono::steady_clock::now();
    const SimTime end = path.duration();
    QueueSampler queue_sampler(sim.events(), net.bottleneck().queue(), cfg.rtt / 20);
    run_with_progress(sim, path.warmup(), "dumbbell", end);
    const FlowSnapshot at_warmup = net.snapshot();
    const uint64_t served_at_warmup = net.bottleneck().served_packets();
    const QueueStats stats_at_warmup = net.bottleneck().queue().stats();
    queue_sampler.start();
    run_with_progress(sim, end, "dumbbell", end);
    const double wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

    const FlowRates rates = Dumbbell::rates_between(at_warmup, net.snapshot());
    if (ex.flag("summary")) {
        const QueueStats& qs = net.bottleneck().queue().stats();
        double goodput = 0;
        uint64_t retx = 0, rtos = 0;
        for (size_t i = 0; i < net.flows(); ++i) {
            goodput += rates.goodput_mbps[i];
            retx += net.src(i).retransmissions();
            rtos += net.src(i).timeouts();
        }
        ResultsTable summary({{"queue"},
                              {"tcp"},
                              {"flows", 0},
                              {"utilisation", 4},
                              {"goodput_mbps", 3},
                              {"jain", 4},
                              {"drops", 0},
                              {"marks", 0},
                              {"mean_queue_pkts", 2},
                              {"p99_queue_pkts", 0},
                              {"retransmits", 0},
                              {"timeouts", 0}});
        summary.add_row({cfg.bottleneck.queue, std::string(tcp_variant_name(path.tcp.variant())),
                         flows, rates.utilisation, goodput, jain_index(rates.goodput_mbps),
                         static_cast<int64_t>(qs.dropped_total() - stats_at_warmup.dropped_total()),
                         static_cast<int64_t>(qs.marked_pkts - stats_at_warmup.marked_pkts),
                         queue_sampler.mean_pkts(),
                         static_cast<int64_t>(queue_sampler.quantile_pkts(0.99)),
                         static_cast<int64_t>(retx), static_cast<int64_t>(rtos)});
        std::cout << summary.to_csv();
        ex.write_out("summary.csv", summary.to_csv());
        return 0;
    }
    ResultsTable table(
        {{"flow", 0}, {"goodput_mbps", 3}, {"retransmits", 0}, {"timeouts", 0}, {"share", 4}});
    double total_mbps = 0;
    uint64_t retx = 0, rtos = 0;
    for (size_t i = 0; i < net.flows(); ++i) {
        const TcpSrc& s = net.src(i);
        total_mbps += rates.goodput_mbps[i];
        retx += s.retransmissions();
        rtos += s.timeouts();
        table.add_row({static_cast<int64_t>(i), rates.goodput_mbps[i],
                       static_cast<int64_t>(s.retransmissions()),
                       static_cast<int64_t>(s.timeouts()), rates.share[i]});
    }
    ex.emit(table);

    if (tracing) {
        std::string cwnd = "time_s,flow,cwnd_pkts\n";
        for (int64_t i = 0; i < std::min(trace_flows, flows); ++i)
            for (const CwndSample& c : net.src(static_cast<size_t>(i)).cwnd_trace())
                cwnd += fmt::format("{:.6f},{},{:.3f}\n", c.time.to_sec(), i,
                                    c.cwnd_bytes / path.tcp.mss_bytes);
        ex.write_out("cwnd.csv", cwnd);
    }

    const Server& b = net.bottleneck();
    const double util = rates.utilisation;
    const uint64_t data_pkts = b.served_packets();
    ex.note(fmt::format(
        "\nbottleneck: {} {}, queue {}, {} flows, RTT {} ms, buffer {} pkts\n"
        "utilisation {:.4f}   total goodput {:.3f} Mb/s   Jain's index {:.4f}\n"
        "drops {} (overflow {}, early {}, forced {})   marks {}   retransmits {}   timeouts {}\n"
        "events {}   data packets served {}   {:.2f} events/packet\n"
        "speed: {:.3f} M data packets per wall-clock second ({:.2f} s wall)\n",
        cfg.bottleneck.is_cpu ? "CPU" : "link",
        cfg.bottleneck.is_cpu ? fmt::format("{} GHz, {} cycles/pkt", cpu_ghz, cost_cycles)
                              : fmt::format("{} Mb/s", rate_mbps),
        cfg.bottleneck.queue, flows, path.rtt_ms, path.buffer_pkts, util, total_mbps,
        jain_index(rates.goodput_mbps), b.queue().stats().dropped_total(),
        b.queue().stats().dropped(DropReason::Overflow),
        b.queue().stats().dropped(DropReason::Early), b.queue().stats().dropped(DropReason::Forced),
        b.queue().stats().marked_pkts, retx, rtos, sim.events().dispatched(), data_pkts,
        static_cast<double>(sim.events().dispatched()) /
            static_cast<double>(data_pkts ? data_pkts : 1),
        static_cast<double>(data_pkts) / wall_s / 1e6, wall_s));
    if (ex.bench())
        fmt::print(stderr,
                   "bench: dumbbell flows={} sim_s={} wall_s={:.3f} data_pkts={} "
                   "pkts_per_wall_s={:.0f} events={} events_per_pkt={:.3f} utilisation={:.4f} "
                   "peak_rss_mib={:.1f} served_after_warmup={}\n",
                   flows, path.duration_s, wall_s, data_pkts,
                   static_cast<double>(data_pkts) / wall_s, sim.events().dispatched(),
                   static_cast<double>(sim.events().dispatched()) /
                       static_cast<double>(data_pkts ? data_pkts : 1),
                   util, peak_rss_mib(), data_pkts - served_at_warmup);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return run_experiment("dumbbell", [&] { return run(argc, argv); });
}
