// The synthetic frames and the pcap file layout, checked byte by byte against the formats'
// definitions: IPv4 (RFC 791), TCP (RFC 793/9293), ECN (RFC 3168 §5, §6.1), SACK (RFC 2018 §3),
// the Internet checksum (RFC 1071) and the libpcap file format (nanosecond magic 0xa1b23c4d).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "src/pcap_writer.h"

using namespace corelink;

namespace {

uint32_t get16(const uint8_t* b) {
    return (uint32_t{b[0]} << 8) | b[1];
}
uint32_t get32(const uint8_t* b) {
    return (get16(b) << 16) | get16(b + 2);
}
uint32_t get32le(const uint8_t* b) {
    return uint32_t{b[0]} | (uint32_t{b[1]} << 8) | (uint32_t{b[2]} << 16) | (uint32_t{b[3]} << 24);
}
// A header whose checksum is right sums to 0xffff in one's complement (RFC 1071).
uint32_t ones_sum(const uint8_t* b, size_t n, uint32_t acc = 0) {
    for (size_t i = 0; i + 1 < n; i += 2) acc += get16(b + i);
    if (n % 2) acc += uint32_t{b[n - 1]} << 8;
    while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
    return acc;
}

constexpr size_t kEth = 14, kIp = 20;

struct Frame {
    std::array<uint8_t, 2048> bytes{};
    uint32_t orig = 0;
    const uint8_t* ip() const { return bytes.data() + kEth; }
    const uint8_t* tcp() const { return bytes.data() + kEth + kIp; }
};

Frame encode(const Packet& p, std::vector<SackRange> sack = {}, uint32_t snaplen = 2048) {
    Frame f;
    f.orig = encode_frame(p, sack, 7, snaplen, f.bytes);
    return f;
}

Packet data_packet(uint32_t flow, uint64_t seqno, uint32_t size = 1500) {
    Packet p;
    p.kind = PacketKind::Data;
    p.flow_id = flow;
    p.seqno = seqno;
    p.size_bytes = size;
    return p;
}

}  // namespace

TEST_CASE("a data packet becomes sender->receiver TCP with the simulator's sequence number",
          "[pcap]") {
    // 2^32 + 5: TCP's 32-bit sequence field wraps (RFC 9293 §3.4), so the wire shows 5.
    const Frame f = encode(data_packet(0x1234, (uint64_t{1} << 32) + 5));
    // Frame = 14 Ethernet + 20 IPv4 + 20 TCP + 1500 payload (the packet's sequence space).
    CHECK(f.orig == 1554);
    CHECK(get16(f.bytes.data() + 12) == 0x0800);
    CHECK(f.ip()[0] == 0x45);
    CHECK(get16(f.ip() + 2) == 1540);
    CHECK(f.ip()[9] == 6);
    // The documented mapping: 10.1.H.L -> 10.2.H.L, ports 32768 + (id >> 16) -> 5001 + subflow.
    CHECK(get32(f.ip() + 12) == ((10U << 24) | (1U << 16) | 0x1234));
    CHECK(get32(f.ip() + 16) == ((10U << 24) | (2U << 16) | 0x1234));
    CHECK(get16(f.tcp()) == 32768);
    CHECK(get16(f.tcp() + 2) == 5001);
    CHECK(get32(f.tcp() + 4) == 5);
    CHECK(get32(f.tcp() + 8) == 1);
    CHECK(f.tcp()[12] >> 4 == 5);  // data offset in 32-bit words
    CHECK(f.tcp()[13] == 0x10);    // ACK only
    CHECK(ones_sum(f.ip(), kIp) == 0xffff);
}

TEST_CASE("a data packet sent after a window reduction carries CWR", "[pcap]") {
    // RFC 3168 §6.1.2; the TCP flags byte: CWR 0x80 | ACK 0x10. An ACK never carries it.
    Packet p = data_packet(1, 1);
    p.flags = pkt_flags::kEcnCapable | pkt_flags::kCwr;
    CHECK(encode(p).tcp()[13] == (0x80 | 0x10));
    Packet a;
    a.kind = PacketKind::Ack;
    a.size_bytes = 40;
    a.flags = pkt_flags::kCwr;
    CHECK(encode(a).tcp()[13] == 0x10);
}

TEST_CASE("an ACK goes receiver->sender and acknowledges the next byte expected", "[pcap]") {
    Packet a;
    a.kind = PacketKind::Ack;
    a.flow_id = 70000;  // above 16 bits: the sender port carries the high bits
    a.size_bytes = 40;
    // The simulator's ackno is the last byte received; TCP's is the next one expected, and
    // 2^32 - 1 + 1 wraps to 0.
    a.ackno = (uint64_t{1} << 32) - 1;
    a.flags = pkt_flags::kEcnEcho;
    const Frame f = encode(a);
    CHECK(f.orig == 54);
    CHECK(get16(f.ip() + 2) == 40);
    CHECK(get32(f.ip() + 12) == ((10U << 24) | (2U << 16) | (70000 & 0xffff)));
    CHECK(get16(f.tcp()) == 5001);
    CHECK(get16(f.tcp() + 2) == 32768 + 1);
    CHECK(get32(f.tcp() + 4) == 1);
    CHECK(get32(f.tcp() + 8) == 0);
    CHECK(f.tcp()[13] == (0x10 | 0x40));  // ACK + ECE
    CHECK((f.ip()[1] & 3) == 0);          // ACKs are not ECN-capable (RFC 3168 §6.1.4)
}

