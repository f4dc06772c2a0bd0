// Delayed ACKs (RFC 1122 §4.2.3.2, RFC 5681 §4.2), the DCTCP receiver's CE state machine on top
// of them (RFC 8257 §3.2), and the classic ECN receiver's ECE latched until CWR (RFC 3168 §6.1.3).
// Every expected ACK sequence is worked by hand in the comments: segments of 1000 bytes, so the
// ACK after segment i in order is 1000 (i + 1).
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "mptcp/mptcp_sink.h"
#include "mptcp/mptcp_src.h"
#include "tcp_test_net.h"

using namespace corelink;
using corelink::testing::AckRecorder;
using corelink::testing::kMssD;
using corelink::testing::tcp_config;
using corelink::testing::TcpPath;

namespace {

constexpr uint8_t kCe = pkt_flags::kEcnCapable | pkt_flags::kEcnCe;
constexpr uint8_t kCwr = pkt_flags::kEcnCapable | pkt_flags::kCwr;

// A sink opened as a connection with 1000-byte segments would open it.
struct SinkBench {
    explicit SinkBench(TcpVariant v, bool ecn, bool delayed, SimTime timeout = SimTime::from_ms(1))
        : sim(1), sink(sim), rec(sim), ack_route({&rec}) {
        TcpConfig cfg;
        cfg.mss_bytes = corelink::testing::kSegBytes;
        cfg.ecn = ecn;
        cfg.apply(v);
        cfg.delayed_ack = delayed;
        cfg.delack_timeout = timeout;
        sink.open(cfg);
        sink.set_ack_route(ack_route);
    }
    void deliver(uint64_t index, uint8_t flags = 0, SimTime sent = SimTime::zero()) {
        corelink::testing::deliver_segment(sim, sink, index, flags, sent);
    }
    Simulation sim;
    TcpSink sink;
    AckRecorder rec;
    Route ack_route;
};

}  // namespace

TEST_CASE("delayed ACKs: one ACK per two in-order segments, the timer for a lone one",
          "[tcp][delack]") {
    // Segments 0..4 arrive in order at t = 0, segment i sent at i µs. Segment 1 brings 2000
    // unacknowledged bytes (> one mss): ACK 2000, echoing segment 0's send time (the earliest it
    // covers, RFC 7323 §4.3); likewise segment 3: ACK 4000 echoing 2 µs. Segment 4 is alone: the
    // 1 ms timer sends ACK 5000 at exactly t = 1 ms, not before.
    SinkBench b(TcpVariant::NewReno, false, true);
    REQUIRE(b.sink.delays_acks());
    for (uint64_t i = 0; i < 5; ++i) b.deliver(i, 0, SimTime::from_us(static_cast<double>(i)));
    CHECK(b.rec.acks == std::vector<uint64_t>{2000, 4000});
    CHECK(b.rec.echoes == std::vector<SimTime>{SimTime::zero(), SimTime::from_us(2)});
    b.sim.events().run_until(SimTime::from_ms(1) - SimTime::from_ps(1));
    CHECK(b.rec.acks.size() == 2);
    b.sim.events().run_until(SimTime::from_ms(1));
    REQUIRE(b.rec.acks.size() == 3);
    CHECK(b.rec.acks[2] == 5000);
    CHECK(b.rec.echoes[2] == SimTime::from_us(4));
    CHECK(b.rec.times[2] == SimTime::from_ms(1));
    CHECK(b.sink.delack_timer_acks() == 1);
    CHECK(b.sink.acks_sent() == 3);
    // The timer is not left armed: a new lone segment at 5 ms is ACKed at 6 ms.
    b.sim.events().run_until(SimTime::from_ms(5));
    b.deliver(5);
    b.sim.events().run_until(SimTime::from_ms(10));
    CHECK(b.rec.acks.back() == 6000);
    CHECK(b.rec.times.back() == SimTime::from_ms(6));
    CHECK(b.sink.delack_timer_acks() == 2);
    CHECK(b.sim.pool().in_use() == 0);
}

