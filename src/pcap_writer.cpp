#include "pcap_writer.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace corelink {

namespace {

constexpr size_t kBufferBytes = 1 << 20;  // flushed in 1 MiB blocks
constexpr uint8_t kProtoTcp = 6, kProtoUdp = 17;
constexpr uint8_t kTcpAck = 0x10, kTcpEce = 0x40, kTcpCwr = 0x80;
constexpr uint8_t kEcnEct0 = 0x02, kEcnCe = 0x03;
constexpr uint16_t kReceiverBasePort = 5001;
constexpr uint16_t kSenderBasePort = 32768;

// Network byte order writers.
void put16(uint8_t* at, uint32_t v) {
    at[0] = static_cast<uint8_t>(v >> 8);
    at[1] = static_cast<uint8_t>(v);
}
void put32(uint8_t* at, uint32_t v) {
    put16(at, v >> 16);
    put16(at + 2, v & 0xffff);
}
// Little-endian, the byte order of the pcap headers this writer declares with its magic.
void put32le(uint8_t* at, uint32_t v) {
    for (int i = 0; i < 4; ++i) at[i] = static_cast<uint8_t>(v >> (8 * i));
}
void put16le(uint8_t* at, uint32_t v) {
    at[0] = static_cast<uint8_t>(v);
    at[1] = static_cast<uint8_t>(v >> 8);
}

// The Internet checksum's one's-complement sum of 16-bit words (RFC 1071), not yet folded.
uint32_t sum16(const uint8_t* data, size_t n, uint32_t acc = 0) {
    for (size_t i = 0; i + 1 < n; i += 2) acc += (uint32_t{data[i]} << 8) | data[i + 1];
    if (n % 2) acc += uint32_t{data[n - 1]} << 8;
    return acc;
}
uint16_t fold(uint32_t acc) {
    while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
    return static_cast<uint16_t>(~acc & 0xffff);
}

// 10.<side>.H.L for the low 16 bits of the flow id.
uint32_t address(uint32_t flow_id, uint32_t side) {
    return (10U << 24) | (side << 16) | (flow_id & 0xffff);
}

uint32_t wire32(uint64_t seq) {
    return static_cast<uint32_t>(seq & 0xffffffffULL);
}

}  // namespace

size_t sack_blocks_of(const Packet& p, std::span<SackRange, kMaxSackBlocksOnWire> out) {
    // An ACK's blocks are offsets from its ackno, most recent first (RFC 2018 §4).
    static_assert(kMaxSackBlocks <= kMaxSackBlocksOnWire);
    if (p.kind != PacketKind::Ack) return 0;
    size_t n = 0;
    for (const SackBlock& b : p.sack_blocks()) {
        out[n++] = SackRange{p.ackno + b.first_offset, p.ackno + b.last_offset};
    }
    return n;
}

