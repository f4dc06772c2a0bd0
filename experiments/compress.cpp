// Compress or not? (KBNets §5, Fig. 12; the paper sketches the scenario without data.) One
// multipath flow between two data centres: one subflow sends over the WAN as is, the other has a
// CPU compress the data (the WAN carries --ratio of it) and another decompress it. Background
// TCP flows load the compressing CPU and the WAN in phases; for each phase the experiment reports
// how much the multipath flow sends each way, beside two single-path baselines: always compress
// (only the compressed subflow) and never compress (only the direct one).
#include <fmt/format.h>

#include "experiments/common/experiment.h"
#include "experiments/common/kbnets.h"
#include "experiments/common/runner.h"
#include "experiments/common/tcp_path_options.h"
#include "topologies/compress.h"

using namespace corelink;

namespace {

struct Mode {
    bool direct, compressed;
};
const std::map<std::string, Mode> kModes{
    {"multipath", {true, true}}, {"compress", {false, true}}, {"direct", {true, false}}};

CompressConfig compress_config(const Experiment& ex, const TcpPathOptions& path, const Mode& mode,
                               SimTime phase_len) {
    CompressConfig cfg;
    cfg.direct = mode.direct;
    cfg.compressed = mode.compressed;
    cfg.ratio = ex.real("ratio");
    cfg.wan_mbps = ex.real("wan-mbps");
    cfg.cpu_mbps = ex.real("cpu-mbps");
    cfg.wan_queue = ex.text("wan-queue");
    cfg.cpu_queue = ex.queues().front().name;
    cfg.wan_limits =
        QueueLimits::in_packets(kbnets_cpu_buffer_pkts(cfg.wan_queue, path.buffer_pkts));
    cfg.cpu_limits =
        QueueLimits::in_packets(kbnets_cpu_buffer_pkts(cfg.cpu_queue, path.buffer_pkts));
    cfg.queue_options = &ex.queues().front().options;
    cfg.rtt = path.rtt();
    cfg.tcp = path.tcp;
    cfg.cc = read_mptcp_cc(ex);
    cfg.start_spread = SimTime::from_ms(path.start_spread_ms);
    const auto& cpu = ex.ints("cpu-flows");
    const auto& wan = ex.ints("wan-flows");
    for (size_t i = 0; i < cpu.size(); ++i)
        cfg.phases.push_back({phase_len * static_cast<int64_t>(i),
                              phase_len * static_cast<int64_t>(i + 1),
                              static_cast<uint32_t>(cpu[i]), static_cast<uint32_t>(wan[i])});
    return cfg;
}

}  // namespace