TEST_CASE("ECN codepoints: ECT(0) when capable, CE when marked", "[pcap]") {
    Packet p = data_packet(1, 1);
    CHECK((encode(p).ip()[1] & 3) == 0);
    p.flags = pkt_flags::kEcnCapable;
    CHECK((encode(p).ip()[1] & 3) == 2);
    p.flags |= pkt_flags::kEcnCe;
    CHECK((encode(p).ip()[1] & 3) == 3);
}

TEST_CASE("the TCP checksum covers the zero payload exactly, even when truncated", "[pcap]") {
    // The pseudo-header sum plus the header and the (all-zero) payload must be 0xffff; zeros
    // add nothing, so summing header and pseudo-header suffices.
    const Frame f = encode(data_packet(3, 12345), {}, 64);
    uint8_t pseudo[12] = {};
    std::copy(f.ip() + 12, f.ip() + 20, pseudo);
    pseudo[9] = 6;
    pseudo[10] = static_cast<uint8_t>((20 + 1500) >> 8);
    pseudo[11] = static_cast<uint8_t>(20 + 1500);
    CHECK(ones_sum(f.tcp(), 20, ones_sum(pseudo, 12)) == 0xffff);
}

TEST_CASE("SACK blocks become a kind-5 option with right edges one past the last byte", "[pcap]") {
    const Frame f = encode(data_packet(0, 1), {{3001, 4500}, {6001, 7500}});
    // 20 bytes of TCP header + NOP NOP 5 18 + 2 x 8 bytes = 40 bytes: data offset 10.
    CHECK(f.tcp()[12] >> 4 == 10);
    CHECK(f.orig == 14 + 20 + 40 + 1500);
    const uint8_t* o = f.tcp() + 20;
    CHECK(o[0] == 1);
    CHECK(o[1] == 1);
    CHECK(o[2] == 5);
    CHECK(o[3] == 18);
    CHECK(get32(o + 4) == 3001);
    CHECK(get32(o + 8) == 4501);
    CHECK(get32(o + 12) == 6001);
    CHECK(get32(o + 16) == 7501);
    // At most 4 blocks fit in 40 option bytes (RFC 2018 §3).
    const Frame g = encode(data_packet(0, 1), std::vector<SackRange>(6, SackRange{1, 2}));
    CHECK(g.tcp()[12] >> 4 == 14);
}

TEST_CASE("pcap file: nanosecond header, records with rounded timestamps and snaplen", "[pcap]") {
    const auto path = std::filesystem::temp_directory_path() /
                      ("corelink_pcap_test_" + std::to_string(::getpid()) + ".pcap");
    {
        PcapWriter w(path.string(), 64);
        // 1234.567890123501 s: the nearest nanosecond is ...124.
        w.write(data_packet(0, 1), SimTime::from_ps(1'234'567'890'123'501));
        w.write(data_packet(0, 1501, 10), SimTime::from_ps(499));
        CHECK_FALSE(std::filesystem::exists(path));  // renamed into place only by finish()
        w.finish();
    }
    std::ifstream in(path, std::ios::binary);
    const std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)),
                                 std::istreambuf_iterator<char>());
    std::filesystem::remove(path);
    REQUIRE(b.size() == 24 + (16 + 64) + (16 + 64));  // 14+20+20+10 = 64 bytes: not truncated
    CHECK(get32le(b.data()) == 0xa1b23c4d);
    CHECK(get32le(b.data() + 16) == 64);  // snaplen
    CHECK(get32le(b.data() + 20) == 1);   // LINKTYPE_ETHERNET
    const uint8_t* r1 = b.data() + 24;
    CHECK(get32le(r1) == 1234);
    CHECK(get32le(r1 + 4) == 567'890'124);
    CHECK(get32le(r1 + 8) == 64);
    CHECK(get32le(r1 + 12) == 1554);
    const uint8_t* r2 = r1 + 16 + 64;
    CHECK(get32le(r2) == 0);
    CHECK(get32le(r2 + 4) == 0);  // 499 ps rounds down
    CHECK(get32le(r2 + 8) == 64);
    CHECK(get32le(r2 + 12) == 64);
}

TEST_CASE("an unfinished pcap writer leaves no file behind", "[pcap]") {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("corelink_pcap_unfinished_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        PcapWriter w((dir / "t.pcap").string());
        w.write(data_packet(0, 1), SimTime::zero());
    }
    CHECK(std::filesystem::is_empty(dir));
    std::filesystem::remove_all(dir);
}
