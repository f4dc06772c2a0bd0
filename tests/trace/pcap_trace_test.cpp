// A short two-flow dumbbell run traced at two points and read back by tshark, an independent
// reader of the pcap format and of TCP:
//   - at the bottleneck's departures (full frames): tshark sees exactly the packets the
//     bottleneck served, in order, with the simulator's sequence numbers, CE on exactly the
//     packets the queue marked, and IPv4/TCP checksums it verifies as good;
//   - at both senders (default snaplen): every data packet the senders sent and every ACK they
//     received; tshark's TCP analysis flags as retransmissions exactly as many packets per flow
//     as the sender counts retransmissions (TcpSrc::retransmissions()), and ECE on the ACKs
//     that echo marks.
// The expected values come from the simulator's own counters and from an observer hop placed
// beside each tap (never from the trace). Exits with status 77 (CTest: skipped) when tshark is
// not installed.
#define CATCH_CONFIG_RUNNER
#include <fmt/format.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "src/pcap_writer.h"
#include "src/trace_points.h"
#include "topologies/dumbbell.h"

using namespace corelink;

namespace {

// Records what passes, then forwards it: the oracle beside each tap.
class Observer final : public PacketSink {
public:
    struct Seen {
        PacketKind kind;
        uint32_t flow;
        uint64_t seqno, ackno;
        uint8_t flags;
        std::vector<SackBlock> sack;
    };
    void receive(Packet& p) override {
        const auto blocks = p.sack_blocks();
        seen.push_back(Seen{p.kind, p.flow_id, p.seqno, p.ackno, p.flags,
                            std::vector<SackBlock>(blocks.begin(), blocks.end())});
        p.send_on();
    }
    std::vector<Seen> seen;
};

// A tap and an observer side by side at every slot of a point.
void attach(const TracePoints::Point& point, PcapTap& tap, Observer& obs) {
    for (const TapSlot& slot : point.slots) {
        const size_t at = slot.position();
        slot.route->insert(at, tap);
        slot.route->insert(at, obs);
    }
}

std::string run_command(const std::string& cmd) {
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    REQUIRE(pipe);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe.get())) > 0) out.append(buf, n);
    return out;
}

struct Row {
    std::string src;
    uint64_t seq_raw = 0, ack_raw = 0, len = 0;
    bool retransmission = false;
    int ecn = 0;
    bool ece = false;
    bool cwr = false;
    std::string tcp_checksum, ip_checksum;
};

std::vector<Row> read_with_tshark(const std::string& file) {
    const std::string out = run_command(
        "tshark -n -r '" + file +
        "' -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE -T fields -E separator=, "
        "-e ip.src -e tcp.seq_raw -e tcp.ack_raw -e tcp.len -e tcp.analysis.retransmission "
        "-e ip.dsfield.ecn -e tcp.flags.ece -e tcp.checksum.status -e ip.checksum.status "
        "-e tcp.flags.cwr 2>/dev/null");
    std::vector<Row> rows;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ',')) f.push_back(cell);
        f.resize(10);
        Row r;
        r.src = f[0];
        r.seq_raw = std::stoull(f[1]);
        r.ack_raw = std::stoull(f[2]);
        r.len = std::stoull(f[3]);
        r.retransmission = !f[4].empty();
        r.ecn = f[5].empty() ? -1 : std::stoi(f[5]);
        r.ece = f[6] == "1" || f[6] == "True";
        r.tcp_checksum = f[7];
        r.ip_checksum = f[8];
        r.cwr = f[9] == "1" || f[9] == "True";
        rows.push_back(r);
    }
    return rows;
}

std::string sender_ip(uint32_t flow) {
    return fmt::format("10.1.{}.{}", (flow >> 8) & 0xff, flow & 0xff);
}

}  // namespace

