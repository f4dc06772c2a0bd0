// NewReno sender against the oracles of docs/algorithms.md §3 and RFC 5681 / 6582 / 6298, driven
// through real paths (pipes, a link, a dropper), observed from an ACK tap.
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "src/object_array.h"
#include "tcp_test_net.h"

using namespace corelink;
using corelink::testing::kMss;
using corelink::testing::kMssD;
using corelink::testing::tcp_config;
using corelink::testing::TcpPath;

TEST_CASE("slow start doubles the window every RTT: 10 -> 20 -> 40 -> 80", "[tcp]") {
    // docs/algorithms.md §3 oracle: IW 10, +1 mss per ACK, no loss. Pipes only, so each window's
    // ACKs all arrive at k*RTT and cwnd is exactly 10*2^k segments just after.
    const SimTime rtt = SimTime::from_ms(100);
    TcpPath path(tcp_config(10, std::numeric_limits<double>::infinity()), rtt);
    path.start();
    path.run_until(SimTime::from_ms(1));
    CHECK(path.src.cwnd_bytes() == 10 * kMssD);
    CHECK(path.src.packets_sent() == 10);
    for (int k = 1; k <= 3; ++k) {
        path.run_until(rtt * k + SimTime::from_ms(1));
        CHECK(path.src.cwnd_bytes() == (10 << k) * kMssD);
    }
    CHECK(path.src.retransmissions() == 0);
    CHECK(path.src.timeouts() == 0);
}

TEST_CASE("congestion avoidance from 20 segments gains about one mss per RTT", "[tcp]") {
    // docs/algorithms.md §3 oracle: starting in CA at 20 segments (ssthresh = cwnd), one RTT of
    // ACKs (20 of them, each adding mss²/cwnd) gives ≈ 20.98 segments [±0.01].
    const SimTime rtt = SimTime::from_ms(100);
    TcpPath path(tcp_config(20, 20), rtt);
    path.start();
    path.run_until(rtt + SimTime::from_ms(1));
    CHECK(path.src.cwnd_bytes() / kMssD == Approx(20.98).margin(0.01));
}

TEST_CASE("triple dupack at cwnd 20: ssthresh 10, cwnd 13, +1 per further dupack", "[tcp]") {
    // docs/algorithms.md §3 oracle / RFC 5681 §3.2. Packet 0 of the first 20-packet window is lost,
    // so the 19 ACKs at t = RTT are all duplicates: the 3rd gives ssthresh = 10, cwnd = 13 mss, and
    // the 4th..19th inflate it to 29. The retransmission's ACK (t = 2 RTT) is a full ACK; by then
    // the inflated window has sent 9 new packets (29 - 20), so FlightSize = 9 mss and
    // cwnd = min(ssthresh, FlightSize + mss) = 10 mss.
    const SimTime rtt = SimTime::from_ms(100);
    TcpPath path(tcp_config(20, 20), rtt);
    path.dropper.drop_first_transmission_of(0);
    std::vector<double> cwnd_pkts, ssthresh_pkts;
    path.tap.after = [&] {
        cwnd_pkts.push_back(path.src.cwnd_bytes() / kMssD);
        ssthresh_pkts.push_back(path.src.ssthresh_bytes() / kMssD);
    };
    path.start();
    path.run_until(rtt + SimTime::from_ms(1));
    REQUIRE(cwnd_pkts.size() == 19);
    CHECK(cwnd_pkts[0] == 20);
    CHECK(cwnd_pkts[1] == 20);
    CHECK(cwnd_pkts[2] == 13);
    CHECK(ssthresh_pkts[2] == 10);
    for (size_t i = 3; i < 19; ++i) CHECK(cwnd_pkts[i] == 13 + static_cast<double>(i - 2));
    CHECK(path.src.in_fast_recovery());
    CHECK(path.src.fast_recoveries() == 1);
    CHECK(path.src.retransmissions() == 1);

    path.run_until(rtt * 2 + SimTime::from_ms(1));
    CHECK_FALSE(path.src.in_fast_recovery());
    CHECK(cwnd_pkts.at(19) == 10);
    // The 9 packets sent during inflation are ACKed at the same instant.
    CHECK(path.src.last_acked() == 29 * kMss);
    CHECK(path.src.timeouts() == 0);
}

