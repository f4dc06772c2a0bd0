// The compress-or-not topology (KBNets §5, Fig. 12): the multipath flow should move its data to
// whichever path is less congested. The paper gives no numbers; the expectations below are the
// direction it states, with margins from the default run of the `compress` experiment.
#include <catch2/catch.hpp>

#include "topologies/compress.h"

using namespace corelink;

TEST_CASE("compress or not: traffic moves to the less congested path", "[topologies][compress]") {
    // Phase 1 (8 WAN flows, idle CPUs): compressed packets cost half as much on the WAN, and
    // RED_4 there signals them a quarter as often, so LIA sends most data compressed.
    // Phase 2 (8 CPU flows, idle WAN): the compressed subflow now fights for the CPU, the direct
    // one has the WAN to itself: most data goes direct and fills the WAN.
    Simulation sim(1);
    CompressConfig cfg;
    cfg.tcp.min_rto = SimTime::from_ms(50);
    QueueOptionValues options = builtin_queues().defaults();
    options.set("red-min-th", "60");
    options.set("red-max-th", "180");
    cfg.queue_options = &options;
    const SimTime phase = SimTime::from_sec(20);
    cfg.phases = {{SimTime::zero(), phase, 0, 8}, {phase, phase * 2, 8, 0}};
    CompressTopology net(sim, cfg);

    sim.events().run_until(SimTime::from_sec(5));
    CompressSnapshot from = net.snapshot();
    sim.events().run_until(phase);
    const CompressRates wan_busy = CompressTopology::rates_between(from, net.snapshot());
    sim.events().run_until(phase + SimTime::from_sec(5));
    from = net.snapshot();
    sim.events().run_until(phase * 2);
    const CompressRates cpu_busy = CompressTopology::rates_between(from, net.snapshot());

    INFO("WAN busy: direct " << wan_busy.direct_mbps << ", compressed " << wan_busy.compressed_mbps
                             << "; CPU busy: direct " << cpu_busy.direct_mbps << ", compressed "
                             << cpu_busy.compressed_mbps);
    CHECK(wan_busy.compressed_mbps > 2.0 * wan_busy.direct_mbps);
    CHECK(cpu_busy.direct_mbps > 10.0 * cpu_busy.compressed_mbps);
    CHECK(cpu_busy.multipath_mbps >= 90.0);  // the idle WAN, used by the direct subflow
}
