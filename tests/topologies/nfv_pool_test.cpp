// The NFV tier inside a FatTree (topologies/nfv_pool.h).
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "topologies/fat_tree.h"
#include "topologies/nfv_pool.h"

using namespace corelink;

namespace {

NfvPoolConfig fabric_config(const std::string& queue, QueueOptionValues& options) {
    NfvPoolConfig cfg;
    cfg.links.hop_delay = SimTime::from_us(250);
    cfg.tier.cpu_hz = 2e9;
    cfg.tier.cost_unit_cycles = 120'000;  // a cost-1 core: 200 Mb/s of 1500-byte packets
    cfg.tier.queue = queue;
    // RED thresholds at 0.7 and 2.2 core BDPs of cost-1 packets, as KBNets Fig. 9, whose
    // regime (a BDP of ~80 packets) the 250 us hops reproduce: RTTs of about 5 ms.
    options.set("red-min-th", "60");
    options.set("red-max-th", "180");
    cfg.tier.queue_options = &options;
    cfg.tier.limits = QueueLimits::in_packets(queue == "droptail" ? 100 : 400);
    cfg.tcp.min_rto = SimTime::from_ms(50);
    return cfg;
}

// The smallest pool: two connections (one of cost 1, one of cost 4) and one middlebox with one
// core, inside a k = 4 FatTree of 1 Gb/s links.
struct SingleCorePool {
    SingleCorePool(uint64_t seed, const std::string& queue, double cost_unit_cycles = 120'000)
        : sim(seed), options(builtin_queues().defaults()) {
        NfvPoolConfig cfg = fabric_config(queue, options);
        cfg.connections = 2;
        cfg.tier.middleboxes = 1;
        cfg.tier.cores = 1;
        cfg.tier.cost_unit_cycles = cost_unit_cycles;
        net = std::make_unique<NfvPoolNet>(sim, shape, cfg);
    }
    Simulation sim;
    const FatTree shape{FatTreeConfig{4, 1e9, 1e9}};
    QueueOptionValues options;
    std::unique_ptr<NfvPoolNet> net;
};

}  // namespace

TEST_CASE(
    "in a FatTree, one middlebox core with red4mq gives cost-1 and cost-4 connections "
    "equal CPU time",
    "[nfv][fig9][fabric]") {
    // KBNets Fig. 9 again, now with both connections crossing a k = 4 FatTree to and from the
    // middlebox: equal CPU time, 0.5 / 0.5 of the core (tolerance 0.07 absolute, as on the
    // hand-wired core), and the core stays busy.
    SingleCorePool pool(1, "red4mq");
    Simulation& sim = pool.sim;
    NfvPoolNet& net = *pool.net;
    REQUIRE(net.costs().size() == 2);
    CHECK(net.costs()[0] + net.costs()[1] == 5.0);  // one of cost 1, one of cost 4
    sim.events().run_until(SimTime::from_sec(5));
    const NfvPoolSnapshot from = net.snapshot();
    sim.events().run_until(SimTime::from_sec(25));
    const NfvPoolRates r = NfvPoolNet::rates_between(from, net.snapshot());
    CHECK(r.conn_cpu_share[0] == Approx(0.5).margin(0.07));
    CHECK(r.conn_cpu_share[1] == Approx(0.5).margin(0.07));
    CHECK(r.core_utilisation[0] > 0.97);
}

TEST_CASE("NFV pool: routes visit the chosen core, and the optimum is equal CPU time",
          "[nfv][fabric]") {
    // 8 connections, 2 middleboxes x 2 cores, 2 subflows each: every packet a core serves
    // belongs to a subflow hashed to it, so per-core work sums to the core's busy time.
    // Optimum by hand: 4 cores x 2e9 cycles/s shared equally in time by 8 connections, half of
    // cost 1 (120,000 cycles) and half of cost 4: each gets half a core,
    // 0.5 * 2e9 / 120,000 = 8,333 packets/s (cost 1) or 2,083 (cost 4), times 4 of each times
    // 12,000 bits = 500 Mb/s in all. No access link (1 Gb/s) binds.
    Simulation sim(2);
    const FatTree shape(FatTreeConfig{4, 1e9, 1e9});
    QueueOptionValues options = builtin_queues().defaults();
    NfvPoolConfig cfg = fabric_config("droptail", options);
    cfg.connections = 8;
    cfg.subflows = 2;
    cfg.tier.middleboxes = 2;
    cfg.tier.cores = 2;
    NfvPoolNet net(sim, shape, cfg);
    CHECK(net.optimal_mbps() == Approx(500.0));
    // The flow-level oracle agrees with the closed-form water-filling of the pooled CPU time.
    std::vector<double> cycles, cap;
    for (double c : net.costs()) {
        cycles.push_back(c * 120'000);
        cap.push_back(1e9 / 12'000);
    }
    double pps = 0;
    for (double r : pooled_cpu_time_max_min(4, 2e9, cycles, cap)) pps += r;
    CHECK(pps * 12'000 / 1e6 == Approx(net.optimal_mbps()));
    sim.events().run_until(SimTime::from_sec(2));
    const NfvPoolSnapshot s = net.snapshot();
    for (uint32_t i = 0; i < 4; ++i) {
        SimTime work = SimTime::zero();
        for (uint32_t id = 0; id < net.instance_of().size(); ++id)
            if (net.instance_of()[id] == i) work += net.tier().core(i).flow(id).work;
        // The packet in service counts in busy time but not yet in its flow's work.
        const SimTime gap = s.core_busy[i] - work;
        CHECK(gap >= SimTime::zero());
        CHECK(gap <= SimTime::from_us(60 * 4 * 1.5));
    }
    // Middleboxes take hosts 0 and 8 (pods 0 and 2); no connection uses them.
    CHECK(net.middlebox_hosts() == std::vector<uint32_t>{0, 8});
    for (const Connection& c : net.connections()) {
        for (uint32_t mb : {0U, 8U}) {
            CHECK(c.src != mb);
            CHECK(c.dst != mb);
        }
        CHECK(c.src != c.dst);
    }
}

TEST_CASE("NFV pool optimum: the middlebox's access link binds when its cores are fast",
          "[nfv][oracle]") {
    // One middlebox, one core at 2 GHz, packets of 2,000 and 8,000 cycles: equal CPU time would
    // give 6 and 1.5 Gb/s, but every packet crosses the middlebox's 1 Gb/s access link twice
    // (in and out), so the optimum is that link's 1,000 Mb/s (the oracle splits it equally).
    SingleCorePool pool(3, "droptail", /*cost_unit_cycles=*/2'000);
    const NfvPoolNet& net = *pool.net;
    CHECK(net.optimal_mbps() == Approx(1000.0));
}
