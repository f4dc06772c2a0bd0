// SACK: the sink's blocks (RFC 2018), the sender's scoreboard and RFC 6675 recovery, on loss
// patterns worked by hand in the comments (pipes only, so a window's packets and ACKs arrive
// back to back at whole RTTs), plus a random-loss property: a SACKed segment is never resent.
#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "src/pipe.h"
#include "src/rng.h"
#include "tcp/sack_scoreboard.h"
#include "tcp_test_net.h"

using namespace corelink;
using corelink::testing::AckRecorder;
using corelink::testing::kMss;
using corelink::testing::kMssD;
using corelink::testing::TcpPath;

namespace {

TcpConfig sack_config(uint32_t iw_pkts, double ssthresh_pkts) {
    return corelink::testing::tcp_config(iw_pkts, ssthresh_pkts, TcpVariant::Sack);
}

using Blocks = std::vector<std::pair<uint64_t, uint64_t>>;

void deliver(Simulation& sim, TcpSink& sink, uint64_t index, bool sack_ok = true) {
    corelink::testing::deliver_segment(sim, sink, index, sack_ok ? pkt_flags::kSackOk : 0);
}

// Drops chosen transmissions: segment index -> how many of its transmissions to lose.
class CountingDropper final : public PacketSink {
public:
    explicit CountingDropper(PacketPool& pool) : pool_(pool) {}
    void receive(Packet& p) override {
        auto it = drops.find((p.seqno - 1) / kMss);
        if (it != drops.end() && it->second > 0) {
            --it->second;
            pool_.release(p);
            return;
        }
        p.send_on();
    }
    std::map<uint64_t, int> drops;

private:
    PacketPool& pool_;
};

}  // namespace

TEST_CASE("the sink's SACK blocks follow RFC 2018: the arrival's block first, then recent ones",
          "[tcp][sack]") {
    // 1000-byte segments, byte numbering from 1. Arrivals 0, 2, 3, 5, 1, 4 (hand-worked):
    //   0 -> ack 1000, no block;          2 -> ack 1000, [2001,3000];
    //   3 -> ack 1000, [2001,4000];       5 -> ack 1000, [5001,6000] then [2001,4000];
    //   1 -> ack 4000, [5001,6000] (the cumulative ACK swallowed [2001,4000]);
    //   4 -> ack 6000, no block.
    Simulation sim(1);
    TcpSink sink(sim, 40);
    AckRecorder rec(sim);
    Route ack_route({&rec});
    sink.set_ack_route(ack_route);
    for (uint64_t i : {0, 2, 3, 5, 1, 4}) deliver(sim, sink, i);
    CHECK(rec.acks == std::vector<uint64_t>{1000, 1000, 1000, 1000, 4000, 6000});
    CHECK(rec.blocks[0].empty());
    CHECK(rec.blocks[1] == Blocks{{2001, 3000}});
    CHECK(rec.blocks[2] == Blocks{{2001, 4000}});
    CHECK(rec.blocks[3] == Blocks{{5001, 6000}, {2001, 4000}});
    CHECK(rec.blocks[4] == Blocks{{5001, 6000}});
    CHECK(rec.blocks[5].empty());

    SECTION("a sender that did not offer SACK gets no blocks") {
        for (uint64_t i : {7, 9}) deliver(sim, sink, i, false);
        CHECK(rec.blocks[6].empty());
        CHECK(rec.blocks[7].empty());
    }
    SECTION("a segment that merges two blocks into one reports the merged block first") {
        // Holes at 6 and 8 (arrivals 7, 9: blocks [7001,8000], [9001,10000]), then 8 fills the
        // second hole: one island [7001,10000] is left, and the arrival's block is it.
        for (uint64_t i : {7, 9, 8}) deliver(sim, sink, i);
        CHECK(rec.blocks[7] == Blocks{{9001, 10000}, {7001, 8000}});
        CHECK(rec.blocks[8] == Blocks{{7001, 10000}});
    }
    SECTION("at most three blocks, the newest first") {
        // Holes at 6, 8, 10, 12: arrivals 7, 9, 11, 13 make four islands.
        for (uint64_t i : {7, 9, 11, 13}) deliver(sim, sink, i);
        CHECK(rec.blocks.back() == Blocks{{13001, 14000}, {11001, 12000}, {9001, 10000}});
    }
}

