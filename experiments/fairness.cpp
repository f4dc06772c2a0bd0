// KBNets Fig. 9: two long-lived TCP flows with equal RTTs share one CPU core whose capacity is
// --capacity-mbps of F1's packets; F2's packets cost k times as much. For each queue and each k,
// reports both flows' throughput and CPU shares beside the optimum, equal CPU shares, where F1
// gets half the capacity.
#include <fmt/format.h>

#include "experiments/common/experiment.h"
#include "experiments/common/run_loop.h"
#include "experiments/common/tcp_path_options.h"
#include "topologies/dumbbell.h"

using namespace corelink;

namespace {

int run(int argc, char** argv) {
    Experiment ex(
        "fairness",
        "KBNets Fig. 9: two TCP flows share one CPU core; F2's per-packet cost is k "
        "times F1's.\nRuns every (queue, k) pair and reports throughput and CPU share "
        "of each flow, and the optimum\n(equal CPU shares: F1 gets half the capacity).\n\n"
        "Defaults suit the 10 ms, 100 Mb/s path (a bandwidth-delay product of 83 F1 "
        "packets):\n  - the buffer is 100 packets (about one BDP) for drop-tail, fq and "
        "drr, and 400 for the RED queues,\n    whose gentle region reaches 2 x max-th;\n"
        "  - RED thresholds are 60 and 180 packets (0.7 and 2.2 BDP): lower thresholds "
        "let the queue\n    drain after a window halving and leave the CPU idle;\n"
        "  - the minimum RTO is 50 ms (5 RTTs): with a 200 ms floor every timeout of the "
        "expensive flow\n    stalls it for 20 RTTs.");
    // One option per line reads better than the chain clang-format would reflow.
    // clang-format off
    ex.add_options()
        ("cost-ratio", po::value<std::string>()->default_value("1,2,3,4,6,8,10"),
         "F2's per-packet cost as a multiple of F1's: a comma list (ranges like 1..10 allowed)")
        ("capacity-mbps", po::value<double>()->default_value(100.0),
         "CPU capacity in Mb/s of F1's packets (sets F1's cost in cycles)")
        ("cpu-ghz", po::value<double>()->default_value(1.0), "CPU clock in GHz")
        ("cost-cv", po::value<double>()->default_value(0.1),
         "coefficient of variation of per-packet cost (Normal, sd = cv x mean, as in DRFQ §8.2); "
         "0 = constant costs, which lets deterministic phase effects lock one flow out");
    // clang-format on
    TcpPathOptions defaults;
    defaults.duration_s = 60.0;
    defaults.buffer_pkts = 0;  // auto: per queue, see the help text
    defaults.tcp.min_rto = SimTime::from_ms(50);
    add_tcp_path_options(ex, defaults);
    ex.use_queues("droptail,fq,red4,red4mq", /*list=*/true,
                  {{"red-min-th", "60"}, {"red-max-th", "180"}});
    if (!ex.parse(argc, argv)) return 0;

    const std::vector<double> ratios =
        parse_number_list("cost-ratio", ex.get<std::string>("cost-ratio"));
    for (double k : ratios) require_positive("cost-ratio", k);
    const double capacity_mbps = ex.get<double>("capacity-mbps");
    require_positive("capacity-mbps", capacity_mbps);
    const double cpu_ghz = ex.get<double>("cpu-ghz");
    require_positive("cpu-ghz", cpu_ghz);
    const double cost_cv = ex.get<double>("cost-cv");
    require_non_negative("cost-cv", cost_cv);
    const TcpPathOptions path = read_tcp_path_options(ex);
    const std::vector<std::string> queues = ex.queue_names();

    // F1's cost: the CPU processes capacity_mbps of F1's mss-sized packets.
    const double f1_cycles = cpu_ghz * 1e9 * path.tcp.mss_bytes * 8.0 / (capacity_mbps * 1e6);

    ResultsTable table({{"queue", 0},
                        {"cost_ratio", 2},
                        {"f1_mbps", 3},
                        {"f2_mbps", 3},
                        {"f1_cpu_share", 4},
                        {"f2_cpu_share", 4},
                        {"optimal_f1_mbps", 3},
                        {"cpu_utilisation", 4},
                        {"f2_timeouts", 0},
                        {"buffer_pkts", 0}});
    for (const std::string& queue : queues) {
        for (double k : ratios) {
            Simulation sim(ex.seed());
            DumbbellConfig cfg = dumbbell_config(sim, path, 2);
            cfg.bottleneck.limits =
                QueueLimits::in_packets(kbnets_cpu_buffer_pkts(queue, path.buffer_pkts));
            cfg.bottleneck.is_cpu = true;
            cfg.bottleneck.clock_hz = cpu_ghz * 1e9;
            cfg.bottleneck.flow_costs = {CpuCost::normal(f1_cycles, cost_cv * f1_cycles),
                                         CpuCost::normal(k * f1_cycles, cost_cv * k * f1_cycles)};
            cfg.bottleneck.queue = queue;
            cfg.bottleneck.queue_options = &ex.queue_options();
            Dumbbell net(sim, cfg);
            const std::string label = fmt::format("fairness {} k={}", queue, k);
            ex.trace(sim, net, label);
            run_with_progress(sim, path.warmup(), label, path.duration());
            const FlowSnapshot start = net.snapshot();
            run_with_progress(sim, path.duration(), label, path.duration());
            const FlowRates r = Dumbbell::rates_between(start, net.snapshot());
            table.add_row({queue, k, r.goodput_mbps[0], r.goodput_mbps[1], r.share[0], r.share[1],
                           capacity_mbps / 2.0, r.utilisation,
                           static_cast<int64_t>(net.src(1).timeouts()),
                           static_cast<int64_t>(cfg.bottleneck.limits.packets)});
        }
    }
    ex.emit(table);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return run_experiment("fairness", [&] { return run(argc, argv); });
}
