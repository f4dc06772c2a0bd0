// Datacenter fabrics (docs/datacenter.md): a FatTree(k) or leaf-spine fabric, a traffic matrix of
// long-running connections, each with n subflows on ECMP-hashed paths (n = 1: TCP; n > 1: MPTCP),
// run at packet level for every n of --subflows, with the flow-level (max-min fluid) prediction
// for the same path choices beside it. "% of optimal" divides by the fluid optimum: every
// connection split evenly over all its equal-cost paths.
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <numeric>

#include "experiments/common/experiment.h"
#include "experiments/common/run_loop.h"
#include "experiments/common/tcp_path_options.h"
#include "experiments/datacenter_poisson.h"
#include "src/statistics.h"
#include "topologies/datacenter.h"
#include "topologies/fat_tree.h"
#include "topologies/leaf_spine.h"

using namespace corelink;

namespace {

struct Summary {
    double total_mbps, mean_mbps, p10_mbps, jain;
};

Summary summarise(const std::vector<double>& mbps) {
    return {std::accumulate(mbps.begin(), mbps.end(), 0.0), mean(mbps), quantile(mbps, 0.10),
            jain_index(mbps)};
}

// 0 for the lowest goodput, rising; ties keep connection order, so ranks are deterministic.
std::vector<size_t> ranks(const std::vector<double>& x) {
    std::vector<size_t> order(x.size());
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
    std::vector<size_t> rank(x.size());
    for (size_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
    return rank;
}

// User + system CPU time of this process so far, in seconds (for --bench only).
double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec * 1e-6; };
    return sec(u.ru_utime) + sec(u.ru_stime);
}

uint32_t whole(const Experiment& ex, const std::string& flag, int64_t lo, int64_t hi) {
    const int64_t v = ex.get<int64_t>(flag);
    if (v < lo || v > hi)
        throw InputError(
            fmt::format("--{}: must be an integer from {} to {}, got {}", flag, lo, hi, v));
    return static_cast<uint32_t>(v);
}

std::unique_ptr<FabricShape> build_shape(const Experiment& ex, double host_bps, double core_bps) {
    const std::string topo = ex.get<std::string>("topology");
    if (topo == "fattree") {
        const int64_t k = ex.get<int64_t>("k");
        if (k < 4 || k > FatTree::kMaxK || k % 2 != 0)
            throw InputError(fmt::format("--k: must be an even integer from 4 to {}, got {}",
                                         FatTree::kMaxK, k));
        return std::make_unique<FatTree>(
            FatTreeConfig{static_cast<uint32_t>(k), host_bps, core_bps});
    }
    if (topo == "leafspine") {
        LeafSpineConfig c;
        c.leaves = whole(ex, "leaves", 1, LeafSpine::kMaxSwitches);
        c.spines = whole(ex, "spines", 1, LeafSpine::kMaxSwitches);
        c.hosts_per_leaf = whole(ex, "hosts-per-leaf", 1, LeafSpine::kMaxHosts);
        if (static_cast<uint64_t>(c.leaves) * c.hosts_per_leaf > LeafSpine::kMaxHosts)
            throw InputError(
                fmt::format("--hosts-per-leaf: leaves x hosts-per-leaf must be at most "
                            "{}, got {} x {}",
                            LeafSpine::kMaxHosts, c.leaves, c.hosts_per_leaf));
        c.host_rate_bps = host_bps;
        c.uplink_rate_bps = core_bps;
        return std::make_unique<LeafSpine>(c);
    }
    throw InputError(fmt::format("--topology: must be fattree or leafspine, got '{}'", topo));
}

