// Compress or not? (KBNets §5, Fig. 12; the paper sketches the scenario without data.) One
// multipath flow between two data centres: one subflow sends over the WAN as is, the other has a
// CPU compress the data (the WAN carries --ratio of it) and another decompress it. Background
// TCP flows load the compressing CPU and the WAN in phases; for each phase the experiment reports
// how much the multipath flow sends each way, beside two single-path baselines: always compress
// (only the compressed subflow) and never compress (only the direct one).
#include <fmt/format.h>

#include <algorithm>

#include "experiments/common/experiment.h"
#include "experiments/common/run_loop.h"
#include "experiments/common/tcp_path_options.h"
#include "topologies/compress.h"
#include "topologies/line.h"

using namespace corelink;

namespace {

std::vector<uint32_t> counts(const std::string& flag, const Experiment& ex) {
    std::vector<uint32_t> out;
    for (double v : parse_number_list(flag, ex.get<std::string>(flag))) {
        if (v < 0 || v > 10000 || v != static_cast<double>(static_cast<uint32_t>(v)))
            throw InputError(
                fmt::format("--{}: must be whole numbers from 0 to 10000, got {}", flag, v));
        out.push_back(static_cast<uint32_t>(v));
    }
    return out;
}

struct Mode {
    std::string name;
    bool direct, compressed;
};

int run(int argc, char** argv) {
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
    // One option per line reads better than the chain clang-format would reflow.
    // clang-format off
    ex.add_options()
        ("mode", po::value<std::string>()->default_value("multipath,compress,direct"),
         "comma list of: multipath, compress, direct")
        ("cpu-flows", po::value<std::string>()->default_value("0,8,0,8"),
         "background TCP flows through the compressing CPU, one count per phase")
        ("wan-flows", po::value<std::string>()->default_value("8,0,0,8"),
         "background TCP flows over the WAN, one count per phase (as many as --cpu-flows)")
        ("ratio", po::value<double>()->default_value(0.5),
         "compressed size / original size, in (0, 1]")
        ("wan-mbps", po::value<double>()->default_value(100.0), "WAN link rate in Mb/s")
        ("cpu-mbps", po::value<double>()->default_value(100.0),
         "each CPU's capacity in Mb/s of uncompressed data")
        ("wan-queue", po::value<std::string>()->default_value("red4"),
         "the WAN link's queue (any registered queue)")
        ("sample-ms", po::value<double>()->default_value(500.0),
         "interval of the time series written to --out (timeseries.csv)")
        ("mptcp-cc", po::value<std::string>()->default_value("lia"),
         (std::string("multipath congestion control: ") + mptcp_cc_names()).c_str());
    // clang-format on
    TcpPathOptions defaults;
    defaults.duration_s = 160.0;
    defaults.buffer_pkts = 0;  // auto, as the other KBNets experiments
    defaults.tcp.min_rto = SimTime::from_ms(50);
    add_tcp_path_options(ex, defaults);
    ex.use_queues("red4mq", /*list=*/false, {{"red-min-th", "60"}, {"red-max-th", "180"}});
    if (!ex.parse(argc, argv)) return 0;

    std::vector<Mode> modes;
    for (const std::string& m : parse_name_list(ex.get<std::string>("mode"))) {
        if (m == "multipath")
            modes.push_back({m, true, true});
        else if (m == "compress")
            modes.push_back({m, false, true});
        else if (m == "direct")
            modes.push_back({m, true, false});
        else
            throw InputError(
                fmt::format("--mode: must be multipath, compress or direct, got '{}'", m));
    }
    if (modes.empty()) throw InputError("--mode: must name at least one mode");
    const std::vector<uint32_t> cpu_flows = counts("cpu-flows", ex);
    const std::vector<uint32_t> wan_flows = counts("wan-flows", ex);
    if (cpu_flows.size() != wan_flows.size())
        throw InputError(
            fmt::format("--wan-flows: must have as many entries as --cpu-flows ({}), "
                        "got {}",
                        cpu_flows.size(), wan_flows.size()));
    const double ratio = ex.get<double>("ratio");
    if (!(ratio > 0.0 && ratio <= 1.0))
        throw InputError(fmt::format("--ratio: must be in (0, 1], got {}", ratio));
    const double wan_mbps = ex.get<double>("wan-mbps");
    require_positive("wan-mbps", wan_mbps);
    const double cpu_mbps = ex.get<double>("cpu-mbps");
    require_positive("cpu-mbps", cpu_mbps);
    const std::string wan_queue = ex.get<std::string>("wan-queue");
    if (!builtin_queues().find(wan_queue))
        throw InputError(fmt::format("--wan-queue: unknown queue '{}' (accepted: {})", wan_queue,
                                     builtin_queues().names_joined()));
    const double sample_ms = ex.get<double>("sample-ms");
    require_positive("sample-ms", sample_ms);
    const MptcpCc cc = parse_mptcp_cc("mptcp-cc", ex.get<std::string>("mptcp-cc"));
    const TcpPathOptions path = read_tcp_path_options(ex);
    const std::string cpu_queue = ex.queue_names().front();

    const size_t phases = cpu_flows.size();
    const SimTime phase_len = path.duration() / static_cast<int64_t>(phases);
    const SimTime settle = ex.vars()["warmup-s"].defaulted() ? phase_len / 5 : path.warmup();
    if (settle >= phase_len)
        throw InputError(fmt::format("--warmup-s: must be below one phase ({} s), got {}",
                                     phase_len.to_sec(), path.warmup_s));
    const SimTime sample = SimTime::from_ms(sample_ms);

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
    std::string series = "mode,time_s,direct_mbps,compressed_mbps,multipath_mbps\n";
    for (const Mode& mode : modes) {
        Simulation sim(ex.seed());
        CompressConfig cfg;
        cfg.direct = mode.direct;
        cfg.compressed = mode.compressed;
        cfg.ratio = ratio;
        cfg.wan_mbps = wan_mbps;
        cfg.cpu_mbps = cpu_mbps;
        cfg.wan_queue = wan_queue;
        cfg.cpu_queue = cpu_queue;
        cfg.wan_limits =
            QueueLimits::in_packets(kbnets_cpu_buffer_pkts(wan_queue, path.buffer_pkts));
        cfg.cpu_limits =
            QueueLimits::in_packets(kbnets_cpu_buffer_pkts(cpu_queue, path.buffer_pkts));
        cfg.queue_options = &ex.queue_options();
        cfg.rtt = path.rtt();
        cfg.tcp = path.tcp;
        cfg.cc = cc;
        cfg.start_spread = SimTime::from_ms(path.start_spread_ms);
        for (size_t i = 0; i < phases; ++i)
            cfg.phases.push_back({phase_len * static_cast<int64_t>(i),
                                  phase_len * static_cast<int64_t>(i + 1), cpu_flows[i],
                                  wan_flows[i]});
        CompressTopology net(sim, cfg);
        const std::string label = fmt::format("compress {}", mode.name);
        ex.trace(sim, net, label);
        CompressSnapshot last = net.snapshot();
        auto advance = [&](SimTime until) {  // runs to `until`, sampling the time series
            while (sim.now() < until) {
                const SimTime next = min(until, last.at + sample);
                run_with_progress(sim, next, label, path.duration());
                if (sim.now() - last.at >= sample) {
                    const CompressSnapshot now = net.snapshot();
                    const CompressRates r = CompressTopology::rates_between(last, now);
                    series +=
                        fmt::format("{},{:.3f},{:.3f},{:.3f},{:.3f}\n", mode.name, now.at.to_sec(),
                                    r.direct_mbps, r.compressed_mbps, r.multipath_mbps);
                    last = now;
                }
            }
        };
        for (size_t i = 0; i < phases; ++i) {
            const CompressPhase& ph = cfg.phases[i];
            advance(ph.start + settle);
            const CompressSnapshot from = net.snapshot();
            advance(ph.end);
            const CompressRates r = CompressTopology::rates_between(from, net.snapshot());
            table.add_row({mode.name, static_cast<int64_t>(i + 1), ph.start.to_sec(),
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
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return run_experiment("compress", [&] { return run(argc, argv); });
}