TEST_CASE("goodput does not count data held out of order before the measurement began",
          "[tcp][sink]") {
    // Segments 0, 2, 3 arrive (2 and 3 held above the hole at 1); the measurement starts; then
    // segment 1 arrives and the ACK jumps to 4000. Only segment 1's 1000 bytes crossed the
    // network inside the measurement, so only they count; 2 and 3 count neither here nor later.
    Simulation sim(1);
    TcpSink sink(sim, 40);
    AckRecorder rec(sim);
    Route ack_route({&rec});
    sink.set_ack_route(ack_route);
    for (uint64_t i : {0, 2, 3}) deliver(sim, sink, i);
    sink.start_measurement();
    const uint64_t before = sink.bytes_delivered();
    CHECK(before == 1000);
    deliver(sim, sink, 5);  // arrives inside: counts once delivered
    deliver(sim, sink, 1);
    CHECK(sink.cumulative_ack() == 4000);
    CHECK(sink.bytes_delivered() - before == 1000);
    deliver(sim, sink, 4);
    CHECK(sink.cumulative_ack() == 6000);
    CHECK(sink.bytes_delivered() - before == 3000);  // segments 1, 4 and 5
}

TEST_CASE("the scoreboard counts SACKed segments and finds RFC 6675's lost range", "[tcp][sack]") {
    SackScoreboard sb(4);  // small, so marking far ahead has to grow the ring
    CHECK(sb.mark(5, 6) == 1);
    CHECK(sb.mark(7, 9) == 2);
    CHECK(sb.mark(7, 8) == 0);  // already SACKed
    CHECK(sb.sacked_count() == 3);
    CHECK(sb.sacked_end() == 9);
    CHECK(sb.sacked(5));
    CHECK_FALSE(sb.sacked(6));
    // SACKed: 5, 7, 8. With DupThresh 3 a segment is lost when 3 SACKed segments lie above it:
    // everything below 5 that is not SACKed.
    CHECK(sb.lost_below(3) == 5);
    CHECK(sb.lost_below(2) == 7);
    CHECK(sb.mark(40, 42) == 2);  // beyond the ring: it grows, keeping 5, 7, 8
    CHECK(sb.sacked(5));
    CHECK(sb.sacked(8));
    CHECK(sb.lost_below(3) == 8);
    sb.advance_to(8);  // the cumulative ACK passed 0..7
    CHECK(sb.sacked_count() == 3);
    CHECK_FALSE(sb.sacked(5));
    sb.advance_to(100);
    CHECK(sb.sacked_count() == 0);
    CHECK(sb.lost_below(3) == 100);
    CHECK(sb.mark(100, 101) == 1);
}

TEST_CASE("a scoreboard created without a ring behaves as one with", "[tcp][sack]") {
    // The ring is storage only (a non-SACK sender's scoreboard has none until its first mark()):
    // the same calls give the same answers as on the scoreboard above (same expected values).
    SackScoreboard sb(0);
    CHECK(sb.sacked_count() == 0);
    CHECK_FALSE(sb.sacked(0));
    CHECK(sb.lost_below(3) == 0);
    sb.advance_to(5);  // the cumulative ACK moves before anything is SACKed
    CHECK(sb.base() == 5);
    CHECK(sb.mark(7, 9) == 2);
    CHECK(sb.mark(10, 11) == 1);
    CHECK(sb.sacked(7));
    CHECK_FALSE(sb.sacked(9));
    CHECK(sb.lost_below(3) == 7);  // SACKed 7, 8, 10: not-SACKed 5, 6 lie below three of them
    CHECK(sb.mark(40, 42) == 2);
    CHECK(sb.sacked(10));
    CHECK(sb.sacked_count() == 5);
}