int run(int argc, char** argv) {
    Experiment ex(
        "datacenter",
        "Datacenter fabrics (docs/datacenter.md). A FatTree(k) or leaf-spine fabric; each "
        "direction of each link\nis a queue (--queue) + a server at the link rate + a pipe of "
        "--hop-delay-us. A traffic matrix of\nlong-running connections, each with n subflows "
        "hashed independently onto equal-cost shortest paths\n(ECMP; or every packet sprayed). "
        "n = 1 is TCP NewReno; n > 1 MPTCP coupled by --mptcp-cc.\nOne row per --subflows value: "
        "goodput as % of the optimum (the fluid max-min with every connection\nsplit evenly over "
        "all its paths: every host at line rate for a permutation on a full-bisection\nFatTree), "
        "and the fluid max-min prediction for the same path choices (fluid_pct_optimal).\n"
        "With --out DIR: results.csv, connections.csv (per-connection goodput, fluid and optimum) "
        "and\nlinks.csv (per-link utilisation, packet and fluid, and drops).");
    // One option per line reads better than the chain clang-format would reflow.
    // clang-format off
    ex.add_options()
        ("topology", po::value<std::string>()->default_value("fattree"), "fattree or leafspine")
        ("k", po::value<int64_t>()->default_value(8),
         "FatTree: switch radix, even, 4 to 48 (k^3/4 hosts)")
        ("leaves", po::value<int64_t>()->default_value(8), "leaf-spine: leaf switches")
        ("spines", po::value<int64_t>()->default_value(4), "leaf-spine: spine switches, >= 1")
        ("hosts-per-leaf", po::value<int64_t>()->default_value(16), "leaf-spine: hosts per leaf")
        ("link-mbps", po::value<double>()->default_value(100.0), "host link rate in Mb/s")
        ("core-mbps", po::value<double>()->default_value(0.0),
         "switch-to-switch link rate in Mb/s; 0 = --link-mbps (full bisection for a FatTree); "
         "--link-mbps / o gives o:1 oversubscription")
        ("hop-delay-us", po::value<double>()->default_value(1.0),
         "propagation delay of every link in microseconds")
        ("buffer-pkts", po::value<int64_t>()->default_value(50),
         "buffer of every port, packets (docs/datacenter.md §5 on the choice)")
        ("tm", po::value<std::string>()->default_value("permutation"),
         "traffic matrix: permutation, random, stride or incast (long-running connections), or "
         "poisson (finite flows, FCT per size bucket; see --load, --flow-sizes)")
        ("stride", po::value<int64_t>()->default_value(1), "stride: host i sends to (i + s) mod hosts")
        ("incast-senders", po::value<int64_t>()->default_value(8),
         "incast: senders to one receiver (at most hosts - 1)")
        ("subflows", po::value<std::string>()->default_value("1"),
         "subflows per connection, a list (1,2,4 or 1..8); 1 = TCP, more = MPTCP")
        ("mptcp-cc", po::value<std::string>()->default_value("lia"),
         (std::string("multipath congestion control: ") + mptcp_cc_names()).c_str())
        ("routing", po::value<std::string>()->default_value("ecmp"),
         "ecmp (a path per subflow, hashed at start) or spray (a random path per packet)")
        ("duration-s", po::value<double>()->default_value(5.0),
         "simulated seconds in all, warm-up included")
        ("warmup-s", po::value<double>()->default_value(1.0),
         "simulated seconds before goodput is measured")
        ("start-spread-ms", po::value<double>()->default_value(1.0),
         "subflows start at uniform random times in [0, this) milliseconds")
        ("min-rto-ms", po::value<double>()->default_value(10.0),
         "TCP minimum retransmission timeout, milliseconds (datacenter RTTs are ~1 ms)")
        ("mss-bytes", po::value<int64_t>()->default_value(1500), "data packet size in bytes")
        ("fluid-only", po::bool_switch(),
         "skip the packet-level run: report only the fluid prediction (seconds even at k = 32)");
    // clang-format on
    add_tcp_variant_option(ex);
    add_poisson_options(ex);
    ex.use_queues("droptail");
    if (!ex.parse(argc, argv)) return 0;

    const double link_mbps = ex.get<double>("link-mbps");
    require_positive("link-mbps", link_mbps);
    double core_mbps = ex.get<double>("core-mbps");
    require_non_negative("core-mbps", core_mbps);
    if (core_mbps == 0.0) core_mbps = link_mbps;
    const double hop_delay_us = ex.get<double>("hop-delay-us");
    require_non_negative("hop-delay-us", hop_delay_us);
    const int64_t buffer_pkts = ex.get<int64_t>("buffer-pkts");
    require_positive_int("buffer-pkts", buffer_pkts);
    const double duration_s = ex.get<double>("duration-s"), warmup_s = ex.get<double>("warmup-s");
    require_positive("duration-s", duration_s);
    require_non_negative("warmup-s", warmup_s);
    if (warmup_s >= duration_s)
        throw InputError(fmt::format("--warmup-s: must be below --duration-s ({}), got {}",
                                     duration_s, warmup_s));
    const double spread_ms = ex.get<double>("start-spread-ms");
    require_non_negative("start-spread-ms", spread_ms);
    const double min_rto_ms = ex.get<double>("min-rto-ms");
    require_positive("min-rto-ms", min_rto_ms);
    const int64_t mss = ex.get<int64_t>("mss-bytes");
    if (mss < 64 || mss > 9000)
        throw InputError(
            fmt::format("--mss-bytes: must be an integer from 64 to 9000, got {}", mss));
    std::vector<uint32_t> ns;
    for (double n : parse_number_list("subflows", ex.get<std::string>("subflows"))) {
        if (n < 1 || n > 64 || n != std::floor(n))
            throw InputError(
                fmt::format("--subflows: must be whole numbers from 1 to 64, got {}", n));
        ns.push_back(static_cast<uint32_t>(n));
    }
    const MptcpCc cc = parse_mptcp_cc("mptcp-cc", ex.get<std::string>("mptcp-cc"));
    const std::string routing_name = ex.get<std::string>("routing");
    if (routing_name != "ecmp" && routing_name != "spray")
        throw InputError(fmt::format("--routing: must be ecmp or spray, got '{}'", routing_name));
    const RoutingMode routing = routing_name == "ecmp" ? RoutingMode::Ecmp : RoutingMode::Spray;
    if (ex.get<std::string>("tm") == "poisson") {
        if (ns.size() != 1 || ns[0] != 1)
            throw InputError("--subflows: --tm poisson runs TCP flows only (1)");
        PoissonRunSettings p;
        p.links.queue = ex.queue_names().front();
        p.links.limits = QueueLimits::in_packets(static_cast<uint64_t>(buffer_pkts));
        p.links.queue_options = &ex.queue_options();
        p.links.hop_delay = SimTime::from_us(hop_delay_us);
        p.links.mss_bytes = static_cast<uint32_t>(mss);
        p.tcp.mss_bytes = static_cast<uint32_t>(mss);
        p.tcp.min_rto = SimTime::from_ms(min_rto_ms);
        // Datacenter stacks start at the minimum RTO: with RFC 6298's 1 s, every finished
        // connection's first timer entry would pin its memory for a second.
        p.tcp.initial_rto = p.tcp.min_rto;
        read_tcp_variant(ex, p.tcp);
        p.duration_s = duration_s;
        return run_poisson(ex, *build_shape(ex, link_mbps * 1e6, core_mbps * 1e6), p);
    }
    TrafficMatrixSpec tm;
    tm.kind = parse_traffic_matrix("tm", ex.get<std::string>("tm"));
    tm.stride = whole(ex, "stride", 1, INT32_MAX);
    tm.incast_senders = whole(ex, "incast-senders", 1, INT32_MAX);
    const std::string queue = ex.queue_names().front();
    const bool fluid_only = ex.flag("fluid-only");

    const std::unique_ptr<FabricShape> shape = build_shape(ex, link_mbps * 1e6, core_mbps * 1e6);
    if (const std::string why = traffic_matrix_problem(tm, shape->hosts()); !why.empty()) {
        const char* flag = tm.kind == TrafficMatrixKind::Stride   ? "stride"
                           : tm.kind == TrafficMatrixKind::Incast ? "incast-senders"
                                                                  : "tm";
        throw InputError(fmt::format("--{}: {}", flag, why));
    }
    const std::string topo_name = ex.get<std::string>("topology");
    double oversub = link_mbps / core_mbps;
    if (const auto* ls = dynamic_cast<const LeafSpine*>(shape.get()))
        oversub = ls->oversubscription();

    // The matrix and the ECMP hash key depend on the seed only, so every --subflows value sees
    // the same connections, and n = 1's single path is the same draw however the list is written.
    Rng tm_rng(ex.seed(), 0x7417);
    const std::vector<Connection> conns = make_traffic_matrix(tm, shape->hosts(), tm_rng);
    const EcmpHash hash(Rng(ex.seed(), 0xECB9).next_u64());
    const fluid::MaxMinSolution optimum = fluid_even_split(*shape, conns);
    double optimal_total = 0.0;
    for (double r : optimum.rate) optimal_total += r;
    optimal_total /= 1e6;

    ResultsTable table({{"topology", 0},
                        {"hosts", 0},
                        {"tm", 0},
                        {"subflows", 0},
                        {"throughput_pct_optimal", 2},
                        {"mean_goodput_mbps", 3},
                        {"p10_goodput_mbps", 3},
                        {"jain", 4},
                        {"fluid_pct_optimal", 2},
                        {"model", 0},
                        {"routing", 0},
                        {"mptcp_cc", 0},
                        {"queue", 0},
                        {"oversubscription", 3},
                        {"connections", 0},
                        {"optimal_total_mbps", 3},
                        {"total_goodput_mbps", 3},
                        {"fluid_mean_mbps", 3},
                        {"fluid_p10_mbps", 3},
                        {"fluid_jain", 4},
                        {"timeouts", 0},
                        {"seed", 0}});
    ResultsTable conn_table({{"subflows", 0},
                             {"connection", 0},
                             {"src", 0},
                             {"dst", 0},
                             {"goodput_mbps", 3},
                             {"fluid_mbps", 3},
                             {"optimal_mbps", 3},
                             {"rank", 0}});
    ResultsTable link_table({{"subflows", 0},
                             {"link", 0},
                             {"name", 0},
                             {"rate_mbps", 3},
                             {"utilisation", 4},
                             {"fluid_utilisation", 4},
                             {"drops", 0}});

    for (uint32_t n : ns) {
        const bool ecmp = routing == RoutingMode::Ecmp;
        const std::vector<uint16_t> choice = ecmp_choices(*shape, conns, n, hash);
        // Spraying's fluid limit is the even split itself.
        const fluid::MaxMinSolution fl = ecmp ? fluid_for_paths(*shape, conns, n, choice) : optimum;
        std::vector<double> fluid_mbps;
        for (size_t c = 0; c < conns.size(); ++c)
            fluid_mbps.push_back((ecmp ? fl.group_rate[c] : fl.rate[c]) / 1e6);
        const Summary fs = summarise(fluid_mbps);
        const std::string cc_name = n == 1 ? "tcp" : mptcp_cc_name(cc);

        std::vector<double> goodput = fluid_mbps;
        std::vector<double> util(shape->links(), 0.0);
        std::vector<int64_t> drops(shape->links(), 0);
        int64_t timeouts = 0;
        if (!fluid_only) {
            const auto wall0 = std::chrono::steady_clock::now();
            Simulation sim(ex.seed());
            DatacenterConfig cfg;
            cfg.links.queue = queue;
            cfg.links.limits = QueueLimits::in_packets(static_cast<uint64_t>(buffer_pkts));
            cfg.links.queue_options = &ex.queue_options();
            cfg.links.hop_delay = SimTime::from_us(hop_delay_us);
            cfg.links.mss_bytes = static_cast<uint32_t>(mss);
            cfg.tcp.mss_bytes = static_cast<uint32_t>(mss);
            cfg.tcp.min_rto = SimTime::from_ms(min_rto_ms);
            read_tcp_variant(ex, cfg.tcp);
            cfg.subflows = n;
            cfg.cc = cc;
            cfg.routing = routing;
            cfg.start_spread = SimTime::from_ms(spread_ms);
            DatacenterNet net(sim, *shape, conns, cfg, choice);
            const auto wall_built = std::chrono::steady_clock::now();
            const std::string label = fmt::format("datacenter n={}", n);
            ex.trace(sim, net, ns.size() > 1 ? label : "");
            const SimTime total = SimTime::from_sec(duration_s);
            run_with_progress(sim, SimTime::from_sec(warmup_s), label, total);
            const DatacenterSnapshot start = net.snapshot();
            const auto wall_measure = std::chrono::steady_clock::now();
            const double cpu_measure = cpu_seconds();
            run_with_progress(sim, total, label, total);
            const DatacenterRates r = DatacenterNet::rates_between(start, net.snapshot());
            const auto wall1 = std::chrono::steady_clock::now();
            goodput = r.conn_mbps;
            util = r.link_utilisation;
            for (uint32_t l = 0; l < shape->links(); ++l)
                drops[l] =
                    static_cast<int64_t>(net.fabric().server(l).queue().stats().dropped_total());
            timeouts = static_cast<int64_t>(r.timeouts);
            if (ex.bench()) {
                const double build_s = std::chrono::duration<double>(wall_built - wall0).count();
                const double run_s = std::chrono::duration<double>(wall1 - wall_built).count();
                const double measured_s =
                    std::chrono::duration<double>(wall1 - wall_measure).count();
                const double measured_cpu_s = cpu_seconds() - cpu_measure;
                const double sim_s = duration_s - warmup_s;
                // CPU time beside wall time: on a shared machine the wall clock measures the
                // neighbours as much as the simulator.
                fmt::print(stderr,
                           "bench: datacenter {} hosts={} connections={} subflows={} "
                           "build_wall_s={:.3f} run_wall_s={:.3f} wall_s_per_sim_s={:.3f} "
                           "cpu_s_per_sim_s={:.3f} data_pkts_per_wall_s={:.0f} "
                           "data_pkts_per_cpu_s={:.0f} events={} shared_routes={} "
                           "peak_rss_mib={:.1f}\n",
                           topo_name, shape->hosts(), conns.size(), conns.size() * n, build_s,
                           run_s, measured_s / sim_s, measured_cpu_s / sim_s,
                           static_cast<double>(r.data_packets) / measured_s,
                           static_cast<double>(r.data_packets) / measured_cpu_s,
                           sim.events().dispatched(), net.shared_routes(), peak_rss_mib());
            }
        } else if (ex.bench()) {
            fmt::print(stderr,
                       "bench: datacenter fluid-only hosts={} subflows={} rounds={} "
                       "peak_rss_mib={:.1f}\n",
                       shape->hosts(), conns.size() * n, fl.rounds, peak_rss_mib());
        }
        const Summary ps = summarise(goodput);
        table.add_row({topo_name,
                       static_cast<int64_t>(shape->hosts()),
                       std::string(traffic_matrix_name(tm.kind)),
                       static_cast<int64_t>(n),
                       100.0 * ps.total_mbps / optimal_total,
                       ps.mean_mbps,
                       ps.p10_mbps,
                       ps.jain,
                       100.0 * fs.total_mbps / optimal_total,
                       std::string(fluid_only ? "fluid" : "packet"),
                       routing_name,
                       cc_name,
                       queue,
                       oversub,
                       static_cast<int64_t>(conns.size()),
                       optimal_total,
                       ps.total_mbps,
                       fs.mean_mbps,
                       fs.p10_mbps,
                       fs.jain,
                       timeouts,
                       static_cast<int64_t>(ex.seed())});
        if (!ex.out_dir().empty()) {
            const std::vector<size_t> rank = ranks(goodput);
            for (size_t c = 0; c < conns.size(); ++c)
                conn_table.add_row({static_cast<int64_t>(n), static_cast<int64_t>(c),
                                    static_cast<int64_t>(conns[c].src),
                                    static_cast<int64_t>(conns[c].dst), goodput[c], fluid_mbps[c],
                                    optimum.rate[c] / 1e6, static_cast<int64_t>(rank[c])});
            for (uint32_t l = 0; l < shape->links(); ++l)
                link_table.add_row({static_cast<int64_t>(n), static_cast<int64_t>(l),
                                    shape->link_name(l), shape->link(l).rate_bps / 1e6, util[l],
                                    fl.load[l] / shape->link(l).rate_bps, drops[l]});
        }
    }
    ex.emit(table);
    ex.write_out("connections.csv", conn_table.to_csv());
    ex.write_out("links.csv", link_table.to_csv());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return run_experiment("datacenter", [&] { return run(argc, argv); });
}
