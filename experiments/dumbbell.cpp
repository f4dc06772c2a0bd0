// The dumbbell: N long-lived TCP flows through one bottleneck (a link or a CPU core) behind any
// registered queue. Reports per-flow goodput (or, with --summary, one row for the bottleneck) and
// the bottleneck's utilisation and fairness; with --bench, how fast the simulator ran.
#include <fmt/format.h>

#include "experiments/common/experiment.h"
#include "experiments/common/runner.h"
#include "experiments/common/tcp_path_options.h"
#include "src/queue_sampler.h"
#include "src/statistics.h"
#include "topologies/dumbbell.h"

using namespace corelink;

namespace {

// --summary: one row for the whole bottleneck over [warm-up, end].
ResultsTable summary_table(Dumbbell& net, const QueueSpec& queue, const TcpPathOptions& path,
                           const FlowRates& rates, const QueueStats& at_warmup,
                           const QueueSampler& sampler) {
    const QueueStats& qs = net.bottleneck().queue().stats();
    uint64_t retx = 0, rtos = 0;
    for (size_t i = 0; i < net.flows(); ++i) {
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
    summary.add_row({queue.label, std::string(tcp_variant_name(path.tcp.variant())),
                     static_cast<int64_t>(net.flows()), rates.utilisation, sum(rates.goodput_mbps),
                     jain_index(rates.goodput_mbps),
                     static_cast<int64_t>(qs.dropped_total() - at_warmup.dropped_total()),
                     static_cast<int64_t>(qs.marked_pkts - at_warmup.marked_pkts),
                     sampler.mean_pkts(), static_cast<int64_t>(sampler.quantile_pkts(0.99)),
                     static_cast<int64_t>(retx), static_cast<int64_t>(rtos)});
    return summary;
}

}  // namespace

int main(int argc, char** argv) {
    Experiment ex("dumbbell",
                  "N TCP flows share one bottleneck, a link or a CPU core, behind any registered "
                  "queue.\nThe reverse path is uncongested. Goodput is measured after --warmup-s.");
    ex.add_int("flows", 16, "flows", between(1, 200'000), "number of TCP flows");
    ex.add_real("rate-mbps", 100.0, "Mb/s", between(1e-3, 1e6),
                "bottleneck link rate (with --cpu-ghz: ignored)");
    ex.add_real("cpu-ghz", 0.0, "GHz", between(0, 1e3),
                "make the bottleneck a CPU core at this clock (0 = a link; else at least 0.001)");
    ex.add_real("cost-cycles", 1000.0, "cycles", between(1e-3, 1e9),
                "CPU bottleneck: processing cost per packet, every flow");
    ex.add_int("trace-flows", 4, "flows", between(0, 1000),
               "with --out: write the cwnd of this many flows over time to cwnd.csv");
    ex.add_flag(
        "summary",
        "print one CSV row (header first) for the whole bottleneck instead of the per-flow table: "
        "utilisation, total goodput (Mb/s), Jain's index over flows, drops and CE marks "
        "after warm-up, and the queue length (packets, sampled every RTT/20) mean and 99th "
        "percentile after warm-up; with --out as summary.csv");
    add_tcp_path_options(ex, TcpPathOptions{});
    ex.use_queues("droptail");
    return ex.run(argc, argv, [&] {
        const int64_t flows = ex.integer("flows");
        const double rate_mbps = ex.real("rate-mbps"), cpu_ghz = ex.real("cpu-ghz");
        const double cost_cycles = ex.real("cost-cycles");
        if (cpu_ghz > 0 && cpu_ghz < 1e-3)
            throw InputError(fmt::format(
                "--cpu-ghz: must be 0 (a link) or in [0.001, 1000] GHz, got {}", cpu_ghz));
        const TcpPathOptions path = read_tcp_path_options(ex);
        const int64_t traced = std::min(ex.integer("trace-flows"), flows);

        Simulation sim(ex.seed());
        DumbbellConfig cfg = dumbbell_config(sim, path, static_cast<uint32_t>(flows));
        cfg.bottleneck.is_cpu = cpu_ghz > 0;
        cfg.bottleneck.rate_bps = rate_mbps * 1e6;
        cfg.bottleneck.clock_hz = cpu_ghz * 1e9;
        cfg.bottleneck.default_cost = CpuCost::constant(cost_cycles);
        const QueueSpec& queue = ex.queues().front();
        cfg.bottleneck.queue = queue.name;
        cfg.bottleneck.queue_options = &queue.options;

        Dumbbell net(sim, cfg);
        ex.trace(sim, net);
        const bool tracing = !ex.out_dir().empty();
        for (int64_t i = 0; tracing && i < traced; ++i)
            net.src(static_cast<size_t>(i)).enable_cwnd_trace(cfg.rtt / 4);
        QueueSampler sampler(sim.events(), net.bottleneck().queue(), cfg.rtt / 20);
        Run run(ex, sim, "dumbbell", path.duration());
        run.to(path.warmup());
        const FlowSnapshot at_warmup = net.snapshot();
        const QueueStats stats_at_warmup = net.bottleneck().queue().stats();
        sampler.start();
        run.to(path.duration());
        const FlowRates rates = Dumbbell::rates_between(at_warmup, net.snapshot());
        run.set_packets(net.bottleneck().served_packets());
        if (ex.on("summary")) {
            ex.emit(summary_table(net, queue, path, rates, stats_at_warmup, sampler), "summary.csv",
                    /*always_csv=*/true);
            return;
        }

        ResultsTable table(
            {{"flow", 0}, {"goodput_mbps", 3}, {"retransmits", 0}, {"timeouts", 0}, {"share", 4}});
        table.reserve_rows(net.flows());
        uint64_t retx = 0, rtos = 0;
        for (size_t i = 0; i < net.flows(); ++i) {
            const TcpSrc& s = net.src(i);
            retx += s.retransmissions();
            rtos += s.timeouts();
            table.add_row({static_cast<int64_t>(i), rates.goodput_mbps[i],
                           static_cast<int64_t>(s.retransmissions()),
                           static_cast<int64_t>(s.timeouts()), rates.share[i]});
        }
        ex.emit(table);
        if (tracing) {
            ResultsTable cwnd({{"time_s", 6}, {"flow", 0}, {"cwnd_pkts", 3}});
            for (int64_t i = 0; i < traced; ++i)
                for (const CwndSample& c : net.src(static_cast<size_t>(i)).cwnd_trace())
                    cwnd.add_row({c.time.to_sec(), i, c.cwnd_bytes / path.tcp.mss_bytes});
            ex.write_out("cwnd.csv", cwnd);
        }

        const Server& b = net.bottleneck();
        const QueueStats& q = b.queue().stats();
        const uint64_t data_pkts = b.served_packets(), events = sim.events().dispatched();
        const double per_pkt =
            static_cast<double>(events) / static_cast<double>(data_pkts ? data_pkts : 1);
        ex.note(fmt::format(
            "\nbottleneck: {} {}, queue {}, {} flows, RTT {} ms, buffer {} pkts\n"
            "utilisation {:.4f}   total goodput {:.3f} Mb/s   Jain's index {:.4f}\n"
            "drops {} (overflow {}, early {}, forced {})   marks {}   retransmits {}   "
            "timeouts {}\nevents {}   data packets served {}   {:.2f} events/packet\n",
            cfg.bottleneck.is_cpu ? "CPU" : "link",
            cfg.bottleneck.is_cpu ? fmt::format("{} GHz, {} cycles/pkt", cpu_ghz, cost_cycles)
                                  : fmt::format("{} Mb/s", rate_mbps),
            queue.label, flows, path.rtt_ms, path.buffer_pkts, rates.utilisation,
            sum(rates.goodput_mbps), jain_index(rates.goodput_mbps), q.dropped_total(),
            q.dropped(DropReason::Overflow), q.dropped(DropReason::Early),
            q.dropped(DropReason::Forced), q.marked_pkts, retx, rtos, events, data_pkts, per_pkt));
        ex.bench_totals().extra = [=](double) {
            return fmt::format(" data_pkts={} events_per_data_pkt={:.3f}", data_pkts, per_pkt);
        };
    });
}