TEST_CASE("SACK, one loss: limited transmit, then RFC 6675 recovery paced by the pipe",
          "[tcp][sack]") {
    // cwnd = ssthresh = 20, segment 0 lost. At t = RTT the ACKs of 1..19 arrive, each SACKing one
    // more segment (k = 1..19):
    //   k = 1, 2: limited transmit [RFC 3042] sends new segments 20, 21, cwnd stays 20;
    //   k = 3: recovery: ssthresh = cwnd = 10, segment 0 resent, HighRxt = 0;
    //   then pipe = 1 (segment 0, resent) + (21 - k) (un-SACKed segments above the lost range)
    //   + n (new segments since), and a segment goes out while pipe <= cwnd - 1 = 9, i.e. for
    //   k = 13..19: 7 new segments (22..28).
    // At 2 RTT: the ACKs of 20 and 21 (k = 20, 21) release 29 and 30; the ACK of the resent 0
    // covers RecoveryPoint (21) and ends recovery with cwnd = ssthresh = 10 and 9 segments out,
    // so one more (31) leaves: 20 + 2 + 1 + 9 + 1 = 33 packets sent in all.
    const SimTime rtt = SimTime::from_ms(100);
    TcpPath path(sack_config(20, 20), rtt);
    path.dropper.drop_first_transmission_of(0);
    std::vector<double> cwnd;
    std::vector<bool> recovering;
    std::vector<uint64_t> sent;
    path.tap.after = [&] {
        cwnd.push_back(path.src.cwnd_bytes() / kMssD);
        recovering.push_back(path.src.in_fast_recovery());
        sent.push_back(path.src.packets_sent());
    };
    path.start();
    path.run_until(rtt + SimTime::from_ms(1));
    REQUIRE(cwnd.size() == 19);
    CHECK(sent[0] == 21);
    CHECK(sent[1] == 22);
    CHECK(cwnd[1] == 20);
    CHECK(recovering[2]);
    CHECK(cwnd[2] == 10);
    CHECK(path.src.ssthresh_bytes() == 10 * kMssD);
    CHECK(sent[2] == 23);
    CHECK(sent[11] == 23);  // k = 12: pipe 10, nothing
    CHECK(sent[12] == 24);  // k = 13: pipe 9, one new segment
    CHECK(sent[18] == 30);
    CHECK(path.src.retransmissions() == 1);

    path.run_until(rtt * 2 + SimTime::from_ms(1));
    REQUIRE(cwnd.size() > 21);
    CHECK(sent[19] == 31);
    CHECK(sent[20] == 32);
    CHECK_FALSE(recovering[21]);
    CHECK(cwnd[21] == 10);
    CHECK(sent[21] == 33);
    CHECK(path.src.retransmissions() == 1);
    CHECK(path.src.fast_recoveries() == 1);
    CHECK(path.src.timeouts() == 0);
}

TEST_CASE("SACK, three losses in one window: every hole is resent within one RTT", "[tcp][sack]") {
    // cwnd = ssthresh = 20, segments 0, 2 and 4 lost. SACKs of 1 and 3 trigger limited transmit
    // (20, 21); the SACK of 5 makes three SACKed segments: recovery, resend 0 (lost: 1, 3, 5 lie
    // above it). Each later ACK SACKs segment j and moves the lost range up to j - 2, while
    // pipe = 1 + (21 - j) + (holes resent besides 0) + (new segments); it first allows a segment
    // at j = 13, when NextSeg rule 1 picks hole 2, then hole 4 at j = 14, then new data. NewReno
    // would need one RTT per hole; RFC 6675 resends all three by t = RTT. At 2 RTT the resent
    // segments' ACKs (partial, partial, full) end recovery with ssthresh 10 and no timeout.
    const SimTime rtt = SimTime::from_ms(100);
    TcpPath path(sack_config(20, 20), rtt);
    for (uint64_t i : {0, 2, 4}) path.dropper.drop_first_transmission_of(i);
    path.start();
    path.run_until(rtt + SimTime::from_ms(1));
    CHECK(path.src.in_fast_recovery());
    CHECK(path.src.retransmissions() == 3);
    CHECK(path.src.high_rxt() == 5 * kMss);  // the last byte of segment 4
    path.run_until(rtt * 2 + SimTime::from_ms(1));
    CHECK_FALSE(path.src.in_fast_recovery());
    CHECK(path.src.ssthresh_bytes() == 10 * kMssD);
    CHECK(path.src.retransmissions() == 3);
    CHECK(path.src.fast_recoveries() == 1);
    CHECK(path.src.timeouts() == 0);
    CHECK(path.sink.out_of_order_segments() == 0);
}

