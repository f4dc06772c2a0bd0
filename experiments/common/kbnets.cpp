#include "kbnets.h"

namespace corelink {

DumbbellConfig cpu_fairness_config(Simulation& sim, const TcpPathOptions& path,
                                   const QueueSpec& queue, const CpuFairness& f) {
    DumbbellConfig cfg = dumbbell_config(sim, path, 2);
    cfg.bottleneck.limits =
        QueueLimits::in_packets(kbnets_cpu_buffer_pkts(queue.name, path.buffer_pkts));
    cfg.bottleneck.is_cpu = true;
    cfg.bottleneck.clock_hz = f.cpu_ghz * 1e9;
    // F1's cost: the CPU processes capacity_mbps of F1's packets.
    const double f1_cycles = f.cpu_ghz * 1e9 * path.tcp.mss_bytes * 8.0 / (f.capacity_mbps * 1e6);
    cfg.bottleneck.flow_costs = {CpuCost::normal(f1_cycles, f.cost_cv * f1_cycles),
                                 CpuCost::normal(f.k * f1_cycles, f.cost_cv * f.k * f1_cycles)};
    cfg.bottleneck.queue = queue.name;
    cfg.bottleneck.queue_options = &queue.options;
    return cfg;
}

void add_mptcp_cc_option(Experiment& ex, const std::string& help_prefix) {
    ex.add_choice("mptcp-cc", "lia", {"uncoupled", "lia", "fully-coupled", "olia"},
                  help_prefix + "multipath congestion control");
}

MptcpCc read_mptcp_cc(const Experiment& ex) {
    return parse_mptcp_cc("mptcp-cc", ex.text("mptcp-cc"));
}

LineConfig line_config(Simulation& sim, const TcpPathOptions& path, const QueueSpec& queue,
                       uint32_t n, double cpu_mbps, MptcpCc cc) {
    LineConfig cfg;
    cfg.n = n;
    cfg.rtt = path.rtt();
    cfg.cpu_capacity_mbps = cpu_mbps;
    cfg.queue = queue.name;
    cfg.limits = QueueLimits::in_packets(kbnets_cpu_buffer_pkts(queue.name, path.buffer_pkts));
    cfg.queue_options = &queue.options;
    cfg.tcp = path.tcp;
    cfg.cc = cc;
    Rng start_rng = sim.make_rng();
    for (uint32_t f = 0; f < n + 2; ++f)
        cfg.start_times.push_back(SimTime::from_ms(start_rng.uniform(0.0, path.start_spread_ms)));
    return cfg;
}

}  // namespace corelink
