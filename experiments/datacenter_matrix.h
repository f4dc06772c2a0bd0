// `datacenter` with a traffic matrix of long-running connections (docs/datacenter.md): one
// packet-level run per --subflows value, beside the max-min fluid prediction for the same path
// choices; "% of optimal" divides by the fluid optimum (every connection split evenly over all
// its equal-cost paths).
#pragma once

#include "experiments/common/experiment.h"
#include "experiments/common/fabric_options.h"
#include "tcp/tcp_config.h"
#include "topologies/ecmp.h"
#include "topologies/traffic_matrix.h"

namespace corelink {

struct MatrixRunSettings {
    FabricOptions fabric;
    FabricRunOptions run;
    LinkOptions links;  // the fabric's ports, --queue included
    TcpConfig tcp;
    TrafficMatrixSpec tm;
    RoutingMode routing = RoutingMode::Ecmp;
    SimTime start_spread;
    bool fluid_only = false;
};

// Runs every --subflows value and emits the result table; with --out also connections.csv and
// links.csv. Throws InputError naming the flag when the matrix cannot use the fabric's hosts.
void run_matrix(const Experiment& ex, const MatrixRunSettings& s);

}  // namespace corelink