TEST_CASE("SACK, a lost retransmission: the timeout resends only what was never SACKed",
          "[tcp][sack]") {
    // Segment 0 is lost, and so is its retransmission at t = RTT. RFC 6675 cannot see that
    // (no new cumulative ACK), so the retransmission timer, armed at t = 0 with the initial RTO
    // of 1 s and never restarted (nothing new is acknowledged), fires at t = 1 s. Go-back-N then
    // resends segment 0 only: everything else sent before reached the sink and was SACKed, so
    // the third transmission of 0 completes the whole sequence. Total retransmissions: 2.
    const SimTime rtt = SimTime::from_ms(100);
    Simulation sim(1);
    TcpConfig cfg = sack_config(20, 20);
    Pipe fwd(sim.events(), rtt / 2), rev(sim.events(), rtt / 2);
    CountingDropper dropper(sim.pool());
    dropper.drops[0] = 2;
    TcpSink sink(sim, cfg.ack_bytes);
    TcpSrc src(sim, 0, cfg);
    Route data({&dropper, &fwd, &sink}), ack({&rev, &src});
    sink.set_ack_route(ack);
    src.connect(data, sink, SimTime::zero());
    sim.events().run_until(SimTime::from_ms(999));
    CHECK(src.timeouts() == 0);
    CHECK(src.retransmissions() == 1);
    CHECK(src.in_fast_recovery());
    const uint64_t sent_before = src.highest_sent();
    sim.events().run_until(SimTime::from_ms(1001));
    CHECK(src.timeouts() == 1);
    CHECK(src.retransmissions() == 2);
    sim.events().run_until(SimTime::from_ms(1000) + rtt + SimTime::from_ms(1));
    CHECK(src.last_acked() >= sent_before);  // the one resend filled the only hole
    CHECK(src.retransmissions() == 2);
    CHECK(src.timeouts() == 1);
}

namespace {

// Checks every data packet as it leaves the sender: a retransmission must not be of a segment
// the sender's scoreboard holds as SACKed.
class SackChecker final : public PacketSink {
public:
    explicit SackChecker(const TcpSrc*& src) : src_(src) {}
    void receive(Packet& p) override {
        const uint64_t seg = (p.seqno - 1) / kMss;
        ++packets;
        if (src_->scoreboard().sacked(seg)) ++sacked_resent;
        p.send_on();
    }
    uint64_t packets = 0;
    uint64_t sacked_resent = 0;

private:
    const TcpSrc*& src_;
};

// Loses each packet with probability `p`.
class RandomDropper final : public PacketSink {
public:
    RandomDropper(PacketPool& pool, Rng rng, double p) : pool_(pool), rng_(rng), p_(p) {}
    void receive(Packet& pk) override {
        if (rng_.bernoulli(p_)) {
            pool_.release(pk);
            return;
        }
        pk.send_on();
    }

private:
    PacketPool& pool_;
    Rng rng_;
    double p_;
};

}  // namespace

TEST_CASE("SACK: over random losses the sender never resends a SACKed segment", "[tcp][sack]") {
    // A property over seeds and loss rates (1-10%, bursts and lost retransmissions included),
    // on a 10 Mb/s link with a small buffer so that losses also come from overflow.
    for (uint64_t seed = 1; seed <= 6; ++seed) {
        const double loss = 0.01 * static_cast<double>(1 + (seed * 3) % 10);
        DYNAMIC_SECTION("seed " << seed << " loss " << loss) {
            Simulation sim(seed);
            TcpConfig cfg = sack_config(10, std::numeric_limits<double>::infinity());
            cfg.min_rto = SimTime::from_ms(20);
            const TcpSrc* observed = nullptr;
            SackChecker checker(observed);
            RandomDropper dropper(sim.pool(), sim.make_rng(), loss);
            Server link(sim.events(), sim.make_rng(), ServiceModel::link(10e6),
                        std::make_unique<DropTailQueue>(sim.events(), sim.pool(),
                                                        QueueLimits::in_packets(20)));
            Pipe fwd(sim.events(), SimTime::from_ms(5)), rev(sim.events(), SimTime::from_ms(5));
            TcpSink sink(sim, cfg.ack_bytes);
            TcpSrc src(sim, 0, cfg);
            observed = &src;
            Route data({&checker, &dropper, &link, &fwd, &sink}), ack({&rev, &src});
            sink.set_ack_route(ack);
            src.connect(data, sink, SimTime::zero());
            sim.events().run_until(SimTime::from_sec(5));
            INFO("packets " << checker.packets << " retransmissions " << src.retransmissions());
            CHECK(checker.packets > 1000);
            CHECK(src.retransmissions() > 10);
            CHECK(src.fast_recoveries() > 0);
            CHECK(checker.sacked_resent == 0);
            // Conservation: what the sink delivered is what the sender saw acknowledged.
            CHECK(sink.cumulative_ack() >= src.last_acked());
        }
    }
}
