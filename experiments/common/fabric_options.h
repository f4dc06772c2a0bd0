// The flags of the datacenter workloads (docs/datacenter.md, docs/nfv-pool.md), declared with
// their units and ranges and validated once, for every binary that builds a fabric:
//   - the fabric: --topology, --k, --leaves, --spines, --hosts-per-leaf, --link-mbps,
//     --core-mbps, --hop-delay-us, --buffer-pkts;
//   - the run: --subflows (a list), --mptcp-cc, --duration-s, --warmup-s, --min-rto-ms.
// Which queue the fabric's ports use is the experiment's choice (datacenter: --queue; nfv_pool:
// drop-tail with registry defaults, its --queue being for the middlebox cores).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "experiments/common/experiment.h"
#include "mptcp/mptcp_cc.h"
#include "topologies/fabric.h"

namespace corelink {

struct FabricOptionDefaults {
    int64_t k = 8;
    double link_mbps = 100.0;
    double hop_delay_us = 1.0;
    int64_t buffer_pkts = 100;
    std::string buffer_help = "buffer of every switch and host port";
};

struct FabricOptions {
    std::string topology = "fattree";
    uint32_t k = 8;
    uint32_t leaves = 8, spines = 4, hosts_per_leaf = 16;
    double host_bps = 100e6;
    double core_bps = 100e6;
    LinkOptions links;  // limits and hop delay from the flags; queue left to the experiment
};

void add_fabric_options(Experiment& ex, const FabricOptionDefaults& defaults);
// Reads and validates the flags (throws InputError naming the flag).
FabricOptions read_fabric_options(const Experiment& ex);
std::unique_ptr<FabricShape> make_fabric_shape(const FabricOptions& o);
// link rate / core rate for a FatTree; the leaf-spine's own ratio (hosts x rate / uplinks).
double oversubscription(const FabricOptions& o, const FabricShape& shape);

struct FabricRunDefaults {
    std::string subflows = "1";
    double duration_s = 5.0;
    double warmup_s = 1.0;
    std::string warmup_help = "simulated time before goodput is measured (below --duration-s)";
    double min_rto_ms = 10.0;
};

struct FabricRunOptions {
    std::vector<uint32_t> subflows;  // each in [1, 64]
    MptcpCc cc = MptcpCc::Lia;
    double duration_s = 5.0, warmup_s = 1.0;  // warmup_s < duration_s
    SimTime min_rto;

    SimTime duration() const { return SimTime::from_sec(duration_s); }
    SimTime warmup() const { return SimTime::from_sec(warmup_s); }
};

void add_fabric_run_options(Experiment& ex, const FabricRunDefaults& defaults);
// Throws InputError naming the flag (--warmup-s when it is not below --duration-s).
FabricRunOptions read_fabric_run_options(const Experiment& ex);

}  // namespace corelink
