// CPU pooling at datacenter scale (docs/nfv-pool.md): long-running connections through an NFV
// tier of M middleboxes x C cores in a fabric, with heterogeneous per-connection CPU costs. For
// each queue in front of the cores and each number of subflows, reports total goodput against
// the equal-CPU-time optimum and how fairly CPU time and packet rates are shared.
#include <fmt/format.h>

#include <algorithm>

#include "experiments/common/experiment.h"
#include "experiments/common/fabric_options.h"
#include "experiments/common/run_loop.h"
#include "src/statistics.h"
#include "topologies/nfv_pool.h"

using namespace corelink;

namespace {

int64_t batch_of(const std::string& queue, const Experiment& ex) {
    const QueueType* t = builtin_queues().find(queue);
    for (const QueueOption& o : t->options)
        if (o.name == "batch") return ex.queue_options().get_int("batch");
    return 0;
}

int run(int argc, char** argv) {
    Experiment ex(
        "nfv_pool",
        "CPU pooling at datacenter scale: --connections long-running connections between distinct\n"
        "hosts of a fabric, every subflow processed by one of --middleboxes x --cores CPU cores\n"
        "(instances) chosen by --instance-choice; a --queue in front of every core. Packets of a\n"
        "connection cost its --cost-mix units of --cost-unit-cycles each. The optimum is the\n"
        "max-min allocation of CPU time with perfect pooling, capped by access links.\n"
        "cpu_time_jain / packet_rate_jain: Jain's index over connections of their core time and\n"
        "of their packets through the cores. Defaults: a cost-1 core processes 200 Mb/s of\n"
        "1500-byte packets, a fifth of a 1 Gb/s host link, so a middlebox's 4 cores never fill\n"
        "its access link; 250 us per hop gives RTTs of about 5 ms, so a core's BDP is ~80\n"
        "cost-1 packets, KBNets' regime (RED thresholds 60 and 180 as in its Fig. 9).");
    // clang-format off
    ex.add_options()
        ("subflows", po::value<std::string>()->default_value("1,2,4,8"),
         "subflows per connection: a comma list (1 = TCP NewReno, more = MPTCP)")
        ("connections", po::value<int64_t>()->default_value(64), "long-running connections")
        ("middleboxes", po::value<int64_t>()->default_value(4),
         "middlebox servers; middlebox m replaces host floor(m * hosts / M)")
        ("cores", po::value<int64_t>()->default_value(4), "CPU cores per middlebox (one instance each)")
        ("cpu-ghz", po::value<double>()->default_value(2.0), "clock of every core, GHz")
        ("cost-unit-cycles", po::value<double>()->default_value(120'000),
         "cycles per packet of a cost-1 connection")
        ("cost-mix", po::value<std::string>()->default_value("1:0.5,4:0.5"),
         "per-connection cost in units: UNITS:FRACTION,... (fractions sum to 1)")
        ("instance-choice", po::value<std::string>()->default_value("hash"),
         "hash (per subflow) or least-loaded (per connection, at start)")
        ("core-buffer-pkts", po::value<int64_t>()->default_value(0),
         "buffer in front of every core, packets; 0 = 400 for RED queues, 100 otherwise")
        ("mptcp-cc", po::value<std::string>()->default_value("lia"),
         (std::string("multipath congestion control: ") + mptcp_cc_names()).c_str())
        ("duration-s", po::value<double>()->default_value(3.0), "simulated seconds in total")
        ("warmup-s", po::value<double>()->default_value(1.0), "seconds before measuring")
        ("min-rto-ms", po::value<double>()->default_value(50.0), "TCP minimum RTO, ms");
    // clang-format on
    FabricOptionDefaults fabric_defaults;
    fabric_defaults.link_mbps = 1000.0;
    fabric_defaults.hop_delay_us = 250.0;
    add_fabric_options(ex, fabric_defaults);
    ex.use_queues("droptail,fq,red4mq", /*list=*/true,
                  {{"red-min-th", "60"}, {"red-max-th", "180"}});
    if (!ex.parse(argc, argv)) return 0;

    std::vector<uint32_t> subflows;
    for (double n : parse_number_list("subflows", ex.get<std::string>("subflows"))) {
        if (n < 1 || n > 64 || n != static_cast<double>(static_cast<uint32_t>(n)))
            throw InputError(
                fmt::format("--subflows: must be whole numbers from 1 to 64, got {}", n));
        subflows.push_back(static_cast<uint32_t>(n));
    }
    auto int_in = [&](const char* flag, int64_t lo, int64_t hi) {
        const int64_t v = ex.get<int64_t>(flag);
        if (v < lo || v > hi)
            throw InputError(
                fmt::format("--{}: must be an integer from {} to {}, got {}", flag, lo, hi, v));
        return static_cast<uint32_t>(v);
    };
    NfvPoolConfig cfg;
    cfg.connections = int_in("connections", 1, 100'000);
    cfg.tier.middleboxes = int_in("middleboxes", 1, 10'000);
    cfg.tier.cores = int_in("cores", 1, 1024);
    const double ghz = ex.get<double>("cpu-ghz");
    require_positive("cpu-ghz", ghz);
    cfg.tier.cpu_hz = ghz * 1e9;
    cfg.tier.cost_unit_cycles = ex.get<double>("cost-unit-cycles");
    require_positive("cost-unit-cycles", cfg.tier.cost_unit_cycles);
    cfg.cost_mix = parse_cost_mix("--cost-mix", ex.get<std::string>("cost-mix"));
    cfg.choice = parse_instance_choice("--instance-choice", ex.get<std::string>("instance-choice"));
    const int64_t core_buffer = ex.get<int64_t>("core-buffer-pkts");
    if (core_buffer < 0) throw InputError("--core-buffer-pkts: must be >= 0 (0 = auto)");
    cfg.cc = parse_mptcp_cc("mptcp-cc", ex.get<std::string>("mptcp-cc"));
    const double duration_s = ex.get<double>("duration-s"), warmup_s = ex.get<double>("warmup-s");
    require_positive("duration-s", duration_s);
    require_non_negative("warmup-s", warmup_s);
    if (warmup_s >= duration_s)
        throw InputError(fmt::format("--warmup-s: must be below --duration-s ({}), got {}",
                                     duration_s, warmup_s));
    const double min_rto_ms = ex.get<double>("min-rto-ms");
    require_positive("min-rto-ms", min_rto_ms);
    cfg.tcp.min_rto = SimTime::from_ms(min_rto_ms);
    cfg.hash_seed = ex.seed();
    const FabricOptions fabric = read_fabric_options(ex);
    cfg.links = fabric.links;
    cfg.links.queue_options = nullptr;  // fabric ports: drop-tail with registry defaults
    cfg.tier.queue_options = &ex.queue_options();

    ResultsTable table({{"queue", 0},
                        {"batch", 0},
                        {"subflows", 0},
                        {"instance_choice", 0},
                        {"total_mbps", 3},
                        {"optimal_mbps", 3},
                        {"pct_optimal", 2},
                        {"cpu_time_jain", 4},
                        {"packet_rate_jain", 4},
                        {"mean_core_utilisation", 4},
                        {"cheap_mean_mbps", 3},
                        {"costly_mean_mbps", 3},
                        {"timeouts", 0}});
    for (const std::string& queue : ex.queue_names()) {
        for (uint32_t n : subflows) {
            Simulation sim(ex.seed());
            const std::unique_ptr<FabricShape> shape = make_fabric_shape(fabric);
            NfvPoolConfig run_cfg = cfg;
            run_cfg.subflows = n;
            run_cfg.tier.queue = queue;
            run_cfg.tier.limits =
                QueueLimits::in_packets(core_buffer > 0 ? static_cast<uint64_t>(core_buffer)
                                                        : (queue.rfind("red", 0) == 0 ? 400 : 100));
            NfvPoolNet net(sim, *shape, run_cfg);
            const std::string label = fmt::format("nfv_pool {} n={}", queue, n);
            const SimTime total = SimTime::from_sec(duration_s);
            run_with_progress(sim, SimTime::from_sec(warmup_s), label, total);
            const NfvPoolSnapshot from = net.snapshot();
            run_with_progress(sim, total, label, total);
            const NfvPoolRates r = NfvPoolNet::rates_between(from, net.snapshot());
            const double opt = net.optimal_mbps();
            const double cheapest = *std::min_element(net.costs().begin(), net.costs().end());
            std::vector<double> cheap, costly;
            for (size_t c = 0; c < r.conn_mbps.size(); ++c)
                (net.costs()[c] == cheapest ? cheap : costly).push_back(r.conn_mbps[c]);
            table.add_row({queue, batch_of(queue, ex), static_cast<int64_t>(n),
                           ex.get<std::string>("instance-choice"), r.total_mbps, opt,
                           100.0 * r.total_mbps / opt, jain_index(r.conn_cpu_share),
                           jain_index(r.conn_packet_rate), mean(r.core_utilisation), mean(cheap),
                           mean(costly), static_cast<int64_t>(net.timeouts())});
        }
    }
    ex.emit(table);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return run_experiment("nfv_pool", [&] { return run(argc, argv); });
}
