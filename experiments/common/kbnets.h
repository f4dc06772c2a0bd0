// Experiment policy and scenario builders the KBNets experiments share: the buffer rule, the
// CPU-bottleneck fairness setup (Fig. 9; fairness and batch) and the line setup (Figs. 8/10/11;
// line and batch). Topologies are wiring; what a paper run chooses lives here.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "experiments/common/queue_spec.h"
#include "experiments/common/tcp_path_options.h"
#include "topologies/dumbbell.h"
#include "topologies/line.h"

namespace corelink {

// The CPU buffer the KBNets experiments use when none is given (`requested` = 0), as the
// fairness experiment (Fig. 9) does for 100 Mb/s CPUs and 10 ms: 100 packets (about one BDP) for
// drop-tail and the fair queues, 400 for the RED queues, whose gentle region reaches 2 x max-th.
inline uint64_t kbnets_cpu_buffer_pkts(const std::string& queue, int64_t requested) {
    if (requested > 0) return static_cast<uint64_t>(requested);
    return queue.rfind("red", 0) == 0 ? 400 : 100;
}

// The RED thresholds every KBNets run uses for its 10 ms, 100 Mb/s paths (0.7 and 2.2 BDP).
inline const std::map<std::string, std::string>& kbnets_queue_defaults() {
    static const std::map<std::string, std::string> d{{"red-min-th", "60"}, {"red-max-th", "180"}};
    return d;
}

// KBNets Fig. 9: two TCP flows through one CPU core of `cpu_ghz` that processes `capacity_mbps`
// of F1's mss-sized packets; F2's packets cost k times F1's; costs are Normal with sd = cv x mean.
struct CpuFairness {
    double k = 1, capacity_mbps = 100, cpu_ghz = 1, cost_cv = 0.1;
};
DumbbellConfig cpu_fairness_config(Simulation& sim, const TcpPathOptions& path,
                                   const QueueSpec& queue, const CpuFairness& f);

// --mptcp-cc (multipath congestion control), as line, batch and compress declare it.
void add_mptcp_cc_option(Experiment& ex, const std::string& help_prefix = "");
MptcpCc read_mptcp_cc(const Experiment& ex);

// KBNets Figs. 8/10/11: the line topology with n CPUs of `cpu_mbps` each behind `queue`.
LineConfig line_config(Simulation& sim, const TcpPathOptions& path, const QueueSpec& queue,
                       uint32_t n, double cpu_mbps, MptcpCc cc);

}  // namespace corelink
