// The fabric flags of the datacenter workloads (docs/datacenter.md, docs/nfv-pool.md), declared
// and validated once: --topology, --k, --leaves, --spines, --hosts-per-leaf, --link-mbps,
// --core-mbps, --hop-delay-us, --buffer-pkts. Fabric ports use drop-tail with registry defaults;
// an experiment's --queue is for its own bottleneck (the NFV cores), not the switches.
#pragma once

#include <memory>
#include <string>

#include "experiments/common/experiment.h"
#include "topologies/fabric.h"

namespace corelink {

struct FabricOptionDefaults {
    int64_t k = 8;
    double link_mbps = 100.0;
    double hop_delay_us = 1.0;
    int64_t buffer_pkts = 100;
};

struct FabricOptions {
    std::string topology = "fattree";
    uint32_t k = 8;
    uint32_t leaves = 8, spines = 4, hosts_per_leaf = 16;
    double host_bps = 100e6;
    double core_bps = 100e6;
    LinkOptions links;
};

void add_fabric_options(Experiment& ex, const FabricOptionDefaults& defaults);
// Reads and validates the flags (throws InputError naming the flag).
FabricOptions read_fabric_options(const Experiment& ex);
std::unique_ptr<FabricShape> make_fabric_shape(const FabricOptions& o);

}  // namespace corelink
