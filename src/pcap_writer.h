// Packet traces that Wireshark, tshark, tcpdump and tcptrace read: a classic libpcap file with
// nanosecond timestamps (so picosecond simulated time loses only its last three digits) and an
// Ethernet link type. The simulator's packets carry no headers, so each one is given synthetic
// but consistent Ethernet/IPv4/TCP headers (docs/traces.md describes the mapping):
//
//   flow f, subflow s      sender   10.1.H.L port 32768 + (f >> 16), MAC 02:00:0a:01:H:L
//                          receiver 10.2.H.L port 5001 + s,          MAC 02:00:0a:02:H:L
//                          where H.L are the low 16 bits of f (H = bits 8-15, L = bits 0-7)
//   data packet            sender -> receiver, TCP seq = Packet::seqno mod 2^32 (bytes count
//                          from 1, as if the initial sequence number were 0), ACK flag set with
//                          ack = 1 (the receiver sends no data), payload = size_bytes of zeros
//   ACK                    receiver -> sender, seq = 1, ack = Packet::ackno + 1 mod 2^32 (TCP
//                          acknowledges the next byte expected; the simulator counts the last
//                          byte received), no payload
//   other kinds            IPv4/UDP between the same addresses, payload = size_bytes
//   ECN                    IP ECN field: ECT(0) on ECN-capable packets, CE when marked; TCP ECE
//                          on ACKs that echo a mark
//   SACK                   a TCP SACK option (kind 5) on ACKs that carry SACK blocks
//
// The simulator's size_bytes is what a packet occupies on its links; the trace presents it as
// the payload behind the synthetic headers, so that sequence numbers advance by exactly the
// payload length, as TCP analysers expect. orig_len is the whole synthetic frame; only the first
// `snaplen` bytes of it are stored.
//
// Writing is buffered: records go to a memory buffer that is flushed to a temporary file beside
// the target in large blocks, and finish() renames it into place, so an interrupted run leaves no
// partial trace.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "event_list.h"
#include "packet.h"
#include "sim_time.h"

namespace corelink {

// One SACK block in the simulator's byte numbering: bytes [first, last] were received.
struct SackRange {
    uint64_t first = 0;
    uint64_t last = 0;
};
// At most 4 blocks fit in TCP's 40 option bytes (RFC 2018 §3).
constexpr size_t kMaxSackBlocksOnWire = 4;

namespace pcap {
constexpr uint32_t kMagicNanoseconds = 0xa1b23c4d;
constexpr uint32_t kLinkTypeEthernet = 1;
constexpr uint32_t kEthernetBytes = 14;
constexpr uint32_t kIpv4Bytes = 20;
constexpr uint32_t kTcpBytes = 20;  // without options
constexpr uint32_t kUdpBytes = 8;
constexpr uint32_t kMaxHeaderBytes = kEthernetBytes + kIpv4Bytes + kTcpBytes + 40;
constexpr uint32_t kDefaultSnaplen = 128;  // every header and option, and a little payload
}  // namespace pcap

// The SACK blocks an ACK carries (Packet::sack), in the order they are sent. Returns how many were
// written to `out`. This is the one place that reads SACK state from a Packet.
size_t sack_blocks_of(const Packet& p, std::span<SackRange, kMaxSackBlocksOnWire> out);

// Encodes `p` as an Ethernet frame into `out` (at least pcap::kMaxHeaderBytes long). Writes the
// first min(snaplen, frame length) bytes and returns the frame's full length (orig_len); the
// number written is the smaller of the two. `ip_id` fills the IPv4 identification field.
uint32_t encode_frame(const Packet& p, std::span<const SackRange> sack, uint16_t ip_id,
                      uint32_t snaplen, std::span<uint8_t> out);

class PcapWriter {
public:
    // Opens a temporary file beside `path`; throws std::runtime_error naming `path` on failure.
    PcapWriter(std::string path, uint32_t snaplen = pcap::kDefaultSnaplen);
    ~PcapWriter();  // removes the temporary file if finish() was not reached
    PcapWriter(const PcapWriter&) = delete;
    PcapWriter& operator=(const PcapWriter&) = delete;

    // Appends one record stamped `at`.
    void write(const Packet& p, SimTime at);
    // Flushes, closes and renames the trace into place. Throws std::runtime_error on failure.
    void finish();

    uint64_t packets() const { return packets_; }
    uint32_t snaplen() const { return snaplen_; }
    const std::string& path() const { return path_; }

private:
    void flush();

    std::string path_, tmp_path_;
    uint32_t snaplen_;
    std::FILE* file_ = nullptr;
    std::vector<uint8_t> buffer_;  // capacity reserved once; records never reallocate it
    size_t used_ = 0;
    uint64_t packets_ = 0;
    bool failed_ = false;
};

// A hop that records every packet passing through it, then forwards it unchanged. Tracing
// inserts one into the routes of the chosen point (TracePoints); it exists only while tracing.
class PcapTap final : public PacketSink {
public:
    PcapTap(EventList& events, PcapWriter& writer) : events_(events), writer_(writer) {}
    void receive(Packet& p) override {
        writer_.write(p, events_.now());
        ++packets_;
        p.send_on();
    }
    uint64_t packets() const { return packets_; }

private:
    EventList& events_;
    PcapWriter& writer_;
    uint64_t packets_ = 0;
};

}  // namespace corelink
