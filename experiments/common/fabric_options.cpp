#include "experiments/common/fabric_options.h"

#include <fmt/format.h>

#include "topologies/fat_tree.h"
#include "topologies/leaf_spine.h"

namespace corelink {

void add_fabric_options(Experiment& ex, const FabricOptionDefaults& d) {
    // clang-format off
    ex.add_options()
        ("topology", po::value<std::string>()->default_value("fattree"), "fattree or leafspine")
        ("k", po::value<int64_t>()->default_value(d.k),
         "FatTree: switch radix, even, 4 to 48 (k^3/4 hosts)")
        ("leaves", po::value<int64_t>()->default_value(8), "leaf-spine: leaf switches")
        ("spines", po::value<int64_t>()->default_value(4), "leaf-spine: spine switches, >= 1")
        ("hosts-per-leaf", po::value<int64_t>()->default_value(16), "leaf-spine: hosts per leaf")
        ("link-mbps", po::value<double>()->default_value(d.link_mbps), "host link rate in Mb/s")
        ("core-mbps", po::value<double>()->default_value(0.0),
         "switch-to-switch link rate in Mb/s; 0 = --link-mbps (full bisection for a FatTree)")
        ("hop-delay-us", po::value<double>()->default_value(d.hop_delay_us),
         "propagation delay of every link in microseconds")
        ("buffer-pkts", po::value<int64_t>()->default_value(d.buffer_pkts),
         "buffer of every switch and host port, packets");
    // clang-format on
}

namespace {
uint32_t whole(const Experiment& ex, const std::string& flag, int64_t lo, int64_t hi) {
    const int64_t v = ex.get<int64_t>(flag);
    if (v < lo || v > hi)
        throw InputError(
            fmt::format("--{}: must be an integer from {} to {}, got {}", flag, lo, hi, v));
    return static_cast<uint32_t>(v);
}
}  // namespace

FabricOptions read_fabric_options(const Experiment& ex) {
    FabricOptions o;
    o.topology = ex.get<std::string>("topology");
    if (o.topology != "fattree" && o.topology != "leafspine")
        throw InputError(
            fmt::format("--topology: must be fattree or leafspine, got '{}'", o.topology));
    const int64_t k = ex.get<int64_t>("k");
    if (k < 4 || k > FatTree::kMaxK || k % 2 != 0)
        throw InputError(
            fmt::format("--k: must be an even integer from 4 to {}, got {}", FatTree::kMaxK, k));
    o.k = static_cast<uint32_t>(k);
    o.leaves = whole(ex, "leaves", 1, LeafSpine::kMaxSwitches);
    o.spines = whole(ex, "spines", 1, LeafSpine::kMaxSwitches);
    o.hosts_per_leaf = whole(ex, "hosts-per-leaf", 1, LeafSpine::kMaxHosts);
    if (static_cast<uint64_t>(o.leaves) * o.hosts_per_leaf > LeafSpine::kMaxHosts)
        throw InputError(
            fmt::format("--hosts-per-leaf: leaves x hosts-per-leaf must be at most "
                        "{}, got {} x {}",
                        LeafSpine::kMaxHosts, o.leaves, o.hosts_per_leaf));
    const double link_mbps = ex.get<double>("link-mbps");
    require_positive("link-mbps", link_mbps);
    const double core_mbps = ex.get<double>("core-mbps");
    require_non_negative("core-mbps", core_mbps);
    o.host_bps = link_mbps * 1e6;
    o.core_bps = core_mbps > 0.0 ? core_mbps * 1e6 : o.host_bps;
    const double hop_us = ex.get<double>("hop-delay-us");
    require_non_negative("hop-delay-us", hop_us);
    o.links.hop_delay = SimTime::from_us(hop_us);
    o.links.limits = QueueLimits::in_packets(whole(ex, "buffer-pkts", 1, 1'000'000));
    return o;
}

std::unique_ptr<FabricShape> make_fabric_shape(const FabricOptions& o) {
    if (o.topology == "leafspine") {
        LeafSpineConfig c;
        c.leaves = o.leaves;
        c.spines = o.spines;
        c.hosts_per_leaf = o.hosts_per_leaf;
        c.host_rate_bps = o.host_bps;
        c.uplink_rate_bps = o.core_bps;
        return std::make_unique<LeafSpine>(c);
    }
    return std::make_unique<FatTree>(FatTreeConfig{o.k, o.host_bps, o.core_bps});
}

}  // namespace corelink
