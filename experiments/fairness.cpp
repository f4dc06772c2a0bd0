// KBNets Fig. 9: two long-lived TCP flows with equal RTTs share one CPU core whose capacity is
// --capacity-mbps of F1's packets; F2's packets cost k times as much. For each queue and each k,
// reports both flows' throughput and CPU shares beside the optimum, equal CPU shares, where F1
// gets half the capacity.
#include <fmt/format.h>

#include "experiments/common/experiment.h"
#include "experiments/common/kbnets.h"
#include "experiments/common/runner.h"
#include "experiments/common/tcp_path_options.h"

using namespace corelink;

int main(int argc, char** argv) {
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
    ex.add_reals("cost-ratio", "1,2,3,4,6,8,10", "x F1's cost", between(1e-3, 1e6),
                 "F2's per-packet cost as a multiple of F1's: a comma list");
    ex.add_real("capacity-mbps", 100.0, "Mb/s", between(1e-3, 1e6),
                "CPU capacity in F1's packets (sets F1's cost in cycles)");
    ex.add_real("cpu-ghz", 1.0, "GHz", between(1e-3, 1e3), "CPU clock");
    ex.add_real("cost-cv", 0.1, "", between(0, 10),
                "coefficient of variation of per-packet cost (Normal, sd = cv x mean, as in DRFQ "
                "§8.2); 0 = constant costs, which lets deterministic phase effects lock one flow "
                "out");
    TcpPathOptions defaults;
    defaults.duration_s = 60.0;
    defaults.buffer_pkts = 0;  // auto: per queue, see the help text
    defaults.tcp.min_rto = SimTime::from_ms(50);
    add_tcp_path_options(ex, defaults);
    ex.use_queues("droptail,fq,red4,red4mq", /*list=*/true, kbnets_queue_defaults());
    return ex.run(argc, argv, [&] {
        CpuFairness f{1, ex.real("capacity-mbps"), ex.real("cpu-ghz"), ex.real("cost-cv")};
        const TcpPathOptions path = read_tcp_path_options(ex);
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
        for (const QueueSpec& queue : ex.queues()) {
            for (double k : ex.reals("cost-ratio")) {
                f.k = k;
                Simulation sim(ex.seed());
                const DumbbellConfig cfg = cpu_fairness_config(sim, path, queue, f);
                Dumbbell net(sim, cfg);
                const FlowRates r =
                    measure(ex, sim, net, fmt::format("fairness {} k={}", queue.label, k),
                            path.warmup(), path.duration());
                table.add_row({queue.label, k, r.goodput_mbps[0], r.goodput_mbps[1], r.share[0],
                               r.share[1], f.capacity_mbps / 2.0, r.utilisation,
                               static_cast<int64_t>(net.src(1).timeouts()),
                               static_cast<int64_t>(cfg.bottleneck.limits.packets)});
            }
        }
        ex.emit(table);
    });
}