TEST_CASE("RTO follows RFC 6298 on constant samples and backs off on timeouts", "[tcp]") {
    // docs/algorithms.md §3 oracle with constant 100 ms samples and G = 0: rto 300 -> 250 -> 212.5
    // ms (srtt = 100, rttvar = 50, 37.5, 28.125), tending to 100 ms; with min_rto = 200 ms it
    // settles at 200 ms, and three consecutive timeouts give 400, 800, 1600 ms.
    const SimTime rtt = SimTime::from_ms(100);
    SECTION("min_rto 0: 300, 250, 212.5 ms, then towards 100 ms") {
        TcpConfig cfg = tcp_config(1, 4);
        cfg.min_rto = SimTime::zero();
        TcpPath path(cfg, rtt);
        std::vector<SimTime> rtos;
        path.tap.after = [&] { rtos.push_back(path.src.rto()); };
        path.start();
        path.run_until(SimTime::from_sec(5));
        REQUIRE(rtos.size() >= 40);
        CHECK(rtos[0] == SimTime::from_ms(300));
        CHECK(rtos[1] == SimTime::from_ms(250));
        CHECK(rtos[2] == SimTime::from_ms(212.5));
        CHECK(path.src.srtt() == rtt);
        // 4·rttvar = 200 ms · 0.75^(n-1) after n samples: below 1 µs after 40.
        CHECK(rtos.back() >= rtt);
        CHECK((rtos.back() - rtt).to_us() < 1.0);
    }
    SECTION("min_rto 200 ms: settles at 200 ms; timeouts back off 400, 800, 1600 ms") {
        TcpPath path(tcp_config(1, 4), rtt);
        SimTime last_ack;
        path.tap.after = [&] { last_ack = path.sim.now(); };
        path.src.enable_cwnd_trace(SimTime::never());  // loss events only (after the first)
        path.start();
        path.run_until(SimTime::from_sec(3));
        CHECK(path.src.rto() == SimTime::from_ms(200));
        path.dropper.drop_all = true;
        // ACKs of packets already past the dropper arrive until 3.1 s; then silence.
        path.run_until(SimTime::from_sec(3.2));
        const SimTime t0 = last_ack;
        CHECK(t0 > SimTime::from_sec(3));
        path.run_until(t0 + SimTime::from_ms(200 + 1));
        CHECK(path.src.timeouts() == 1);
        CHECK(path.src.rto() == SimTime::from_ms(400));
        path.run_until(t0 + SimTime::from_ms(200 + 400 + 800 + 1));
        CHECK(path.src.timeouts() == 3);
        CHECK(path.src.rto() == SimTime::from_ms(1600));
        CHECK(path.src.cwnd_bytes() == kMssD);

        // The trace holds the start sample and one sample per timeout, at the exact deadlines.
        const auto& trace = path.src.cwnd_trace();
        REQUIRE(trace.size() == 4);
        CHECK(trace[1].time == t0 + SimTime::from_ms(200));
        CHECK(trace[2].time == t0 + SimTime::from_ms(600));
        CHECK(trace[3].time == t0 + SimTime::from_ms(1400));

        // Once the path heals, the next RTT sample ends the backoff (RFC 6298 §5.7).
        path.dropper.drop_all = false;
        path.run_until(t0 + SimTime::from_ms(1400 + 1600 + 250));
        CHECK(path.src.timeouts() == 4);
        CHECK(path.src.rto() == SimTime::from_ms(200));
    }
}