uint32_t encode_frame(const Packet& p, std::span<const SackRange> sack, uint16_t ip_id,
                      uint32_t snaplen, std::span<uint8_t> out) {
    assert(out.size() >= pcap::kMaxHeaderBytes);
    const bool tcp = p.kind == PacketKind::Data || p.kind == PacketKind::Ack;
    const bool from_receiver = p.kind == PacketKind::Ack;
    const size_t blocks = std::min(sack.size(), kMaxSackBlocksOnWire);
    // SACK option: two NOPs for alignment, kind 5, length, then 8 bytes per block.
    const uint32_t option_bytes = tcp && blocks > 0 ? static_cast<uint32_t>(4 + 8 * blocks) : 0;
    const uint32_t l4_header = tcp ? pcap::kTcpBytes + option_bytes : pcap::kUdpBytes;
    const uint32_t payload = p.kind == PacketKind::Ack ? 0 : p.size_bytes;
    // IPv4's total length is 16 bits; a larger simulated packet is recorded at the largest size.
    const uint32_t ip_total = std::min<uint32_t>(
        pcap::kIpv4Bytes + l4_header + std::min<uint32_t>(payload, 65535), 65535);
    const uint32_t l4_total = ip_total - pcap::kIpv4Bytes;
    const uint32_t frame = pcap::kEthernetBytes + ip_total;
    const uint32_t headers = pcap::kEthernetBytes + pcap::kIpv4Bytes + l4_header;

    uint8_t* b = out.data();
    std::memset(b, 0, headers);
    const uint32_t sender = address(p.flow_id, 1), receiver = address(p.flow_id, 2);
    const uint32_t src_ip = from_receiver ? receiver : sender;
    const uint32_t dst_ip = from_receiver ? sender : receiver;

    // Ethernet: locally administered MACs 02:00 followed by the IPv4 address.
    b[0] = 0x02;
    put32(b + 2, dst_ip);
    b[6] = 0x02;
    put32(b + 8, src_ip);
    put16(b + 12, 0x0800);

    uint8_t* ip = b + pcap::kEthernetBytes;
    ip[0] = 0x45;
    if (p.has(pkt_flags::kEcnCe))
        ip[1] = kEcnCe;
    else if (p.has(pkt_flags::kEcnCapable))
        ip[1] = kEcnEct0;
    put16(ip + 2, ip_total);
    put16(ip + 4, ip_id);
    put16(ip + 6, 0x4000);  // don't fragment
    ip[8] = 64;             // TTL
    ip[9] = tcp ? kProtoTcp : kProtoUdp;
    put32(ip + 12, src_ip);
    put32(ip + 16, dst_ip);
    put16(ip + 10, fold(sum16(ip, pcap::kIpv4Bytes)));

    uint8_t* l4 = ip + pcap::kIpv4Bytes;
    const uint16_t sender_port = static_cast<uint16_t>(kSenderBasePort + (p.flow_id >> 16));
    const uint16_t receiver_port = static_cast<uint16_t>(kReceiverBasePort + p.subflow);
    put16(l4, from_receiver ? receiver_port : sender_port);
    put16(l4 + 2, from_receiver ? sender_port : receiver_port);
    if (tcp) {
        if (from_receiver) {
            put32(l4 + 4, 1);
            put32(l4 + 8, wire32(p.ackno + 1));
        } else {
            put32(l4 + 4, wire32(p.seqno));
            put32(l4 + 8, 1);
        }
        l4[12] = static_cast<uint8_t>((l4_header / 4) << 4);
        l4[13] = kTcpAck;
        if (from_receiver && p.has(pkt_flags::kEcnEcho)) l4[13] |= kTcpEce;
        if (!from_receiver && p.has(pkt_flags::kCwr)) l4[13] |= kTcpCwr;
        put16(l4 + 14, 65535);  // window: the simulator has no receive window
        if (blocks > 0) {
            uint8_t* o = l4 + pcap::kTcpBytes;
            o[0] = 1;  // NOP
            o[1] = 1;  // NOP
            o[2] = 5;  // SACK
            o[3] = static_cast<uint8_t>(2 + 8 * blocks);
            for (size_t i = 0; i < blocks; ++i) {
                // Left edge: the first byte; right edge: the byte after the last (RFC 2018 §3).
                put32(o + 4 + 8 * i, wire32(sack[i].first));
                put32(o + 8 + 8 * i, wire32(sack[i].last + 1));
            }
        }
    } else {
        put16(l4 + 4, l4_total);
    }
    // The checksum covers a pseudo-header, the L4 header and the payload. The synthetic payload
    // is zeros, which add nothing, so the checksum is exact even though the payload is truncated.
    uint8_t pseudo[12] = {};
    put32(pseudo, src_ip);
    put32(pseudo + 4, dst_ip);
    pseudo[9] = ip[9];
    put16(pseudo + 10, l4_total);
    const uint16_t sum = fold(sum16(l4, l4_header, sum16(pseudo, sizeof pseudo)));
    // UDP sends a computed zero as all ones (RFC 768).
    put16(l4 + (tcp ? 16 : 6), !tcp && sum == 0 ? 0xffff : sum);

    const uint32_t stored = std::min(frame, snaplen);
    if (stored > headers)
        std::memset(b + headers, 0, std::min<size_t>(stored, out.size()) - headers);
    return frame;
}

PcapWriter::PcapWriter(std::string path, uint32_t snaplen)
    : path_(std::move(path)),
      tmp_path_(fmt::format("{}.tmp.{}", path_, static_cast<long>(::getpid()))),
      snaplen_(snaplen) {
    file_ = std::fopen(tmp_path_.c_str(), "wb");
    if (!file_)
        throw std::runtime_error(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
    buffer_.resize(kBufferBytes + 16 + std::max(snaplen_, pcap::kMaxHeaderBytes));
    uint8_t* h = buffer_.data();
    put32le(h, pcap::kMagicNanoseconds);
    put16le(h + 4, 2);  // version 2.4
    put16le(h + 6, 4);
    put32le(h + 8, 0);   // timestamps are UTC (simulated time from zero)
    put32le(h + 12, 0);  // accuracy
    put32le(h + 16, snaplen_);
    put32le(h + 20, pcap::kLinkTypeEthernet);
    used_ = 24;
}

PcapWriter::~PcapWriter() {
    if (file_) {
        std::fclose(file_);
        std::remove(tmp_path_.c_str());
    }
}

void PcapWriter::write(const Packet& p, SimTime at) {
    std::array<SackRange, kMaxSackBlocksOnWire> sack;
    const size_t n = sack_blocks_of(p, sack);
    uint8_t* rec = buffer_.data() + used_;
    const uint32_t orig =
        encode_frame(p, std::span<const SackRange>(sack.data(), n), static_cast<uint16_t>(packets_),
                     snaplen_, std::span<uint8_t>(rec + 16, buffer_.size() - used_ - 16));
    const uint32_t incl = std::min(orig, snaplen_);
    // Nearest nanosecond; simulated time starts at zero (1970-01-01 in a trace viewer).
    const uint64_t ns = static_cast<uint64_t>((at.ps() + 500) / 1000);
    put32le(rec, static_cast<uint32_t>(ns / 1'000'000'000));
    put32le(rec + 4, static_cast<uint32_t>(ns % 1'000'000'000));
    put32le(rec + 8, incl);
    put32le(rec + 12, orig);
    used_ += 16 + incl;
    ++packets_;
    if (used_ >= kBufferBytes) flush();
}

void PcapWriter::flush() {
    if (used_ > 0 && std::fwrite(buffer_.data(), 1, used_, file_) != used_) failed_ = true;
    used_ = 0;
}

void PcapWriter::finish() {
    if (!file_) return;
    flush();
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (failed_ || !closed || std::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
        const int err = errno;
        std::remove(tmp_path_.c_str());
        throw std::runtime_error(fmt::format("cannot write {}: {}", path_, std::strerror(err)));
    }
}

}  // namespace corelink
