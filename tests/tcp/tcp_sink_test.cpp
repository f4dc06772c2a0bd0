// The TCP sink: cumulative ACK per data packet, timestamp and ECN echo, reordering buffer.
#include <catch2/catch.hpp>

#include <vector>

#include "src/pipe.h"
#include "tcp_test_net.h"

using namespace corelink;

using corelink::testing::AckRecorder;

namespace {

void deliver(Simulation& sim, TcpSink& sink, uint64_t index, uint8_t flags = 0,
             SimTime sent = SimTime::zero()) {
    corelink::testing::deliver_segment(sim, sink, index, flags, sent);
}

}  // namespace

TEST_CASE("the sink ACKs every packet cumulatively across holes", "[tcp][sink]") {
    // Segments of 1000 bytes; byte numbering from 1, so the ACK after segment i in order is
    // (i+1)*1000. Arrival order 0, 2, 3, 1, 1, 5, 4: holes are reported by duplicate ACKs, a
    // filled hole jumps the ACK over everything buffered, a repeat is a duplicate.
    Simulation sim(1);
    TcpSink sink(sim, 40);
    AckRecorder rec(sim);
    Route ack_route({&rec});
    sink.set_ack_route(ack_route);
    for (uint64_t i : {0, 2, 3, 1, 1, 5, 4}) deliver(sim, sink, i);
    CHECK(rec.acks == std::vector<uint64_t>{1000, 1000, 1000, 4000, 4000, 4000, 6000});
    CHECK(sink.cumulative_ack() == 6000);
    CHECK(sink.packets_received() == 7);
    CHECK(sink.duplicates_received() == 1);
    CHECK(sink.out_of_order_segments() == 0);
    CHECK(rec.sizes == std::vector<uint32_t>(7, 40));
    CHECK(rec.kinds == std::vector<PacketKind>(7, PacketKind::Ack));
    CHECK(sim.pool().in_use() == 0);
}

TEST_CASE("the sink buffers out-of-order segments in any order and ignores repeats",
          "[tcp][sink]") {
    // 0 missing; 9, 3, 6, 3 (repeat), 1..8 arrive out of order; then 0 arrives: ACK = 10 segs.
    Simulation sim(1);
    TcpSink sink(sim);
    AckRecorder rec(sim);
    Route ack_route({&rec});
    sink.set_ack_route(ack_route);
    for (uint64_t i : {9, 3, 6, 3, 1, 2, 4, 5, 7, 8}) deliver(sim, sink, i);
    CHECK(sink.cumulative_ack() == 0);
    CHECK(sink.out_of_order_segments() == 9);
    CHECK(sink.duplicates_received() == 1);
    deliver(sim, sink, 0);
    CHECK(rec.acks.back() == 10000);
    CHECK(sink.out_of_order_segments() == 0);
}

TEST_CASE("the sink's reorder buffer stays exact as holes open and close again", "[tcp][sink]") {
    // The buffer holds one interval inline and more in a heap block it keeps; this walks it from
    // one interval to two (spill), back to one (inline again), to three (the kept block reused),
    // and to none. Expected ACKs: the highest in-order byte after each arrival (segments of 1000
    // bytes from byte 1), so a hole holds the ACK at its first byte - 1.
    Simulation sim(1);
    TcpSink sink(sim);
    AckRecorder rec(sim);
    Route ack_route({&rec});
    sink.set_ack_route(ack_route);
    std::vector<size_t> held;
    for (uint64_t i : {0, 2, 4, 3, 6, 8, 1, 5, 7}) {
        deliver(sim, sink, i);
        held.push_back(sink.out_of_order_segments());
    }
    CHECK(rec.acks == std::vector<uint64_t>{1000, 1000, 1000, 1000, 1000, 1000, 5000, 7000, 9000});
    CHECK(held == std::vector<size_t>{0, 1, 2, 3, 4, 5, 2, 1, 0});
    CHECK(sink.duplicates_received() == 0);
    CHECK(sink.cumulative_ack() == 9000);
}

TEST_CASE("the sink echoes the send time and a CE mark", "[tcp][sink]") {
    Simulation sim(1);
    TcpSink sink(sim);
    AckRecorder rec(sim);
    Route ack_route({&rec});
    sink.set_ack_route(ack_route);
    deliver(sim, sink, 0, pkt_flags::kEcnCapable, SimTime::from_us(5));
    deliver(sim, sink, 1, pkt_flags::kEcnCapable | pkt_flags::kEcnCe, SimTime::from_us(7));
    CHECK(rec.echoes == std::vector<SimTime>{SimTime::from_us(5), SimTime::from_us(7)});
    CHECK(rec.ece == std::vector<bool>{false, true});
}

namespace {
// Keeps the one ACK it receives, so a test can read every field of it.
class KeepAck final : public PacketSink {
public:
    void receive(Packet& p) override { ack = &p; }
    Packet* ack = nullptr;
};
}  // namespace

TEST_CASE("the sink's ACK is exactly a fresh ACK whatever the data packet carried", "[tcp][sink]") {
    // The ACK of an ACK-per-packet sink is built in the data packet itself. Expected values are
    // those of an ACK built from a freshly reset packet: kind Ack, the sink's ACK size, the
    // cumulative ACK, the data packet's flow, subflow, seqno, send time (echoed) and MPTCP
    // mapping; of the flags only kDataSeq carries over, plus kEcnEcho for a CE mark; no SACK
    // blocks for a sender that did not offer SACK; no service time left from the data path. The
    // pool counts the data packet as released and the ACK as a new packet: one in use, one
    // released, as a release plus an alloc would leave it.
    Simulation sim(1);
    TcpSink sink(sim, 52);
    KeepAck keep;
    Route ack_route({&keep});
    sink.set_ack_route(ack_route);
    Packet& p = sim.pool().alloc();
    p.kind = PacketKind::Data;
    p.flow_id = 11;
    p.subflow = 3;
    p.size_bytes = 1000;
    p.seqno = 1;
    p.sent_time = SimTime::from_us(42);
    p.cost = SimTime::from_us(8);  // left by the bottleneck that served it
    p.flags = pkt_flags::kEcnCapable | pkt_flags::kEcnCe | pkt_flags::kCwr | pkt_flags::kDataSeq;
    p.data_seq = 777;
    const uint64_t released_before = sim.pool().released();
    sink.receive(p);
    REQUIRE(keep.ack != nullptr);
    const Packet& ack = *keep.ack;
    CHECK(ack.kind == PacketKind::Ack);
    CHECK(ack.size_bytes == 52);
    CHECK(ack.ackno == 1000);
    CHECK(ack.flow_id == 11);
    CHECK(ack.subflow == 3);
    CHECK(ack.seqno == 1);
    CHECK(ack.sent_time == SimTime::from_us(42));
    CHECK(ack.flags == (pkt_flags::kDataSeq | pkt_flags::kEcnEcho));
    CHECK(ack.data_seq == 777);
    CHECK(ack.sack_count == 0);
    CHECK(ack.cost == SimTime::zero());
    CHECK(ack.route == &ack_route);
    CHECK(ack.next_hop == 1);
    CHECK(sim.pool().in_use() == 1);
    CHECK(sim.pool().released() == released_before + 1);
    sim.pool().release(*keep.ack);
}
