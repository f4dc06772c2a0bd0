// Compress or not? (KBNets §5, Fig. 12, which the paper only sketches.) One multipath flow L moves
// data between two data centres over two subflows:
//   - direct:     the data crosses the WAN link as is;
//   - compressed: a CPU compresses it, the WAN carries ratio x its size, a CPU decompresses it.
// Background TCP flows load the WAN and the compressing CPU, each in its own phases of the run.
//
//   direct ───────────────────────► [WAN] ──────────────────┐
//   compressed ─► [CPU compress] ─► [WAN] ─► [CPU decompress] ┴─► pipe(rtt/2) ─► sinks
//   WAN background ──(gate)───────► [WAN] ──────────────────┘      ACKs: pipe(rtt/2) ─► sources
//   CPU background ──(gate)─► [CPU compress] ───────────────┘
//
// The WAN is a server whose service time is 8 x bytes / rate for every flow except the
// compressed subflow, whose packets take ratio x that (a per-flow cost, so packets keep their
// sequence-space size end to end). Both CPUs process cpu_mbps of uncompressed data, every packet
// costing the same. Flow ids: compressed subflow 0, direct subflow 1, background flows from 2.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mptcp/mptcp_sink.h"
#include "mptcp/mptcp_src.h"
#include "src/pipe.h"
#include "src/server.h"
#include "src/trace_points.h"
#include "topologies/dumbbell.h"

namespace corelink {

// Forwards packets until `close_at`, then drops them: a background flow that has finished. Its
// sender backs off exponentially and sends a handful of packets, all dropped here.
class TimeGate final : public PacketSink {
public:
    TimeGate(Simulation& sim, SimTime close_at) : sim_(sim), close_at_(close_at) {}
    void receive(Packet& p) override {
        if (sim_.now() < close_at_) {
            p.send_on();
        } else {
            ++dropped_;
            sim_.pool().release(p);
        }
    }
    uint64_t dropped() const { return dropped_; }

private:
    Simulation& sim_;
    SimTime close_at_;
    uint64_t dropped_ = 0;
};

struct CompressPhase {
    SimTime start, end;
    uint32_t cpu_flows = 0;  // background TCP flows through the compressing CPU
    uint32_t wan_flows = 0;  // background TCP flows over the WAN
};

struct CompressConfig {
    bool direct = true;      // the multipath flow has the direct subflow
    bool compressed = true;  // ... and the compressed one (both: multipath; one: a baseline)
    double ratio = 0.5;      // compressed size / original size
    double wan_mbps = 100.0;
    double cpu_mbps = 100.0;  // each CPU, in Mb/s of uncompressed mss-sized packets
    std::string wan_queue = "red4";
    std::string cpu_queue = "red4mq";
    QueueLimits wan_limits = QueueLimits::in_packets(400);
    QueueLimits cpu_limits = QueueLimits::in_packets(400);
    const QueueOptionValues* queue_options = nullptr;  // registry defaults when null
    SimTime rtt = SimTime::from_ms(10);
    TcpConfig tcp;
    MptcpCc cc = MptcpCc::Lia;
    std::vector<CompressPhase> phases;
    SimTime start_spread = SimTime::from_ms(10);  // background flows start within this of a phase
};

struct CompressSnapshot {
    SimTime at;
    uint64_t direct_bytes = 0, compressed_bytes = 0;
    uint64_t wan_background_bytes = 0, cpu_background_bytes = 0;
    SimTime wan_busy, cpu_busy;
};

struct CompressRates {
    double direct_mbps = 0.0, compressed_mbps = 0.0;  // application data (uncompressed)
    double multipath_mbps = 0.0;
    double wan_background_mbps = 0.0, cpu_background_mbps = 0.0;
    double wan_utilisation = 0.0, cpu_utilisation = 0.0;
};

class CompressTopology {
public:
    // "wan" (the default), "cpu-compress", "cpu-decompress" (each resource's departures) and
    // "flow:<id>" for every subflow and background flow.
    void register_trace_points(TracePoints& points);

    static constexpr uint32_t kCompressed = 0, kDirect = 1;

    CompressTopology(Simulation& sim, const CompressConfig& cfg);

    // Goodput is counted where data is delivered (TcpSink::bytes_delivered()); a snapshot also
    // starts a new measurement there, so data held out of order now is not counted later.
    CompressSnapshot snapshot();
    static CompressRates rates_between(const CompressSnapshot& from, const CompressSnapshot& to);

    MptcpSrc& multipath() { return *mptcp_; }
    Server& wan() { return *wan_; }
    Server& compress_cpu() { return *cpu_compress_; }

private:
    const MptcpSubflow* subflow(uint32_t id) const;

    Simulation& sim_;
    std::unique_ptr<Server> wan_, cpu_compress_, cpu_decompress_;
    std::unique_ptr<Pipe> forward_, reverse_;
    std::unique_ptr<MptcpSrc> mptcp_;
    std::unique_ptr<MptcpSink> mptcp_sink_;
    std::vector<std::unique_ptr<TimeGate>> gates_;
    std::vector<std::unique_ptr<TcpSrc>> wan_background_, cpu_background_;
    std::vector<std::unique_ptr<TcpSink>> background_sinks_;
    std::vector<Route> routes_;  // reserved up front: packets hold pointers to these
};

}  // namespace corelink
