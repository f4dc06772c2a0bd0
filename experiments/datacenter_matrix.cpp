#include "experiments/datacenter_matrix.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <numeric>

#include "experiments/common/runner.h"
#include "src/statistics.h"
#include "topologies/datacenter.h"

namespace corelink {

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

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The --bench fields of the packet-level runs, summed over every --subflows value: the measured
// interval's data packets per wall and per CPU second (on a shared machine the wall clock
// measures the neighbours as much as the simulator).
struct MatrixBench {
    double build_wall_s = 0, measured_wall_s = 0, measured_cpu_s = 0, measured_sim_s = 0;
    uint64_t measured_data_pkts = 0, shared_routes = 0, fluid_rounds = 0, subflows = 0;
};

ResultsTable results_table() {
    return ResultsTable({{"topology", 0},
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
                         {"seed", 0},
                         {"pct_below_fluid", 2},
                         {"spurious_timeouts", 0}});
}

}  // namespace

void run_matrix(const Experiment& ex, const MatrixRunSettings& s) {
    const std::unique_ptr<FabricShape> shape = make_fabric_shape(s.fabric);
    if (const std::string why = traffic_matrix_problem(s.tm, shape->hosts()); !why.empty()) {
        const char* flag = s.tm.kind == TrafficMatrixKind::Stride   ? "stride"
                           : s.tm.kind == TrafficMatrixKind::Incast ? "incast-senders"
                                                                    : "tm";
        throw InputError(fmt::format("--{}: {}", flag, why));
    }
    const double oversub = oversubscription(s.fabric, *shape);
    const bool ecmp = s.routing == RoutingMode::Ecmp;

    // The matrix and the ECMP hash key depend on the seed only, so every --subflows value sees
    // the same connections, and n = 1's single path is the same draw however the list is written.
    Rng tm_rng(ex.seed(), 0x7417);
    const std::vector<Connection> conns = make_traffic_matrix(s.tm, shape->hosts(), tm_rng);
    const EcmpHash hash(Rng(ex.seed(), 0xECB9).next_u64());
    const fluid::MaxMinSolution optimum = fluid_even_split(*shape, conns);
    double optimal_total = 0.0;
    for (double r : optimum.rate) optimal_total += r;
    optimal_total /= 1e6;

    ResultsTable table = results_table();
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
    auto bench = std::make_shared<MatrixBench>();

    for (uint32_t n : s.run.subflows) {
        const std::vector<uint16_t> choice = ecmp_choices(*shape, conns, n, hash);
        // Spraying's fluid limit is the even split itself.
        const fluid::MaxMinSolution fl = ecmp ? fluid_for_paths(*shape, conns, n, choice) : optimum;
        std::vector<double> fluid_mbps;
        for (size_t c = 0; c < conns.size(); ++c)
            fluid_mbps.push_back((ecmp ? fl.group_rate[c] : fl.rate[c]) / 1e6);
        const Summary fs = summarise(fluid_mbps);
        bench->fluid_rounds += fl.rounds;
        bench->subflows = conns.size() * n;

        std::vector<double> goodput = fluid_mbps;
        std::vector<double> util(shape->links(), 0.0);
        std::vector<int64_t> drops(shape->links(), 0);
        int64_t timeouts = 0;
        int64_t spurious_timeouts = 0;
        if (!s.fluid_only) {
            const auto wall0 = std::chrono::steady_clock::now();
            Simulation sim(ex.seed());
            DatacenterConfig cfg;
            cfg.links = s.links;
            cfg.tcp = s.tcp;
            cfg.subflows = n;
            cfg.cc = s.run.cc;
            cfg.routing = s.routing;
            cfg.start_spread = s.start_spread;
            DatacenterNet net(sim, *shape, conns, cfg, choice);
            bench->build_wall_s += seconds_since(wall0);
            const std::string label = fmt::format("datacenter n={}", n);
            ex.trace(sim, net, s.run.subflows.size() > 1 ? label : "");
            Run run(ex, sim, label, s.run.duration());
            run.to(s.run.warmup());
            const DatacenterSnapshot start = net.snapshot();
            const auto wall_measure = std::chrono::steady_clock::now();
            const double cpu_measure = cpu_seconds();
            run.to(s.run.duration());
            const DatacenterSnapshot end = net.snapshot();
            const DatacenterRates r = DatacenterNet::rates_between(start, end);
            bench->measured_wall_s += seconds_since(wall_measure);
            bench->measured_cpu_s += cpu_seconds() - cpu_measure;
            bench->measured_sim_s += s.run.duration_s - s.run.warmup_s;
            bench->measured_data_pkts += r.data_packets;
            bench->shared_routes += net.shared_routes();
            run.set_packets(end.data_packets_sent);  // data packets, as htsim's bench counts
            goodput = r.conn_mbps;
            util = r.link_utilisation;
            for (uint32_t l = 0; l < shape->links(); ++l)
                drops[l] =
                    static_cast<int64_t>(net.fabric().server(l).queue().stats().dropped_total());
            timeouts = static_cast<int64_t>(r.timeouts);
            spurious_timeouts = static_cast<int64_t>(r.spurious_timeouts);
        }
        const Summary ps = summarise(goodput);
        table.add_row({s.fabric.topology,
                       static_cast<int64_t>(shape->hosts()),
                       std::string(traffic_matrix_name(s.tm.kind)),
                       static_cast<int64_t>(n),
                       100.0 * ps.total_mbps / optimal_total,
                       ps.mean_mbps,
                       ps.p10_mbps,
                       ps.jain,
                       100.0 * fs.total_mbps / optimal_total,
                       std::string(s.fluid_only ? "fluid" : "packet"),
                       std::string(ecmp ? "ecmp" : "spray"),
                       std::string(n == 1 ? "tcp" : mptcp_cc_name(s.run.cc)),
                       s.links.queue,
                       oversub,
                       static_cast<int64_t>(conns.size()),
                       optimal_total,
                       ps.total_mbps,
                       fs.mean_mbps,
                       fs.p10_mbps,
                       fs.jain,
                       timeouts,
                       static_cast<int64_t>(ex.seed()),
                       100.0 * (fs.total_mbps - ps.total_mbps) / optimal_total,
                       spurious_timeouts});
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
    ex.write_out("connections.csv", conn_table);
    ex.write_out("links.csv", link_table);

    const uint32_t hosts = shape->hosts();
    const bool fluid_only = s.fluid_only;
    ex.bench_totals().extra = [bench, hosts, fluid_only](double) {
        const MatrixBench& b = *bench;
        if (fluid_only)
            return fmt::format(" hosts={} subflows={} fluid_rounds={}", hosts, b.subflows,
                               b.fluid_rounds);
        const double pkts = static_cast<double>(b.measured_data_pkts);
        return fmt::format(
            " hosts={} subflows={} build_wall_s={:.3f} wall_s_per_sim_s={:.3f} "
            "cpu_s_per_sim_s={:.3f} data_pkts_per_wall_s={:.0f} data_pkts_per_cpu_s={:.0f} "
            "shared_routes={}",
            hosts, b.subflows, b.build_wall_s, b.measured_wall_s / b.measured_sim_s,
            b.measured_cpu_s / b.measured_sim_s, pkts / std::max(b.measured_wall_s, 1e-9),
            pkts / std::max(b.measured_cpu_s, 1e-9), b.shared_routes);
    };
}

}  // namespace corelink