int main(int argc, char** argv) {
    Experiment ex(
        "compress",
        "KBNets Fig. 12, compress or not: a multipath flow between two data centres, one "
        "subflow direct over\nthe WAN, one through a compressing CPU, the WAN (carrying "
        "--ratio of the data) and a decompressing\nCPU. Background TCP flows on the "
        "compressing CPU (--cpu-flows) and on the WAN (--wan-flows) change\nfrom phase to "
        "phase: the run is split into as many equal phases as the lists have entries.\nModes: "
        "multipath (both subflows, coupled by --mptcp-cc), compress (always compress: the "
        "compressed\nsubflow alone), direct (never compress). Rates are application data; "
        "each phase is measured\nafter its first --warmup-s (default 20% of a phase).\n\n"
        "--queue is the CPUs' queue, --wan-queue the WAN's; queue options apply to both. The "
        "defaults send\ncost-proportional signals (RED_4 on the WAN: compressed packets cost "
        "less there; RED_4 MQ on the\nCPUs), with RED thresholds 60 and 180 packets and "
        "400-packet buffers, as the other KBNets runs.");
    ex.add_text("mode", "multipath,compress,direct", "comma list of: multipath, compress, direct");
    ex.add_ints("cpu-flows", "0,8,0,8", "flows", between(0, 10000),
                "background TCP flows through the compressing CPU, one count per phase");
    ex.add_ints("wan-flows", "8,0,0,8", "flows", between(0, 10000),
                "background TCP flows over the WAN, one count per phase (as many as --cpu-flows)");
    ex.add_real("ratio", 0.5, "", between(1e-3, 1), "compressed size / original size");
    ex.add_real("wan-mbps", 100.0, "Mb/s", between(1e-3, 1e6), "WAN link rate");
    ex.add_real("cpu-mbps", 100.0, "Mb/s", between(1e-3, 1e6),
                "each CPU's capacity in uncompressed data");
    ex.add_queue_choice("wan-queue", "red4", "the WAN link's queue (any registered queue)");
    ex.add_time("sample-ms", 500.0, "ms", above(0, 1e9),
                "interval of the time series written to --out (timeseries.csv)");
    add_mptcp_cc_option(ex);
    TcpPathOptions defaults;
    defaults.duration_s = 160.0;
    defaults.buffer_pkts = 0;  // auto, as the other KBNets experiments
    defaults.tcp.min_rto = SimTime::from_ms(50);
    add_tcp_path_options(ex, defaults);
    ex.use_queues("red4mq", /*list=*/false, kbnets_queue_defaults());
    return ex.run(argc, argv, [&] {
        std::vector<std::string> modes = parse_list("mode", ex.text("mode"));
        for (const std::string& m : modes)
            if (!kModes.count(m))
                throw InputError(
                    fmt::format("--mode: must be a comma list of multipath, compress, "
                                "direct; got '{}'",
                                m));
        const size_t phases = ex.ints("cpu-flows").size();
        if (ex.ints("wan-flows").size() != phases)
            throw InputError(
                fmt::format("--wan-flows: must have as many entries as --cpu-flows "
                            "({}), got {}",
                            phases, ex.ints("wan-flows").size()));
        const TcpPathOptions path = read_tcp_path_options(ex);
        const SimTime phase_len = path.duration() / static_cast<int64_t>(phases);
        const SimTime settle = ex.set("warmup-s") ? path.warmup() : phase_len / 5;
        if (settle >= phase_len)
            throw InputError(fmt::format("--warmup-s: must be below one phase ({} s), got {}",
                                         phase_len.to_sec(), path.warmup_s));
        const SimTime sample = ex.time("sample-ms");
        if (path.duration() / sample > 1e6)
            throw InputError(
                fmt::format("--sample-ms: must give at most 1e6 samples over "
                            "--duration-s, got {} ms",
                            ex.number("sample-ms")));

        ResultsTable table({{"mode", 0},
                            {"phase", 0},
                            {"start_s", 1},
                            {"end_s", 1},
                            {"cpu_flows", 0},
                            {"wan_flows", 0},
                            {"direct_mbps", 3},
                            {"compressed_mbps", 3},
                            {"multipath_mbps", 3},
                            {"compressed_fraction", 4},
                            {"wan_background_mbps", 3},
                            {"cpu_background_mbps", 3},
                            {"wan_utilisation", 4},
                            {"cpu_utilisation", 4}});
        ResultsTable series({{"mode", 0},
                             {"time_s", 3},
                             {"direct_mbps", 3},
                             {"compressed_mbps", 3},
                             {"multipath_mbps", 3}});
        for (const std::string& mode : modes) {
            Simulation sim(ex.seed());
            const CompressConfig cfg = compress_config(ex, path, kModes.at(mode), phase_len);
            CompressTopology net(sim, cfg);
            ex.trace(sim, net, "compress " + mode);
            Run run(ex, sim, "compress " + mode, path.duration());
            CompressSnapshot last = net.snapshot();
            auto advance = [&](SimTime until) {  // runs to `until`, sampling the time series
                while (sim.now() < until) {
                    run.to(min(until, last.at + sample));
                    if (sim.now() - last.at < sample) continue;
                    const CompressSnapshot now = net.snapshot();
                    const CompressRates r = CompressTopology::rates_between(last, now);
                    series.add_row({mode, now.at.to_sec(), r.direct_mbps, r.compressed_mbps,
                                    r.multipath_mbps});
                    last = now;
                }
            };
            for (size_t i = 0; i < phases; ++i) {
                const CompressPhase& ph = cfg.phases[i];
                advance(ph.start + settle);
                const CompressSnapshot from = net.snapshot();
                advance(ph.end);
                const CompressRates r = CompressTopology::rates_between(from, net.snapshot());
                table.add_row({mode, static_cast<int64_t>(i + 1), ph.start.to_sec(),
                               ph.end.to_sec(), static_cast<int64_t>(ph.cpu_flows),
                               static_cast<int64_t>(ph.wan_flows), r.direct_mbps, r.compressed_mbps,
                               r.multipath_mbps,
                               r.multipath_mbps > 0 ? r.compressed_mbps / r.multipath_mbps : 0.0,
                               r.wan_background_mbps, r.cpu_background_mbps, r.wan_utilisation,
                               r.cpu_utilisation});
            }
        }
        ex.emit(table);
        ex.write_out("timeseries.csv", series);
    });
}