TEST_CASE("delayed ACKs: a gap, its filling and a duplicate are ACKed at once, with SACK blocks",
          "[tcp][delack][sack]") {
    // Arrivals 0, 2, 3, 1, 4, 4 (SACK-permitted):
    //   0: in order, alone: held back;
    //   2: above a hole: ACK 1000 at once (covering 0), SACK [2001, 3000];
    //   3: above the hole: ACK 1000, SACK [2001, 4000];
    //   1: fills the hole: ACK 4000 at once, no blocks left;
    //   4: in order, alone: held back;
    //   4 again: a duplicate: ACK 5000 at once (covering the held 4).
    // The timer never fires: every pending ACK went out with an immediate one.
    SinkBench b(TcpVariant::Sack, false, true);
    for (uint64_t i : {0, 2, 3, 1, 4, 4}) b.deliver(i, pkt_flags::kSackOk);
    using Blocks = std::vector<std::pair<uint64_t, uint64_t>>;
    CHECK(b.rec.acks == std::vector<uint64_t>{1000, 1000, 4000, 5000});
    REQUIRE(b.rec.blocks.size() == 4);
    CHECK(b.rec.blocks[0] == Blocks{{2001, 3000}});
    CHECK(b.rec.blocks[1] == Blocks{{2001, 4000}});
    CHECK(b.rec.blocks[2].empty());
    CHECK(b.rec.blocks[3].empty());
    b.sim.events().run_until(SimTime::from_ms(10));
    CHECK(b.rec.acks.size() == 4);
    CHECK(b.sink.delack_timer_acks() == 0);
    CHECK(b.sink.duplicates_received() == 1);
}

TEST_CASE("DCTCP receiver with delayed ACKs: a CE change ACKs the earlier data with the old ECE",
          "[tcp][delack][dctcp]") {
    // RFC 8257 §3.2, with its two-ACK option. Segments 0..7, CE on 3, 4, 5:
    //   0: CE state 0, held;            1: ACK 2000, ECE 0 (two segments);
    //   2: held;                        3 (CE): state 0 -> 1: ACK 3000 with the old ECE 0
    //                                      (segment 2), then ACK 4000 with ECE 1 at once;
    //   4 (CE): held;                   5 (CE): ACK 6000, ECE 1;
    //   6: state 1 -> 0, nothing held: ACK 7000, ECE 0 at once;
    //   7: held; the timer: ACK 8000, ECE 0.
    // So the bytes the ECE ACKs acknowledge are exactly the 3000 marked ones, the fraction the
    // sender's alpha estimates (RFC 8257 §3.3).
    SinkBench b(TcpVariant::Dctcp, true, true);
    for (uint64_t i = 0; i < 8; ++i) b.deliver(i, i >= 3 && i <= 5 ? kCe : pkt_flags::kEcnCapable);
    b.sim.events().run_until(SimTime::from_ms(2));
    CHECK(b.rec.acks == std::vector<uint64_t>{2000, 3000, 4000, 6000, 7000, 8000});
    CHECK(b.rec.ece == std::vector<bool>{false, false, true, true, false, false});
    uint64_t echoed_bytes = 0, prev = 0;
    for (size_t i = 0; i < b.rec.acks.size(); ++i) {
        if (b.rec.ece[i]) echoed_bytes += b.rec.acks[i] - prev;
        prev = b.rec.acks[i];
    }
    CHECK(echoed_bytes == 3000);
    CHECK(b.sink.delack_timer_acks() == 1);
}

TEST_CASE("classic ECN receiver: ECE latched from CE until CWR", "[tcp][ecn]") {
    // RFC 3168 §6.1.3. Arrivals 0, 1 CE, 2, 3, 4 CWR, 5, 6 CE, 7 CE+CWR, 8, 9 CWR:
    // ECE from 1 through 3; 4's CWR ends it; 6 starts it again; 7's CWR ends it and its own CE
    // starts a new one at once, so 8 still echoes; 9's CWR ends it.
    const std::vector<uint8_t> flags{0, kCe, 0, 0, kCwr, 0, kCe, kCe | kCwr, 0, kCwr};
    const std::vector<bool> latched{false, true, true, true, false, false, true, true, true, false};
    // A DCTCP receiver (and a sink never opened) echoes each packet's own CE, ignoring CWR.
    const std::vector<bool> per_packet{false, true, false, false, false,
                                       false, true, true,  false, false};
    for (const bool dctcp : {false, true}) {
        SinkBench b(dctcp ? TcpVariant::Dctcp : TcpVariant::NewReno, true, false);
        for (uint64_t i = 0; i < flags.size(); ++i)
            b.deliver(i, static_cast<uint8_t>(flags[i] | pkt_flags::kEcnCapable));
        CHECK(b.rec.ece == (dctcp ? per_packet : latched));
    }
    SECTION("with delayed ACKs an ACK echoes ECE if any packet it covers asked for it") {
        // 0 CE, 1: ACK 2000 ECE 1. 2 CWR, 3: ACK 4000 ECE 0 (the latch ended on 2).
        // 4 CE, 5 CWR: ACK 6000 ECE 1: the CWR on 5 must not hide 4's mark. 6, 7: ACK 8000 ECE 0.
        SinkBench b(TcpVariant::NewReno, true, true);
        const std::vector<uint8_t> f{kCe, 0, kCwr, 0, kCe, kCwr, 0, 0};
        for (uint64_t i = 0; i < f.size(); ++i)
            b.deliver(i, static_cast<uint8_t>(f[i] | pkt_flags::kEcnCapable));
        CHECK(b.rec.acks == std::vector<uint64_t>{2000, 4000, 6000, 8000});
        CHECK(b.rec.ece == std::vector<bool>{true, false, true, false});
    }
}

