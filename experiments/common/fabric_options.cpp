#include "experiments/common/fabric_options.h"

#include <fmt/format.h>

#include "topologies/fat_tree.h"
#include "topologies/leaf_spine.h"

namespace corelink {

void add_fabric_options(Experiment& ex, const FabricOptionDefaults& d) {
    ex.add_choice("topology", "fattree", {"fattree", "leafspine"},
                  "fattree: FatTree(k); leafspine: every leaf wired to every spine");
    ex.add_int("k", d.k, "", between(4, FatTree::kMaxK),
               "FatTree: switch radix, an even number (k^3/4 hosts, (k/2)^2 paths across pods)");
    ex.add_int("leaves", 8, "switches", between(1, LeafSpine::kMaxSwitches),
               "leaf-spine: leaf switches");
    ex.add_int("spines", 4, "switches", between(1, LeafSpine::kMaxSwitches),
               "leaf-spine: spine switches (paths between leaves)");
    ex.add_int("hosts-per-leaf", 16, "hosts", between(1, LeafSpine::kMaxHosts),
               fmt::format("leaf-spine: hosts per leaf (leaves x hosts-per-leaf at most {})",
                           LeafSpine::kMaxHosts));
    ex.add_real("link-mbps", d.link_mbps, "Mb/s", between(1e-3, 1e6), "host link rate");
    ex.add_real("core-mbps", 0.0, "Mb/s", between(0, 1e6),
                "switch-to-switch link rate; 0 = --link-mbps (full bisection for a FatTree); "
                "--link-mbps / o gives a FatTree o:1 oversubscription");
    ex.add_time("hop-delay-us", d.hop_delay_us, "us", between(0, 1e6),
                "propagation delay of every link");
    ex.add_int("buffer-pkts", d.buffer_pkts, "packets", between(1, 1e6), d.buffer_help);
}

FabricOptions read_fabric_options(const Experiment& ex) {
    FabricOptions o;
    o.topology = ex.text("topology");
    const int64_t k = ex.integer("k");
    if (o.topology == "fattree" && k % 2 != 0)
        throw InputError(
            fmt::format("--k: must be an even integer from 4 to {}, got {}", FatTree::kMaxK, k));
    o.k = static_cast<uint32_t>(k);
    o.leaves = static_cast<uint32_t>(ex.integer("leaves"));
    o.spines = static_cast<uint32_t>(ex.integer("spines"));
    o.hosts_per_leaf = static_cast<uint32_t>(ex.integer("hosts-per-leaf"));
    if (static_cast<uint64_t>(o.leaves) * o.hosts_per_leaf > LeafSpine::kMaxHosts)
        throw InputError(
            fmt::format("--hosts-per-leaf: leaves x hosts-per-leaf must be at most {}, got {} x {}",
                        LeafSpine::kMaxHosts, o.leaves, o.hosts_per_leaf));
    o.host_bps = ex.real("link-mbps") * 1e6;
    const double core_mbps = ex.real("core-mbps");
    // Slower links would serialise a packet for longer than simulated time holds.
    if (core_mbps > 0.0 && core_mbps < 1e-3)
        throw InputError(fmt::format(
            "--core-mbps: must be 0 (= --link-mbps) or a number in [0.001, 1e+06] Mb/s, got {}",
            core_mbps));
    o.core_bps = core_mbps > 0.0 ? core_mbps * 1e6 : o.host_bps;
    o.links.hop_delay = ex.time("hop-delay-us");
    o.links.limits = QueueLimits::in_packets(static_cast<uint64_t>(ex.integer("buffer-pkts")));
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

double oversubscription(const FabricOptions& o, const FabricShape& shape) {
    if (const auto* ls = dynamic_cast<const LeafSpine*>(&shape)) return ls->oversubscription();
    return o.host_bps / o.core_bps;
}

void add_fabric_run_options(Experiment& ex, const FabricRunDefaults& d) {
    ex.add_ints("subflows", d.subflows, "subflows", between(1, 64),
                "subflows per connection, a list (1,2,4 or 1..8): 1 = TCP, more = MPTCP; one run "
                "per value");
    ex.add_choice("mptcp-cc", "lia", {"uncoupled", "lia", "fully-coupled", "olia"},
                  "multipath congestion control coupling the subflows (docs/algorithms.md §4)");
    ex.add_time("duration-s", d.duration_s, "s", above(0, 1e6),
                "simulated time of each run, warm-up included");
    ex.add_time("warmup-s", d.warmup_s, "s", between(0, 1e6), d.warmup_help);
    ex.add_time("min-rto-ms", d.min_rto_ms, "ms", above(0, 1e6),
                "TCP minimum retransmission timeout (datacenter RTTs are about 1 ms)");
}

FabricRunOptions read_fabric_run_options(const Experiment& ex) {
    FabricRunOptions o;
    for (int64_t n : ex.ints("subflows")) o.subflows.push_back(static_cast<uint32_t>(n));
    o.cc = parse_mptcp_cc("mptcp-cc", ex.text("mptcp-cc"));
    o.duration_s = ex.number("duration-s");
    o.warmup_s = ex.number("warmup-s");
    if (o.warmup_s >= o.duration_s)
        throw InputError(fmt::format("--warmup-s: must be below --duration-s ({} s), got {}",
                                     o.duration_s, o.warmup_s));
    o.min_rto = ex.time("min-rto-ms");
    return o;
}

}  // namespace corelink
