// KBNets Fig. 11: RED_4 MQ against its batch size B, in the fairness topology (Fig. 9: two TCP
// flows on one CPU, F2's packets k times as costly; value = F1's throughput, optimum = half the
// CPU) and in the line topology (Figs. 8/10; value = total throughput, optimum = 100 (n + 1)).
// KBNets §4: small batches make RED_4 MQ behave like per-packet fair queueing; larger is better.
#include <fmt/format.h>

#include <cmath>

#include "experiments/common/experiment.h"
#include "experiments/common/run_loop.h"
#include "experiments/common/tcp_path_options.h"
#include "topologies/dumbbell.h"
#include "topologies/line.h"

using namespace corelink;

namespace {

struct Point {
    double value_mbps;
    double optimal_mbps;
};

Point run_fairness(const Experiment& ex, const TcpPathOptions& path, const std::string& queue,
                   const QueueOptionValues& options, double k, double capacity_mbps, double cost_cv,
                   const std::string& label) {
    Simulation sim(ex.seed());
    DumbbellConfig cfg = dumbbell_config(sim, path, 2);
    cfg.bottleneck.limits =
        QueueLimits::in_packets(kbnets_cpu_buffer_pkts(queue, path.buffer_pkts));
    cfg.bottleneck.is_cpu = true;
    cfg.bottleneck.clock_hz = 1e9;
    // As the fairness experiment: F1's cost makes the CPU process capacity_mbps of its packets.
    const double f1_cycles = 1e9 * path.tcp.mss_bytes * 8.0 / (capacity_mbps * 1e6);
    cfg.bottleneck.flow_costs = {CpuCost::normal(f1_cycles, cost_cv * f1_cycles),
                                 CpuCost::normal(k * f1_cycles, cost_cv * k * f1_cycles)};
    cfg.bottleneck.queue = queue;
    cfg.bottleneck.queue_options = &options;
    Dumbbell net(sim, cfg);
    ex.trace(sim, net, label);
    run_with_progress(sim, path.warmup(), label, path.duration());
    const FlowSnapshot start = net.snapshot();
    run_with_progress(sim, path.duration(), label, path.duration());
    const FlowRates r = Dumbbell::rates_between(start, net.snapshot());
    return {r.goodput_mbps[0], capacity_mbps / 2.0};
}

Point run_line(const Experiment& ex, const TcpPathOptions& path, const std::string& queue,
               const QueueOptionValues& options, uint32_t n, double capacity_mbps, MptcpCc cc,
               const std::string& label) {
    Simulation sim(ex.seed());
    LineConfig cfg;
    cfg.n = n;
    cfg.rtt = path.rtt();
    cfg.cpu_capacity_mbps = capacity_mbps;
    cfg.queue = queue;
    cfg.limits = QueueLimits::in_packets(kbnets_cpu_buffer_pkts(queue, path.buffer_pkts));
    cfg.queue_options = &options;
    cfg.tcp = path.tcp;
    cfg.cc = cc;
    Rng start_rng = sim.make_rng();
    for (uint32_t f = 0; f < n + 2; ++f)
        cfg.start_times.push_back(SimTime::from_ms(start_rng.uniform(0.0, path.start_spread_ms)));
    LineTopology net(sim, cfg);
    ex.trace(sim, net, label);
    run_with_progress(sim, path.warmup(), label, path.duration());
    const LineSnapshot start = net.snapshot();
    run_with_progress(sim, path.duration(), label, path.duration());
    return {LineTopology::rates_between(start, net.snapshot()).total_mbps,
            net.optimal_total_mbps()};
}

int run(int argc, char** argv) {
    Experiment ex("batch",
                  "KBNets Fig. 11: RED_4 MQ against its batch size B, in the fairness topology "
                  "(value = F1's\nthroughput, optimum = half the CPU) and in the line topology "
                  "(value = total throughput,\noptimum = cpu-mbps * (n + 1)). --batch-sizes "
                  "replaces the queue's --batch.\n\nPath defaults as the fairness and line "
                  "experiments: 10 ms, 100 Mb/s CPUs, buffers of 400 packets\nfor the RED queues "
                  "(100 for others), RED thresholds 60 and 180 packets, minimum RTO 50 ms.");
    // One option per line reads better than the chain clang-format would reflow.
    // clang-format off
    ex.add_options()
        ("topology", po::value<std::string>()->default_value("fairness,line"),
         "comma list of: fairness, line")
        ("batch-sizes",
         po::value<std::string>()->default_value("1,2,4,8,16,32,64,128,256,512,1024"),
         "batch sizes B: a comma list (ranges like 1..10 allowed)")
        ("cost-ratio", po::value<double>()->default_value(4.0),
         "fairness topology: F2's per-packet cost as a multiple of F1's")
        ("cost-cv", po::value<double>()->default_value(0.1),
         "fairness topology: coefficient of variation of per-packet cost (as the fairness "
         "experiment)")
        ("n", po::value<int64_t>()->default_value(10),
         "line topology: CPUs on L1's path (KBNets §4: batching matters most at large n, where "
         "burst losses on L1 are likeliest)")
        ("cpu-mbps", po::value<double>()->default_value(100.0),
         "capacity of every CPU in Mb/s of (F1's) mss-sized packets")
        ("mptcp-cc", po::value<std::string>()->default_value("lia"),
         (std::string("line topology: multipath congestion control: ") + mptcp_cc_names()).c_str());
    // clang-format on
    TcpPathOptions defaults;
    defaults.duration_s = 60.0;
    defaults.buffer_pkts = 0;  // auto: per queue, see the help text
    defaults.tcp.min_rto = SimTime::from_ms(50);
    add_tcp_path_options(ex, defaults);
    ex.use_queues("red4mq", /*list=*/false, {{"red-min-th", "60"}, {"red-max-th", "180"}});
    if (!ex.parse(argc, argv)) return 0;

    std::vector<std::string> topologies = parse_name_list(ex.get<std::string>("topology"));
    for (const std::string& t : topologies)
        if (t != "fairness" && t != "line")
            throw InputError(fmt::format("--topology: must be fairness or line, got '{}'", t));
    if (topologies.empty()) throw InputError("--topology: must name fairness and/or line");
    std::vector<int64_t> batches;
    for (double b : parse_number_list("batch-sizes", ex.get<std::string>("batch-sizes"))) {
        if (b < 1 || b > 1e9 || b != std::floor(b))
            throw InputError(fmt::format("--batch-sizes: must be whole numbers >= 1, got {}", b));
        batches.push_back(static_cast<int64_t>(b));
    }
    if (!ex.vars()["batch"].defaulted())
        throw InputError("--batch: not used here; give the batch sizes with --batch-sizes");
    const double k = ex.get<double>("cost-ratio");
    require_positive("cost-ratio", k);
    const double cost_cv = ex.get<double>("cost-cv");
    require_non_negative("cost-cv", cost_cv);
    const int64_t n = ex.get<int64_t>("n");
    if (n < 1 || n > 1000) throw InputError(fmt::format("--n: must be from 1 to 1000, got {}", n));
    const double cpu_mbps = ex.get<double>("cpu-mbps");
    require_positive("cpu-mbps", cpu_mbps);
    const MptcpCc cc = parse_mptcp_cc("mptcp-cc", ex.get<std::string>("mptcp-cc"));
    const TcpPathOptions path = read_tcp_path_options(ex);
    const std::string queue = ex.queue_names().front();

    ResultsTable table({{"topology", 0},
                        {"batch", 0},
                        {"value", 3},
                        {"optimal", 3},
                        {"distance", 4},
                        {"queue", 0}});
    for (const std::string& topology : topologies) {
        for (int64_t b : batches) {
            QueueOptionValues options = ex.queue_options();
            options.set("batch", std::to_string(b));
            const std::string label = fmt::format("batch {} B={}", topology, b);
            const Point p =
                topology == "fairness"
                    ? run_fairness(ex, path, queue, options, k, cpu_mbps, cost_cv, label)
                    : run_line(ex, path, queue, options, static_cast<uint32_t>(n), cpu_mbps, cc,
                               label);
            table.add_row({topology, b, p.value_mbps, p.optimal_mbps,
                           std::abs(p.value_mbps - p.optimal_mbps) / p.optimal_mbps, queue});
        }
    }
    ex.emit(table);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return run_experiment("batch", [&] { return run(argc, argv); });
}
