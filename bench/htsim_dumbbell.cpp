// The reference point of bench/compare.sh: the dumbbell corelink's bench runs, built from
// csg-htsim's own public classes (EventList, Queue, Pipe, TcpSrc, TcpSink, TcpRtxTimerScanner)
// so both simulators run the same shape. One shared drop-tail queue at the bottleneck rate, one
// shared pipe of rtt/2 each way, a TCP sink that ACKs every packet, IW 10 (htsim's default), flows
// starting uniformly in [0, rtt), 1500-byte packets. Compiled only against a csg-htsim checkout
// (HTSIM_DIR); nothing of htsim is part of corelink.
//
// Usage: htsim_dumbbell FLOWS RATE_MBPS RTT_MS BUFFER_PKTS DURATION_S
// Prints one line on stderr:
//   bench: htsim flows=N sim_s=S wall_s=W data_pkts=P pkts_per_wall_s=R
// where data_pkts counts data packets the bottleneck queue served (sent - dropped - still queued),
// the same count corelink's dumbbell --bench reports.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <vector>

#include "config.h"
#include "eventlist.h"
#include "network.h"
#include "pipe.h"
#include "queue.h"
#include "route.h"
#include "tcp.h"

int main(int argc, char** argv) {
    // Timed from the start, like corelink's --bench (which counts parsing, building the topology,
    // the run and tearing it down): at 100,000 flows building the flows is ~0.6 s of either run.
    const auto wall_start = std::chrono::steady_clock::now();
    if (argc != 6) {
        std::fprintf(stderr,
                     "usage: htsim_dumbbell FLOWS RATE_MBPS RTT_MS BUFFER_PKTS DURATION_S\n");
        return 2;
    }
    const long flows = std::atol(argv[1]);
    const double rate_mbps = std::atof(argv[2]);
    const double rtt_ms = std::atof(argv[3]);
    const long buffer_pkts = std::atol(argv[4]);
    const double duration_s = std::atof(argv[5]);
    if (flows <= 0 || rate_mbps <= 0 || rtt_ms <= 0 || buffer_pkts <= 0 || duration_s <= 0) {
        std::fprintf(stderr, "htsim_dumbbell: every argument must be positive\n");
        return 2;
    }
    // htsim writes a line on stdout for every retransmit timeout; keep them off the terminal.
    std::cout.setstate(std::ios::failbit);

    EventList eventlist;
    eventlist.setEndtime(timeFromSec(duration_s));
    const simtime_picosec one_way = timeFromUs(rtt_ms * 1000.0 / 2.0);
    const linkspeed_bps rate = speedFromMbps(rate_mbps);

    Queue bottleneck(rate, memFromPkt(buffer_pkts), eventlist, nullptr);
    Pipe forward(one_way, eventlist);
    Pipe reverse(one_way, eventlist);
    // htsim's own examples scan retransmit timers every 10 ms.
    TcpRtxTimerScanner scanner(timeFromMs(10), eventlist);

    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> start_ms(0.0, rtt_ms);
    std::vector<TcpSrc*> srcs;
    srcs.reserve(flows);
    for (long i = 0; i < flows; ++i) {
        auto* src = new TcpSrc(nullptr, nullptr, eventlist);
        auto* sink = new TcpSink();
        scanner.registerTcp(*src);
        auto* out = new route_t();
        out->push_back(&bottleneck);
        out->push_back(&forward);
        out->push_back(sink);
        auto* back = new route_t();
        back->push_back(&reverse);
        back->push_back(src);
        src->connect(*out, *back, *sink, timeFromMs(start_ms(rng)));
        srcs.push_back(src);
    }

    while (eventlist.doNextEvent()) {
    }
    const double wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

    const uint64_t mss = Packet::data_packet_size();
    uint64_t sent = 0;
    for (TcpSrc* s : srcs) sent += s->_packets_sent / mss;
    const uint64_t served =
        sent - static_cast<uint64_t>(bottleneck.num_drops()) - bottleneck.queuesize() / mss;
    std::fprintf(stderr,
                 "bench: htsim flows=%ld sim_s=%g wall_s=%.3f data_pkts=%llu "
                 "pkts_per_wall_s=%.0f\n",
                 flows, duration_s, wall_s, static_cast<unsigned long long>(served),
                 static_cast<double>(served) / wall_s);
    return 0;
}