TEST_CASE("a timeout whose segment was only late counts as spurious, a lost one does not",
          "[tcp]") {
    // One 1500-byte segment, RTT 100 ms, no RTT sample yet, so the timer runs on the initial RTO
    // of 1 s [RFC 6298 §2.1] and fires at t = 1 s in both cases (hand-worked timelines):
    //  - late: an extra 1.2 s pipe on the data path. The original reaches the sink at 1.25 s; its
    //    ACK is back at 1.3 s echoing t = 0, before the 1 s timeout: spurious [RFC 3522 §2].
    //  - lost: the first transmission is dropped. The retransmission sent at 1 s is ACKed at 1.1 s,
    //    echoing t = 1 s: the timeout was needed.
    const auto variant = GENERATE(TcpVariant::NewReno, TcpVariant::Sack);
    TcpConfig cfg = tcp_config(1, 4, variant);
    cfg.flow_size_bytes = kMss;
    TcpPath path(cfg, SimTime::from_ms(100));
    Pipe late(path.sim.events(), SimTime::from_ms(1200));
    const bool lost = GENERATE(false, true);
    if (lost)
        path.dropper.drop_first_transmission_of(0);
    else
        path.data.insert(0, late);
    path.start();
    path.run_until(SimTime::from_sec(3));
    CHECK(path.src.finished());
    CHECK(path.src.finish_time() == SimTime::from_ms(lost ? 1100 : 1300));
    CHECK(path.src.timeouts() == 1);
    CHECK(path.src.spurious_timeouts() == (lost ? 0U : 1U));
}

TEST_CASE("the fast retransmit does not restart the retransmission timer", "[tcp]") {
    // RFC 6298 §5.1/5.3 (and htsim's TcpSrc): only an ACK of new data restarts the timer; a
    // retransmission arms it only if it is idle [docs/algorithms.md §3 "Which events restart the
    // timer"]. Hand-worked timeline: a 1.2 Mb/s link (10 ms per 1500-byte packet), 10 ms pipes
    // each way, IW = ssthresh = 5, a 6-packet flow, packet 1 lost once before the link.
    //   t = 0: packets 0, 2, 3, 4 leave the link at 10, 20, 30, 40 ms; their ACKs are back 20 ms
    //          later. t = 30: ACK of packet 0 restarts the timer (deadline 30 + RTO); cwnd 5.2
    //          sends packet 5 (link 40-50 ms, duplicate ACK at 70).
    //   t = 40, 50, 60: duplicate ACKs; the third fast-retransmits packet 1 (link 60-70, sink 80),
    //          whose ACK covers everything and is back at t = 90 ms.
    // RTO is pinned by max_rto (every computed value here exceeds 70 ms):
    //   RTO 50 ms: deadline 80 < 90, so the timer fires at 80 ms although the retransmission is
    //     in flight (a timer restarted at the fast retransmit would expire at 110 ms, after the
    //     ACK): one timeout, spurious by RFC 3522's test (the ACK echoes 60 ms < 80 ms).
    //   RTO 70 ms: deadline 100 > 90: no timeout.
    // SACK (RFC 6675 enters recovery on the third SACKed segment, also at 60 ms) keeps the same
    // rule.
    const auto variant = GENERATE(TcpVariant::NewReno, TcpVariant::Sack);
    const bool short_rto = GENERATE(true, false);
    INFO("variant " << tcp_variant_name(variant) << ", RTO " << (short_rto ? 50 : 70) << " ms");
    TcpConfig cfg = tcp_config(5, 5, variant);
    cfg.flow_size_bytes = 6 * kMss;
    cfg.min_rto = SimTime::zero();
    cfg.max_rto = SimTime::from_ms(short_rto ? 50 : 70);
    TcpPath path(cfg, SimTime::from_ms(20), 1.2e6, 100);
    path.dropper.drop_first_transmission_of(1);
    path.start();
    path.run_until(SimTime::from_ms(61));
    CHECK(path.src.in_fast_recovery());
    CHECK(path.src.retransmissions() == 1);
    path.run_until(SimTime::from_ms(79.9));
    CHECK(path.src.timeouts() == 0);
    path.run_until(SimTime::from_ms(80.1));
    CHECK(path.src.timeouts() == (short_rto ? 1U : 0U));
    path.run_until(SimTime::from_ms(300));
    CHECK(path.src.finished());
    CHECK(path.src.finish_time() == SimTime::from_ms(90));
    CHECK(path.src.timeouts() == (short_rto ? 1U : 0U));
    CHECK(path.src.spurious_timeouts() == (short_rto ? 1U : 0U));
    CHECK(path.src.retransmissions() == (short_rto ? 2U : 1U));
}

