// DRFQ Table 7 (docs/figures.md, DRFQ §8.1.3): two TCP flows through the CPU -> 200 Mb/s link
// pipeline with 20 ms added round trip; basic forwarding (link-bound) and redundancy elimination
// (CPU-bound), 30 s as in the paper (~0.3 s to simulate). Parameters are the experiment's table7
// preset: CPU 12 us (basic, 0.2 x its 60 us link time) and 363.6 us (RE, calibrated so that
// it alone gets 33 Mb/s), 1000-packet input buffers, backpressure theta = 2 x 363.6 us.
#include <catch2/catch.hpp>

#include "queues/queue_registry.h"
#include "src/simulation.h"
#include "topologies/tcp_pipeline.h"

using namespace corelink;

namespace {

// Goodput (Mb/s) over [3 s, 30 s] (the preset skips the first tenth) of one TCP flow per entry
// of `cpu_us` (CPU demand per packet, us) under `scheduler` (bottleneck fairness re-detected
// every 300 ms, by utilisation).
std::vector<double> table7_mbps(const std::string& scheduler, const std::vector<double>& cpu_us) {
    Simulation sim(1);
    QueueOptionValues values = builtin_queues().defaults();
    values.set("bf-period", "300000");
    values.set("bf-detect", "utilisation");
    QueueEnv env{sim.events(),  sim.pool(), sim.make_rng(),
                 QueueLimits{}, values,     SimTime::from_us(1)};
    PipelineConfig cfg;
    cfg.theta.fill(SimTime::from_us(2 * 363.6));
    MultiResourcePipeline pipe(sim.events(), sim.pool(), builtin_queues().make(scheduler, env),
                               cfg);
    TcpPipelineConfig tc;
    for (double c : cpu_us) tc.cpu_per_packet.push_back(SimTime::from_us(c));
    tc.cpu_sd_fraction = 0.1;
    tc.tcp.mss_bytes = 1500;
    TcpPipeline net(sim, pipe, tc);
    sim.events().run_until(SimTime::from_sec(3));
    std::vector<uint64_t> before;
    for (size_t i = 0; i < cpu_us.size(); ++i) before.push_back(net.src(i).bytes_acked());
    sim.events().run_until(SimTime::from_sec(30));
    std::vector<double> out;
    for (size_t i = 0; i < cpu_us.size(); ++i)
        out.push_back(rate_bps(net.src(i).bytes_acked() - before[i], SimTime::from_sec(27)) / 1e6);
    return out;
}

}  // namespace

TEST_CASE("table 7: DRFQ keeps both TCP flows near their solo rates", "[drfq][table7]") {
    const double basic_alone = table7_mbps("fifo", {12})[0];
    const double re_alone = table7_mbps("fifo", {363.6})[0];
    // Calibration check, not an outcome: basic is link-bound (paper 191 of 200 Mb/s); RE's CPU
    // cost was chosen for the paper's 33 Mb/s alone.
    CHECK(basic_alone > 180);
    CHECK(re_alone == Approx(33).margin(3));

    // Paper: DRFQ gives 160/191 = 0.84 and 28/33 = 0.85 of the solo rates; we ask >= 0.7.
    // (DRF's allocation here, by progressive filling: CPU saturates at dominant share
    // 1/(1 + 12/60) = 0.83 each, i.e. 167 and 27.5 Mb/s.)
    const auto drfq = table7_mbps("drfq", {12, 363.6});
    CHECK(drfq[0] >= 0.7 * basic_alone);
    CHECK(drfq[1] >= 0.7 * re_alone);

    // Paper: bottleneck fairness gives the bandwidth-bound flow 75 Mb/s, far below DRFQ's 160.
    const auto bf = table7_mbps("bottleneck-fair", {12, 363.6});
    CHECK(bf[0] < 0.9 * drfq[0]);
}