TEST_CASE("with delayed ACKs slow start still doubles per RTT on half as many ACKs",
          "[tcp][delack]") {
    // Pipes only: each window arrives at once, an even number of segments, so the receiver
    // ACKs every second one and the timer never fires. Each ACK acknowledges 2 mss and slow start
    // credits up to 2 mss per ACK (RFC 3465, L = 2): cwnd 10 -> 20 -> 40 -> 80 at 1, 2, 3 RTT
    // (with L = 1 it would be 10 -> 15). By 3 RTT the sink has had 10 + 20 + 40 = 70 segments
    // and sent 35 ACKs.
    const SimTime rtt = SimTime::from_ms(100);
    TcpConfig cfg = tcp_config(10, std::numeric_limits<double>::infinity());
    cfg.delayed_ack = true;
    TcpPath path(cfg, rtt);
    path.start();
    for (int k = 1; k <= 3; ++k) {
        path.run_until(rtt * k + SimTime::from_ms(1));
        CHECK(path.src.cwnd_bytes() == (10 << k) * kMssD);
    }
    CHECK(path.sink.packets_received() == 70);
    CHECK(path.sink.acks_sent() == 35);
    CHECK(path.sink.delack_timer_acks() == 0);
    CHECK(path.src.retransmissions() == 0);
}

TEST_CASE("a delayed ACK's RTT sample includes the delay", "[tcp][delack]") {
    // IW 3, RTT 100 ms, delayed-ACK timeout 10 ms. Segments 0-2 arrive at 50 ms: ACK (0, 1) at
    // once, echoing t = 0, back at 100 ms: sample 100 ms, srtt = 100 ms, cwnd 3 + 2 = 5.
    // Segment 2 waits for the timer (60 ms), its ACK echoes t = 0 and is back at 110 ms: sample
    // 110 ms, srtt = 7/8 100 + 1/8 110 = 101.25 ms (RFC 6298), cwnd 6.
    const SimTime rtt = SimTime::from_ms(100);
    TcpConfig cfg = tcp_config(3, std::numeric_limits<double>::infinity());
    cfg.delayed_ack = true;
    cfg.delack_timeout = SimTime::from_ms(10);
    TcpPath path(cfg, rtt);
    path.start();
    path.run_until(SimTime::from_ms(101));
    CHECK(path.src.srtt() == SimTime::from_ms(100));
    CHECK(path.src.cwnd_bytes() == 5 * kMssD);
    path.run_until(SimTime::from_ms(111));
    CHECK(path.src.srtt() == SimTime::from_us(101250));
    CHECK(path.src.cwnd_bytes() == 6 * kMssD);
    CHECK(path.sink.delack_timer_acks() == 1);
    CHECK(path.sink.acks_sent() == 2);
}

TEST_CASE("MPTCP subflows delay their ACKs too", "[tcp][delack][mptcp]") {
    // Two subflows over pipes only (no loss): each is an ordinary TcpSrc in slow start, opened
    // with delayed ACKs by connect(). As for one TCP above, by 3 RTT each subflow sink has had
    // 70 segments and sent 35 ACKs, and the connection has delivered all 140 in order.
    const SimTime rtt = SimTime::from_ms(100);
    Simulation sim(1);
    TcpConfig cfg = tcp_config(10, std::numeric_limits<double>::infinity());
    cfg.delayed_ack = true;
    MptcpSrc src(sim, MptcpCc::Lia, cfg);
    MptcpSink sink(sim, cfg.mss_bytes);
    Pipe fwd(sim.events(), rtt / 2), rev(sim.events(), rtt / 2);
    std::vector<std::unique_ptr<Route>> routes;
    for (uint32_t k = 0; k < 2; ++k) {
        MptcpSubflow& sub = src.add_subflow(k);
        MptcpSubflowSink& end = sink.add_subflow(
            *routes.emplace_back(std::make_unique<Route>(std::vector<PacketSink*>{&rev, &sub})));
        sub.connect(
            *routes.emplace_back(std::make_unique<Route>(std::vector<PacketSink*>{&fwd, &end})),
            end.tcp(), SimTime::zero());
    }
    sim.events().run_until(rtt * 3 + SimTime::from_ms(1));
    for (size_t k = 0; k < 2; ++k) {
        const TcpSink& s = sink.subflow(k).tcp();
        CHECK(s.delays_acks());
        CHECK(s.packets_received() == 70);
        CHECK(s.acks_sent() == 35);
    }
    CHECK(sink.data_ack() == 140 * cfg.mss_bytes);
}