namespace {

struct RecoveryResult {
    SimTime entered = SimTime::never();
    SimTime exited = SimTime::never();
    uint64_t retransmissions = 0;
    uint64_t timeouts = 0;
    uint64_t fast_recoveries = 0;
};

// A 40-packet window (IW = ssthresh = 40) over a 1 Gb/s link and a 10 ms RTT; `lost` packets of
// the first window are lost once each.
RecoveryResult recover_from(const std::vector<uint64_t>& lost) {
    TcpPath path(tcp_config(40, 40), SimTime::from_ms(10), 1e9, 1000);
    for (uint64_t i : lost) path.dropper.drop_first_transmission_of(i);
    RecoveryResult r;
    path.tap.after = [&] {
        const bool in = path.src.in_fast_recovery();
        if (in && r.entered == SimTime::never()) r.entered = path.sim.now();
        if (!in && r.entered != SimTime::never() && r.exited == SimTime::never()) {
            r.exited = path.sim.now();
        }
    };
    path.start();
    path.run_until(SimTime::from_sec(1));
    r.retransmissions = path.src.retransmissions();
    r.timeouts = path.src.timeouts();
    r.fast_recoveries = path.src.fast_recoveries();
    CHECK(path.src.last_acked() > 40 * kMss);
    return r;
}

}  // namespace

TEST_CASE("NewReno repairs k losses in one window with k retransmissions in about k RTTs",
          "[tcp]") {
    // RFC 6582: fast retransmit repairs the first hole; each partial ACK (one per RTT) exposes
    // and resends the next. So k holes take k RTTs from entering recovery to the full ACK, with
    // exactly k retransmissions and no timeout. The RTT is 10 ms of pipes plus at most 40
    // packets of 12 µs serialisation; bound: within (k ± 0.5) · 10 ms.
    const SimTime rtt = SimTime::from_ms(10);
    for (uint64_t k : {1, 3, 10}) {
        std::vector<uint64_t> lost;
        for (uint64_t j = 0; j < k; ++j) lost.push_back(2 + j * (38 / k));
        INFO("k = " << k);
        const RecoveryResult r = recover_from(lost);
        CHECK(r.timeouts == 0);
        CHECK(r.fast_recoveries == 1);
        CHECK(r.retransmissions == k);
        REQUIRE(r.exited != SimTime::never());
        const double rtts = (r.exited - r.entered) / rtt;
        INFO("recovery took " << rtts << " RTTs");
        CHECK(rtts > static_cast<double>(k) - 0.5);
        CHECK(rtts < static_cast<double>(k) + 0.5);
    }
}

TEST_CASE("a burst of 100 losses in a large window recovers in far fewer than 1000 RTTs", "[tcp]") {
    // Without RFC 6582's impatient timer, NewReno repairs one hole per RTT (100 RTTs here), and
    // a timer re-armed by every partial ACK never fires to rescue it. With it, the timer fires
    // min_rto = 200 ms (20 RTTs) after the first partial ACK, and go-back-N slow start repairs
    // the rest of the contiguous burst in about log2(100) ≈ 7 RTTs. Bound: 40 RTTs; and the
    // sink's jumping cumulative ACK keeps go-back-N from resending much it already holds
    // (bound: under 2 retransmissions per lost packet).
    const SimTime rtt = SimTime::from_ms(10);
    TcpPath path(tcp_config(400, 400), rtt, 1e10, 10000);
    for (uint64_t i = 100; i < 200; ++i) path.dropper.drop_first_transmission_of(i);
    SimTime entered = SimTime::never(), repaired = SimTime::never();
    path.tap.after = [&] {
        if (path.src.in_fast_recovery() && entered == SimTime::never()) entered = path.sim.now();
        if (repaired == SimTime::never() && path.src.last_acked() >= 400 * kMss) {
            repaired = path.sim.now();
        }
    };
    path.start();
    path.run_until(SimTime::from_sec(0.6));
    REQUIRE(entered != SimTime::never());
    REQUIRE(repaired != SimTime::never());
    const double rtts = (repaired - entered) / rtt;
    INFO("recovery took " << rtts << " RTTs");
    CHECK(rtts < 40);
    CHECK(path.src.retransmissions() >= 100);
    CHECK(path.src.retransmissions() < 200);
    CHECK(path.src.timeouts() <= 1);
}