TEST_CASE("tshark reads back a two-flow trace with the simulator's packets", "[pcap][tshark]") {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("corelink_trace_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string at_bottleneck = (dir / "bottleneck.pcap").string();
    const std::string at_senders = (dir / "senders.pcap").string();

    Simulation sim(1);
    DumbbellConfig cfg;
    cfg.flows = 2;
    cfg.rtt = SimTime::from_ms(10);
    cfg.start_times = {SimTime::zero(), SimTime::from_ms(3)};
    cfg.bottleneck.rate_bps = 10e6;
    // A small RED buffer with ECN: the queue both marks (CE) and overflows (drops, hence
    // retransmissions) within two seconds.
    QueueOptionValues options = builtin_queues().defaults();
    options.set("red-min-th", "3");
    options.set("red-max-th", "8");
    options.set("red-wq", "0.2");
    cfg.bottleneck.queue = "red";
    cfg.bottleneck.queue_options = &options;
    cfg.bottleneck.limits = QueueLimits::in_packets(12);
    cfg.tcp.ecn = true;
    Dumbbell net(sim, cfg);

    TracePoints points;
    net.register_trace_points(points);
    REQUIRE(points.find("bottleneck"));
    REQUIRE(points.find("flow:0"));
    REQUIRE(points.find("flow:1"));
    uint64_t served = 0, sent[2] = {0, 0};
    {
        PcapWriter bottleneck_pcap(at_bottleneck, 2048);  // whole frames: checksums verifiable
        PcapWriter senders_pcap(at_senders);
        PcapTap bottleneck_tap(sim.events(), bottleneck_pcap),
            senders_tap(sim.events(), senders_pcap);
        Observer bottleneck_obs, senders_obs;
        attach(*points.find("bottleneck"), bottleneck_tap, bottleneck_obs);
        attach(*points.find("flow:0"), senders_tap, senders_obs);
        attach(*points.find("flow:1"), senders_tap, senders_obs);

        sim.events().run_until(SimTime::from_sec(2));
        bottleneck_pcap.finish();
        senders_pcap.finish();
        served = net.bottleneck().served_packets();
        for (uint32_t f = 0; f < 2; ++f) sent[f] = net.src(f).packets_sent();

        // The scenario exercises what the test is about.
        REQUIRE(net.src(0).retransmissions() + net.src(1).retransmissions() > 0);
        REQUIRE(net.bottleneck().queue().stats().marked_pkts > 0);

        SECTION("bottleneck departures") {
            const std::vector<Row> rows = read_with_tshark(at_bottleneck);
            // Packet count: every packet the bottleneck finished serving, and nothing else.
            CHECK(rows.size() == served);
            REQUIRE(rows.size() == bottleneck_obs.seen.size());
            uint64_t ce = 0, ce_seen = 0;
            for (size_t i = 0; i < rows.size(); ++i) {
                const Observer::Seen& s = bottleneck_obs.seen[i];
                INFO("frame " << i + 1);
                CHECK(rows[i].src == sender_ip(s.flow));
                CHECK(rows[i].seq_raw == (s.seqno & 0xffffffffULL));
                CHECK(rows[i].len == 1500);
                CHECK(rows[i].ip_checksum == "1");   // good
                CHECK(rows[i].tcp_checksum == "1");  // good
                ce += rows[i].ecn == 3;
                ce_seen += (s.flags & pkt_flags::kEcnCe) != 0;
                CHECK(rows[i].ecn == ((s.flags & pkt_flags::kEcnCe) ? 3 : 2));
            }
            // A marked packet is served unless it is still queued or in service at the end, or
            // the buffer had no room for it after marking (an overflow drop).
            const QueueStats& q = net.bottleneck().queue().stats();
            CHECK(ce == ce_seen);
            CHECK(ce <= q.marked_pkts);
            CHECK(ce + net.bottleneck().queue().packets() + 1 + q.dropped(DropReason::Overflow) >=
                  q.marked_pkts);
        }
        SECTION("senders: data sent, ACKs received, retransmissions") {
            const std::vector<Row> rows = read_with_tshark(at_senders);
            REQUIRE(rows.size() == senders_obs.seen.size());
            std::map<uint32_t, uint64_t> data, retx, ece, cwr;
            for (size_t i = 0; i < rows.size(); ++i) {
                const Observer::Seen& s = senders_obs.seen[i];
                INFO("frame " << i + 1);
                if (s.kind == PacketKind::Data) {
                    CHECK(rows[i].src == sender_ip(s.flow));
                    CHECK(rows[i].seq_raw == (s.seqno & 0xffffffffULL));
                    ++data[s.flow];
                    retx[s.flow] += rows[i].retransmission;
                    // CWR (RFC 3168 §6.1.2) on exactly the packets the sender flagged.
                    CHECK(rows[i].cwr == ((s.flags & pkt_flags::kCwr) != 0));
                    cwr[s.flow] += rows[i].cwr;
                } else {
                    // TCP acknowledges the next byte expected: the simulator's ackno + 1.
                    CHECK(rows[i].ack_raw == ((s.ackno + 1) & 0xffffffffULL));
                    CHECK(rows[i].ece == ((s.flags & pkt_flags::kEcnEcho) != 0));
                    ece[s.flow] += rows[i].ece;
                    CHECK_FALSE(rows[i].cwr);
                    CHECK_FALSE(rows[i].retransmission);
                }
            }
            for (uint32_t f = 0; f < 2; ++f) {
                INFO("flow " << f);
                CHECK(data[f] == sent[f]);
                CHECK(retx[f] == net.src(f).retransmissions());
            }
            CHECK(ece[0] + ece[1] > 0);
            // Each flow reduced its window (it retransmitted or saw marks) and so sent CWR,
            // at most once per reduction: fast retransmits, timeouts and ECN cuts.
            for (uint32_t f = 0; f < 2; ++f) {
                INFO("flow " << f);
                const TcpSrc& src = net.src(f);
                CHECK(cwr[f] > 0);
                CHECK(cwr[f] <= src.fast_recoveries() + src.timeouts() + src.ecn_reductions());
            }
        }
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("tshark reads the SACK blocks of a SACK flow's ACKs", "[pcap][tshark][sack]") {
    // One SACK flow through a 10-packet drop-tail buffer: slow start overflows it, so the sink
    // reports holes. Expected blocks come from the ACKs themselves (observer), in absolute
    // sequence numbers: left edge = first byte, right edge = one past the last (RFC 2018 §3).
    const auto dir = std::filesystem::temp_directory_path() /
                     ("corelink_sack_trace_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string file = (dir / "sack.pcap").string();
    Simulation sim(1);
    DumbbellConfig cfg;
    cfg.flows = 1;
    cfg.rtt = SimTime::from_ms(10);
    cfg.bottleneck.rate_bps = 10e6;
    cfg.bottleneck.limits = QueueLimits::in_packets(10);
    cfg.tcp.sack = true;
    Dumbbell net(sim, cfg);
    TracePoints points;
    net.register_trace_points(points);
    size_t acks_with_blocks = 0;
    std::vector<std::string> expected;  // per ACK frame: "le1;le2|re1;re2" ("" without blocks)
    {
        PcapWriter pcap(file);
        PcapTap tap(sim.events(), pcap);
        Observer obs;
        attach(*points.find("flow:0"), tap, obs);
        sim.events().run_until(SimTime::from_sec(1));
        pcap.finish();
        for (const Observer::Seen& s : obs.seen) {
            if (s.kind != PacketKind::Ack) continue;
            std::string le, re;
            for (const SackBlock& b : s.sack) {
                le += (le.empty() ? "" : ";") +
                      std::to_string((s.ackno + b.first_offset) & 0xffffffffULL);
                re += (re.empty() ? "" : ";") +
                      std::to_string((s.ackno + b.last_offset + 1) & 0xffffffffULL);
            }
            acks_with_blocks += !le.empty();
            expected.push_back(le.empty() ? "" : le + "|" + re);
        }
    }
    REQUIRE(acks_with_blocks > 0);  // the scenario produces SACK blocks
    const std::string out =
        run_command("tshark -n -r '" + file +
                    "' -o tcp.relative_sequence_numbers:FALSE -Y 'ip.src == 10.2.0.0' -T fields "
                    "-E occurrence=a -E aggregator=';' -E separator='|' -e tcp.options.sack_le "
                    "-e tcp.options.sack_re 2>/dev/null");
    std::vector<std::string> got;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) got.push_back(line == "|" ? "" : line);
    REQUIRE(got.size() == expected.size());
    for (size_t i = 0; i < got.size(); ++i) {
        INFO("ACK " << i + 1);
        CHECK(got[i] == expected[i]);
    }
    std::filesystem::remove_all(dir);
}

int main(int argc, char** argv) {
    if (std::system("tshark --version >/dev/null 2>&1") != 0) {
        std::puts("SKIPPED: tshark is not installed (Debian package tshark; scripts/deps.sh)");
        return 77;
    }
    return Catch::Session().run(argc, argv);
}
