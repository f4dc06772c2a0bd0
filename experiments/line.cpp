// KBNets Figs. 8 and 10: the line topology (topologies/line.h). For each queue and each n, a
// multipath flow L (subflow L1 across n CPUs, each shared with a single-path flow S_i; subflow L2
// alone on one CPU) and the S_i run to steady state; reports L's, L1's, L2's and the mean S_i's
// throughput, the total, and the optimum 100 (n + 1) Mb/s.
#include <fmt/format.h>

#include <algorithm>

#include "experiments/common/experiment.h"
#include "experiments/common/run_loop.h"
#include "experiments/common/tcp_path_options.h"
#include "topologies/line.h"

using namespace corelink;

namespace {

// The --batch a queue uses, or 0 when it has no batch option (drop-tail, RED_4).
int64_t batch_of(const std::string& queue, const Experiment& ex) {
    const QueueType* t = builtin_queues().find(queue);
    for (const QueueOption& o : t->options)
        if (o.name == "batch") return ex.queue_options().get_int("batch");
    return 0;
}

int run(int argc, char** argv) {
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
    // One option per line reads better than the chain clang-format would reflow.
    // clang-format off
    ex.add_options()
        ("n", po::value<std::string>()->default_value("1..10"),
         "CPUs on L1's path (and short flows): a comma list, ranges like 1..10 allowed")
        ("cpu-mbps", po::value<double>()->default_value(100.0),
         "capacity of every CPU in Mb/s of mss-sized packets (KBNets: 100)")
        ("mptcp-cc", po::value<std::string>()->default_value("lia"),
         (std::string("multipath congestion control: ") + mptcp_cc_names()).c_str());
    // clang-format on
    TcpPathOptions defaults;
    defaults.duration_s = 60.0;
    defaults.buffer_pkts = 0;  // auto: per queue, see the help text
    add_tcp_path_options(ex, defaults);
    ex.use_queues("droptail,fq", /*list=*/true, {{"red-min-th", "60"}, {"red-max-th", "180"}});
    if (!ex.parse(argc, argv)) return 0;

    std::vector<uint32_t> ns;
    for (double n : parse_number_list("n", ex.get<std::string>("n"))) {
        if (n < 1 || n > 1000 || n != static_cast<double>(static_cast<uint32_t>(n)))
            throw InputError(fmt::format("--n: must be whole numbers from 1 to 1000, got {}", n));
        ns.push_back(static_cast<uint32_t>(n));
    }
    const double cpu_mbps = ex.get<double>("cpu-mbps");
    require_positive("cpu-mbps", cpu_mbps);
    const MptcpCc cc = parse_mptcp_cc("mptcp-cc", ex.get<std::string>("mptcp-cc"));
    const TcpPathOptions path = read_tcp_path_options(ex);
    const std::vector<std::string> queues = ex.queue_names();

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
    for (const std::string& queue : queues) {
        for (uint32_t n : ns) {
            Simulation sim(ex.seed());
            LineConfig cfg;
            cfg.n = n;
            cfg.rtt = path.rtt();
            cfg.cpu_capacity_mbps = cpu_mbps;
            cfg.queue = queue;
            cfg.limits = QueueLimits::in_packets(kbnets_cpu_buffer_pkts(queue, path.buffer_pkts));
            cfg.queue_options = &ex.queue_options();
            cfg.tcp = path.tcp;
            cfg.cc = cc;
            Rng start_rng = sim.make_rng();
            for (uint32_t f = 0; f < n + 2; ++f)
                cfg.start_times.push_back(
                    SimTime::from_ms(start_rng.uniform(0.0, path.start_spread_ms)));
            LineTopology net(sim, cfg);
            const std::string label = fmt::format("line {} n={}", queue, n);
            ex.trace(sim, net, label);
            run_with_progress(sim, path.warmup(), label, path.duration());
            const LineSnapshot start = net.snapshot();
            run_with_progress(sim, path.duration(), label, path.duration());
            const LineRates r = LineTopology::rates_between(start, net.snapshot());
            const double opt = net.optimal_total_mbps();
            table.add_row({queue, batch_of(queue, ex), static_cast<int64_t>(n), r.multipath_mbps,
                           r.l1_mbps, r.l2_mbps, r.short_mean_mbps,
                           *std::min_element(r.short_mbps.begin(), r.short_mbps.end()),
                           r.total_mbps, opt, r.total_mbps / opt, r.multipath_delivered_mbps,
                           static_cast<int64_t>(net.multipath().subflow(0).timeouts()),
                           static_cast<int64_t>(cfg.limits.packets)});
        }
    }
    ex.emit(table);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return run_experiment("line", [&] { return run(argc, argv); });
}
