// KBNets Figs. 8 and 10: the line topology (topologies/line.h). For each queue and each n, a
// multipath flow L (subflow L1 across n CPUs, each shared with a single-path flow S_i; subflow L2
// alone on one CPU) and the S_i run to steady state; reports L's, L1's, L2's and the mean S_i's
// throughput, the total, and the optimum 100 (n + 1) Mb/s.
#include <fmt/format.h>

#include <algorithm>

#include "experiments/common/experiment.h"
#include "experiments/common/kbnets.h"
#include "experiments/common/runner.h"
#include "experiments/common/tcp_path_options.h"

using namespace corelink;

namespace {

// The batch a queue spec uses, or 0 when its queue has no batch option (drop-tail, RED_4).
int64_t batch_of(const QueueSpec& q) {
    for (const QueueOption& o : builtin_queues().find(q.name)->options)
        if (o.name == "batch") return q.options.get_int("batch");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Experiment ex("line",
                  "KBNets Figs. 8 and 10: the line topology. A multipath flow L has subflow L1 "
                  "across n CPUs,\neach shared with one single-path TCP flow S_i, and subflow L2 "
                  "alone on one CPU; every CPU\nprocesses --cpu-mbps and every packet costs the "
                  "same. Optimum: L1 idle, total = cpu-mbps * (n + 1).\n"
                  "multipath_mbps = L1 + L2 goodput "
                  "(subflow ACKs); multipath_delivered_mbps = L's in-order delivery\nat connection "
                  "level; total_mbps = multipath_mbps + the short flows' goodput.\n\n"
                  "Path defaults as in the fairness experiment (Fig. 9), for the same 10 ms, "
                  "100 Mb/s CPUs (a BDP of\n83 packets): CPU buffers of 100 packets for "
                  "drop-tail, fq and drr and 400 for the RED queues\n(whose gentle region reaches "
                  "2 x max-th); RED thresholds 60 and 180 packets.");
    ex.add_ints("n", "1..10", "CPUs", between(1, 1000),
                "CPUs on L1's path (and short flows): a comma list, ranges like 1..10 allowed");
    ex.add_real("cpu-mbps", 100.0, "Mb/s", between(1e-3, 1e6),
                "capacity of every CPU in mss-sized packets (KBNets: 100)");
    add_mptcp_cc_option(ex);
    TcpPathOptions defaults;
    defaults.duration_s = 60.0;
    defaults.buffer_pkts = 0;  // auto: per queue, see the help text
    add_tcp_path_options(ex, defaults);
    ex.use_queues("droptail,fq", /*list=*/true, kbnets_queue_defaults());
    return ex.run(argc, argv, [&] {
        const MptcpCc cc = read_mptcp_cc(ex);
        const TcpPathOptions path = read_tcp_path_options(ex);
        ResultsTable table({{"queue", 0},
                            {"batch", 0},
                            {"n", 0},
                            {"multipath_mbps", 3},
                            {"l1_mbps", 3},
                            {"l2_mbps", 3},
                            {"short_mean_mbps", 3},
                            {"short_min_mbps", 3},
                            {"total_mbps", 3},
                            {"optimal_mbps", 3},
                            {"total_vs_optimal", 4},
                            {"multipath_delivered_mbps", 3},
                            {"l1_timeouts", 0},
                            {"buffer_pkts", 0}});
        for (const QueueSpec& queue : ex.queues()) {
            for (int64_t n : ex.ints("n")) {
                Simulation sim(ex.seed());
                const LineConfig cfg = line_config(sim, path, queue, static_cast<uint32_t>(n),
                                                   ex.real("cpu-mbps"), cc);
                LineTopology net(sim, cfg);
                const LineRates r =
                    measure(ex, sim, net, fmt::format("line {} n={}", queue.label, n),
                            path.warmup(), path.duration());
                const double opt = net.optimal_total_mbps();
                table.add_row({queue.label, batch_of(queue), n, r.multipath_mbps, r.l1_mbps,
                               r.l2_mbps, r.short_mean_mbps,
                               *std::min_element(r.short_mbps.begin(), r.short_mbps.end()),
                               r.total_mbps, opt, r.total_mbps / opt, r.multipath_delivered_mbps,
                               static_cast<int64_t>(net.multipath().subflow(0).timeouts()),
                               static_cast<int64_t>(cfg.limits.packets)});
            }
        }
        ex.emit(table);
    });
}
