// KBNets Fig. 11: RED_4 MQ against its batch size B, in the fairness topology (Fig. 9: two TCP
// flows on one CPU, F2's packets k times as costly; value = F1's throughput, optimum = half the
// CPU) and in the line topology (Figs. 8/10; value = total throughput, optimum = 100 (n + 1)).
// KBNets §4: small batches make RED_4 MQ behave like per-packet fair queueing; larger is better.
#include <fmt/format.h>

#include <cmath>

#include "experiments/common/experiment.h"
#include "experiments/common/kbnets.h"
#include "experiments/common/runner.h"
#include "experiments/common/tcp_path_options.h"

using namespace corelink;

namespace {

struct Point {
    double value_mbps, optimal_mbps;
};

// One (topology, batch) point: the shared scenario builders, measured after the warm-up.
Point run_point(const Experiment& ex, const TcpPathOptions& path, const std::string& topology,
                const QueueSpec& queue, const std::string& label) {
    Simulation sim(ex.seed());
    if (topology == "fairness") {
        const CpuFairness f{ex.real("cost-ratio"), ex.real("cpu-mbps"), 1.0, ex.real("cost-cv")};
        Dumbbell net(sim, cpu_fairness_config(sim, path, queue, f));
        const FlowRates r = measure(ex, sim, net, label, path.warmup(), path.duration());
        return {r.goodput_mbps[0], f.capacity_mbps / 2.0};
    }
    LineTopology net(sim, line_config(sim, path, queue, static_cast<uint32_t>(ex.integer("n")),
                                      ex.real("cpu-mbps"), read_mptcp_cc(ex)));
    const LineRates r = measure(ex, sim, net, label, path.warmup(), path.duration());
    return {r.total_mbps, net.optimal_total_mbps()};
}

}  // namespace

int main(int argc, char** argv) {
    Experiment ex("batch",
                  "KBNets Fig. 11: RED_4 MQ against its batch size B, in the fairness topology "
                  "(value = F1's\nthroughput, optimum = half the CPU) and in the line topology "
                  "(value = total throughput,\noptimum = cpu-mbps * (n + 1)). --batch-sizes "
                  "replaces the queue's --batch.\n\nPath defaults as the fairness and line "
                  "experiments: 10 ms, 100 Mb/s CPUs, buffers of 400 packets\nfor the RED queues "
                  "(100 for others), RED thresholds 60 and 180 packets, minimum RTO 50 ms.");
    ex.add_text("topology", "fairness,line", "comma list of: fairness, line");
    ex.add_ints("batch-sizes", "1,2,4,8,16,32,64,128,256,512,1024", "packets",
                between(1, 4294967295.0),
                "batch sizes B: a comma list (ranges like 1..10 allowed)");
    ex.add_real("cost-ratio", 4.0, "x F1's cost", between(1e-3, 1e6),
                "fairness topology: F2's per-packet cost as a multiple of F1's");
    ex.add_real("cost-cv", 0.1, "", between(0, 10),
                "fairness topology: coefficient of variation of per-packet cost (as the fairness "
                "experiment)");
    ex.add_int("n", 10, "CPUs", between(1, 1000),
               "line topology: CPUs on L1's path (KBNets §4: batching matters most at large n, "
               "where burst losses on L1 are likeliest)");
    ex.add_real("cpu-mbps", 100.0, "Mb/s", between(1e-3, 1e6),
                "capacity of every CPU in (F1's) mss-sized packets");
    add_mptcp_cc_option(ex, "line topology: ");
    TcpPathOptions defaults;
    defaults.duration_s = 60.0;
    defaults.buffer_pkts = 0;  // auto: per queue, see the help text
    defaults.tcp.min_rto = SimTime::from_ms(50);
    add_tcp_path_options(ex, defaults);
    ex.use_queues("red4mq", /*list=*/false, kbnets_queue_defaults());
    return ex.run(argc, argv, [&] {
        const std::vector<std::string> topologies = parse_list("topology", ex.text("topology"));
        for (const std::string& t : topologies)
            if (t != "fairness" && t != "line")
                throw InputError(
                    fmt::format("--topology: must be a comma list of fairness, line; "
                                "got '{}'",
                                t));
        if (ex.given("batch"))
            throw InputError("--batch: not used here; give the batch sizes with --batch-sizes");
        const QueueSpec& queue = ex.queues().front();
        if (queue.label != queue.name)
            throw InputError(
                "--queue: give the batch sizes with --batch-sizes, the queue without "
                "options");
        const TcpPathOptions path = read_tcp_path_options(ex);
        ResultsTable table({{"topology", 0},
                            {"batch", 0},
                            {"value", 3},
                            {"optimal", 3},
                            {"distance", 4},
                            {"queue", 0}});
        for (const std::string& topology : topologies) {
            for (int64_t b : ex.ints("batch-sizes")) {
                QueueSpec spec = queue;
                spec.options.set("batch", std::to_string(b));
                const Point p =
                    run_point(ex, path, topology, spec, fmt::format("batch {} B={}", topology, b));
                table.add_row({topology, b, p.value_mbps, p.optimal_mbps,
                               std::abs(p.value_mbps - p.optimal_mbps) / p.optimal_mbps,
                               queue.label});
            }
        }
        ex.emit(table);
    });
}