TEST_CASE("an ECN echo halves the window once, without retransmitting", "[tcp]") {
    // RFC 3168 §6.1.2: the sender reacts to ECE as to a loss (ssthresh = max(cwnd/2, 2 mss),
    // cwnd = ssthresh) at most once per window, and sends nothing again.
    TcpConfig cfg = tcp_config(20, 20);
    cfg.ecn = true;
    TcpPath path(cfg, SimTime::from_ms(100));
    path.marker.mark_first_transmission_of(30);
    path.marker.mark_first_transmission_of(31);  // same window: no second reduction
    std::vector<double> cwnd;
    path.tap.after = [&] { cwnd.push_back(path.src.cwnd_bytes()); };
    path.start();
    path.run_until(SimTime::from_sec(1));
    CHECK(path.marker.marked == 2);
    CHECK(path.src.ecn_reductions() == 1);
    CHECK(path.src.retransmissions() == 0);
    CHECK(path.src.fast_recoveries() == 0);
    // Packet 30's ACK is the 31st ACK.
    REQUIRE(cwnd.size() > 31);
    CHECK(cwnd[30] == Approx(cwnd[29] / 2));
    CHECK(cwnd[31] > cwnd[30]);  // packet 31's echo is ignored: CA growth continues
}

TEST_CASE("a finite flow over a lossy path delivers every byte and stops", "[tcp]") {
    // flow_size_bytes = 1 MB, not a multiple of the mss (the last packet is short); 1% loss.
    // Expected: all bytes acked, the sink holds exactly the flow in order, nothing is left in the
    // event list (the retransmit timer is cancelled) and every packet is back in the pool.
    TcpConfig cfg;
    cfg.flow_size_bytes = 1'000'000;
    TcpPath path(cfg, SimTime::from_ms(20), 1e8, 100);
    for (uint64_t i = 5; i < 666; i += 37) path.dropper.drop_first_transmission_of(i);
    path.start();
    while (path.sim.events().step()) {
    }
    CHECK(path.src.finished());
    CHECK(path.src.bytes_acked() == 1'000'000);
    CHECK(path.sink.cumulative_ack() == 1'000'000);
    CHECK(path.src.retransmissions() >= path.dropper.dropped);
    CHECK(path.sim.pool().in_use() == 0);
}

TEST_CASE("senders built in a caller's cold slots keep their cold state there", "[tcp]") {
    // The contract of TcpSrc::ColdSlot (tcp_src.h): a sender given a slot builds its cold block
    // (the configuration among it) inside that slot, reads back the configuration it was given,
    // and on destruction only destroys the block in place (a free() of the array's storage would
    // be reported by the sanitizer build). Three senders in one array, as the dumbbell keeps them.
    Simulation sim(1);
    ObjectArray<TcpSrc::ColdSlot> slots(3);
    const TcpConfig cfg = tcp_config(7, 30);
    std::vector<std::unique_ptr<TcpSrc>> srcs;
    for (uint32_t i = 0; i < 3; ++i) {
        TcpSrc::ColdSlot& slot = slots.emplace_back();
        srcs.push_back(std::make_unique<TcpSrc>(sim, i, cfg, &slot));
        const auto* config = reinterpret_cast<const unsigned char*>(&srcs.back()->config());
        CHECK(config >= slot.bytes);
        CHECK(config < slot.bytes + sizeof slot.bytes);
        CHECK(srcs.back()->config().initial_window_pkts == 7);
        CHECK(srcs.back()->flow_id() == i);
    }
    srcs.clear();  // before the slots: a slot must outlive its sender
}
