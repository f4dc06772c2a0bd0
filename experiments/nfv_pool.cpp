// CPU pooling at datacenter scale (docs/nfv-pool.md): long-running connections through an NFV
// tier of M middleboxes x C cores in a fabric, with heterogeneous per-connection CPU costs. For
// each queue in front of the cores and each number of subflows, reports total goodput against
// the equal-CPU-time optimum and how fairly CPU time and packet rates are shared.
#include <fmt/format.h>

#include <algorithm>

#include "experiments/common/experiment.h"
#include "experiments/common/fabric_options.h"
#include "experiments/common/runner.h"
#include "src/statistics.h"
#include "topologies/nfv_pool.h"

using namespace corelink;

namespace {

// The batch option of the spec's queue, or 0 for queues without one.
int64_t batch_of(const QueueSpec& queue) {
    for (const QueueOption& o : builtin_queues().find(queue.name)->options)
        if (o.name == "batch") return queue.options.get_int("batch");
    return 0;
}

// The cheap side of the cheap/costly columns: a mix's cheapest class; for a distribution, the
// connections below the median cost.
std::vector<bool> cheap_connections(const std::vector<double>& costs, const CostModel& model) {
    const bool mix = model.kind == CostModel::Kind::Mix;
    const double cut = mix ? *std::min_element(costs.begin(), costs.end()) : quantile(costs, 0.5);
    std::vector<bool> cheap;
    for (double c : costs) cheap.push_back(mix ? c == cut : c < cut);
    return cheap;
}

}  // namespace

int main(int argc, char** argv) {
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
        "cost-1 packets, KBNets' regime (RED thresholds 60 and 180 as in its Fig. 9).\n"
        "Fabric ports are drop-tail with registry defaults.");
    ex.add_int("connections", 64, "connections", between(1, 100'000),
               "long-running connections, between distinct hosts");
    ex.add_int("middleboxes", 4, "servers", between(1, 10'000),
               "middlebox servers; middlebox m replaces host floor(m * hosts / M)");
    ex.add_int("cores", 4, "cores", between(1, 1024),
               "CPU cores per middlebox (one instance each)");
    // A cost-1 packet takes at least 1 ps (1 cycle at 1 THz): shorter service times round to 0
    // and leave RED's typical packet cost undefined.
    ex.add_real("cpu-ghz", 2.0, "GHz", between(1e-3, 1e3), "clock of every core");
    ex.add_real("cost-unit-cycles", 120'000, "cycles", between(1, 1e9),
                "cycles per packet of a cost-1 connection");
    ex.add_text("cost-mix", "1:0.5,4:0.5",
                "per-connection cost in units: a mix UNITS:FRACTION,... (fractions sum to 1; exact "
                "proportions), or a distribution every connection draws from: uniform:LO:HI "
                "(0 < LO <= HI) or lognormal:MEDIAN:SIGMA (MEDIAN > 0, 0 <= SIGMA <= 3: ln cost "
                "is Normal(ln MEDIAN, SIGMA)). cheap/costly columns: the cheapest class of a mix "
                "against the rest; of a distribution, connections below the median cost against "
                "the others");
    ex.add_choice("instance-choice", "hash", {"hash", "least-loaded"},
                  "hash (per subflow) or least-loaded (per connection, at start)");
    ex.add_int("core-buffer-pkts", 0, "packets", between(0, 1e7),
               "buffer in front of every core; 0 = 400 for RED queues, 100 otherwise");
    FabricRunDefaults run_defaults;
    run_defaults.subflows = "1,2,4,8";
    run_defaults.duration_s = 3.0;
    run_defaults.min_rto_ms = 50.0;
    add_fabric_run_options(ex, run_defaults);
    FabricOptionDefaults fabric_defaults;
    fabric_defaults.link_mbps = 1000.0;
    fabric_defaults.hop_delay_us = 250.0;
    add_fabric_options(ex, fabric_defaults);
    ex.use_queues("droptail,fq,red4mq", /*list=*/true,
                  {{"red-min-th", "60"}, {"red-max-th", "180"}});
    return ex.run(argc, argv, [&] {
        const FabricRunOptions run = read_fabric_run_options(ex);
        const FabricOptions fabric = read_fabric_options(ex);
        NfvPoolConfig cfg;
        cfg.connections = static_cast<uint32_t>(ex.integer("connections"));
        cfg.tier.middleboxes = static_cast<uint32_t>(ex.integer("middleboxes"));
        cfg.tier.cores = static_cast<uint32_t>(ex.integer("cores"));
        cfg.tier.cpu_hz = ex.real("cpu-ghz") * 1e9;
        cfg.tier.cost_unit_cycles = ex.real("cost-unit-cycles");
        cfg.cost = parse_cost_model("--cost-mix", ex.text("cost-mix"));
        cfg.choice = parse_instance_choice("--instance-choice", ex.text("instance-choice"));
        const int64_t core_buffer = ex.integer("core-buffer-pkts");
        cfg.cc = run.cc;
        cfg.tcp.min_rto = run.min_rto;
        cfg.hash_seed = ex.seed();
        cfg.links = fabric.links;
        cfg.links.queue_options = nullptr;  // fabric ports: drop-tail with registry defaults

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
        for (const QueueSpec& queue : ex.queues()) {
            for (uint32_t n : run.subflows) {
                Simulation sim(ex.seed());
                const std::unique_ptr<FabricShape> shape = make_fabric_shape(fabric);
                NfvPoolConfig run_cfg = cfg;
                run_cfg.subflows = n;
                run_cfg.tier.queue = queue.name;
                run_cfg.tier.queue_options = &queue.options;
                run_cfg.tier.limits = QueueLimits::in_packets(
                    core_buffer > 0 ? static_cast<uint64_t>(core_buffer)
                                    : (queue.name.rfind("red", 0) == 0 ? 400 : 100));
                NfvPoolNet net(sim, *shape, run_cfg);
                const NfvPoolRates r =
                    measure(ex, sim, net, fmt::format("nfv_pool {} n={}", queue.label, n),
                            run.warmup(), run.duration());
                const double opt = net.optimal_mbps();
                const std::vector<bool> is_cheap = cheap_connections(net.costs(), cfg.cost);
                std::vector<double> cheap, costly;
                for (size_t c = 0; c < r.conn_mbps.size(); ++c)
                    (is_cheap[c] ? cheap : costly).push_back(r.conn_mbps[c]);
                table.add_row({queue.label, batch_of(queue), static_cast<int64_t>(n),
                               ex.text("instance-choice"), r.total_mbps, opt,
                               100.0 * r.total_mbps / opt, jain_index(r.conn_cpu_share),
                               jain_index(r.conn_packet_rate), mean(r.core_utilisation),
                               mean(cheap), mean(costly), static_cast<int64_t>(net.timeouts())});
            }
        }
        ex.emit(table);
    });
}
