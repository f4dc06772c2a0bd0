// `datacenter --tm poisson` (docs/nfv-pool.md, "Finite flows"): Poisson arrivals of finite TCP or
// MPTCP flows at a target load on every host link, sizes from a flow-size CDF, destinations
// uniform; reports FCT slowdown per size bucket and overall.
#pragma once

#include "experiments/common/experiment.h"
#include "mptcp/mptcp_cc.h"
#include "tcp/tcp_config.h"
#include "topologies/fabric.h"

namespace corelink {

// Declares --load, --flow-sizes and --drain-s.
void add_poisson_options(Experiment& ex);

struct PoissonRunSettings {
    LinkOptions links;
    TcpConfig tcp;
    uint32_t subflows = 1;  // 1: TCP flows; more: MPTCP connections of that many subflows
    MptcpCc cc = MptcpCc::Lia;
    double duration_s = 1.0;  // flows arrive during [0, duration_s)
};

// Runs the workload on `shape` and emits the bucket table; with --out, also flows.csv (every
// flow's size, start and FCT).
void run_poisson(const Experiment& ex, const FabricShape& shape, const PoissonRunSettings& s);

}  // namespace corelink
