// DCTCP (RFC 8257): the alpha estimator against its closed form, alpha converging to a fixed
// marking fraction in a running flow, and the window cut of cwnd * alpha / 2.
#include <catch2/catch.hpp>

#include <cmath>

#include "tcp/dctcp.h"
#include "tcp_test_net.h"

using namespace corelink;
using corelink::testing::kMss;
using corelink::testing::kMssD;
using corelink::testing::TcpPath;

TEST_CASE("DCTCP alpha follows its EWMA's closed form and converges to the marked fraction",
          "[tcp][dctcp]") {
    // ACK i acknowledges mss bytes (ackno = i mss) and is marked iff i % 4 == 0, so every run of
    // 16 consecutive ACKs has exactly 4 marked: f = 1/4. The first ACK closes the initial,
    // empty window (WindowEnd = 0) with M = 0: alpha_1 = (1 - g) alpha_0. Passing
    // highest_sent = ackno + 15 mss makes every later window exactly 16 ACKs, so after n more
    // windows alpha = f + (alpha_1 - f)(1 - g)^n [RFC 8257 §3.3, the EWMA solved].
    const double g = 1.0 / 16.0, f = 0.25;
    DctcpAlpha est(g, 1.0);
    const double alpha1 = 1.0 - g;
    uint64_t windows_after_first = 0;
    for (uint64_t i = 1; i <= 16 * 200 + 1; ++i) {
        const bool closed = est.on_ack(i * kMss, kMss, i % 4 == 0, (i + 15) * kMss);
        if (i == 1) {
            REQUIRE(closed);
            CHECK(est.alpha() == Approx(alpha1).epsilon(1e-12));
            continue;
        }
        if (!closed) continue;
        ++windows_after_first;
        const double expected =
            f + (alpha1 - f) * std::pow(1.0 - g, static_cast<double>(windows_after_first));
        REQUIRE(est.alpha() == Approx(expected).epsilon(1e-9));
    }
    CHECK(windows_after_first == 200);
    // (alpha1 - f)(15/16)^200 < 3e-6.
    CHECK(est.alpha() == Approx(f).margin(1e-5));
}

TEST_CASE("one DCTCP flow cuts its window by cwnd * alpha / 2", "[tcp][dctcp]") {
    // cwnd = ssthresh = 20 mss, initial alpha 0.5, only packet 0 marked. Its ACK (the first at
    // t = RTT) closes the initial window with M = 1: alpha = 15/16 * 0.5 + 1/16 = 0.53125, then
    // cuts cwnd to 20 * (1 - 0.53125 / 2) = 14.6875 mss [RFC 8257 §3.3]; ssthresh follows.
    const SimTime rtt = SimTime::from_ms(100);
    TcpConfig cfg;
    cfg.initial_window_pkts = 20;
    cfg.initial_ssthresh_pkts = 20;
    cfg.apply(TcpVariant::Dctcp);
    cfg.dctcp_initial_alpha = 0.5;
    TcpPath path(cfg, rtt);
    path.marker.mark_first_transmission_of(0);
    std::vector<double> cwnd, alpha;
    path.tap.after = [&] {
        cwnd.push_back(path.src.cwnd_bytes() / kMssD);
        alpha.push_back(path.src.dctcp_alpha());
    };
    path.start();
    path.run_until(rtt + SimTime::from_ms(1));
    REQUIRE(cwnd.size() == 20);
    CHECK(alpha[0] == Approx(0.53125).epsilon(1e-12));
    CHECK(cwnd[0] == Approx(20.0 - 20.0 * alpha[0] / 2.0).epsilon(1e-12));
    CHECK(cwnd[0] == Approx(14.6875).epsilon(1e-12));
    CHECK(path.src.ssthresh_bytes() / kMssD == Approx(14.6875).epsilon(1e-12));
    CHECK(path.src.ecn_reductions() == 1);
    CHECK(path.src.retransmissions() == 0);
    // No second cut inside the same window: the other 19 ACKs are unmarked and grow the window
    // in congestion avoidance only.
    CHECK(cwnd.back() > cwnd[0]);
    CHECK(cwnd.back() < cwnd[0] + 1.5);
}

TEST_CASE("a DCTCP flow's alpha converges to a fixed marking fraction", "[tcp][dctcp]") {
    // One flow on a 100 Mb/s link, 1 ms RTT; every 4th packet (by sequence) is marked, whatever
    // the window: the marked fraction of every window is 1/4 up to one packet in W. alpha, an
    // average over ~16 windows, must settle there [RFC 8257 §3.3]; the margin 0.03 covers the
    // window quantisation (windows of ~10-20 packets here).
    // With delayed ACKs the receiver's CE state machine [RFC 8257 §3.2] keeps every ACK's ECE to
    // packets of one CE state, so the estimate is the same. (A receiver that simply set ECE on an
    // ACK covering any marked packet would echo on every other ACK of two segments: alpha 1/2.)
    // The 1 ms delayed-ACK timer stays below the 10 ms minimum RTO.
    const bool delayed = GENERATE(false, true);
    INFO("delayed ACKs " << delayed);
    const SimTime rtt = SimTime::from_ms(1);
    TcpConfig cfg;
    cfg.apply(TcpVariant::Dctcp);
    cfg.min_rto = SimTime::from_ms(10);
    cfg.delayed_ack = delayed;
    cfg.delack_timeout = SimTime::from_ms(1);
    TcpPath path(cfg, rtt, 100e6, 1000);
    for (uint64_t i = 0; i < 200000; i += 4) path.marker.mark_first_transmission_of(i);
    path.start();
    double sum = 0.0;
    int samples = 0;
    for (int k = 1; k <= 100; ++k) {
        path.run_until(SimTime::from_ms(200 + k * 3));
        sum += path.src.dctcp_alpha();
        ++samples;
    }
    CHECK(path.src.retransmissions() == 0);
    CHECK(path.src.ecn_reductions() > 50);
    CHECK(sum / samples == Approx(0.25).margin(0.03));
    // Per 4 packets (marked, then 3 not): the change to CE is ACKed at once, the change back at
    // once, the last two together: 3 ACKs per 4 packets (a margin for the window's ends).
    if (delayed) {
        const double per_packet = static_cast<double>(path.sink.acks_sent()) /
                                  static_cast<double>(path.sink.packets_received());
        CHECK(per_packet == Approx(0.75).margin(0.01));
    }
}
