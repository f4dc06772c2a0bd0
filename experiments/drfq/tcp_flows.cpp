// TCP flows through the pipeline (DRFQ Table 7): each flow alone (FIFO), then all of them under
// each scheduler of --queue. Goodput is measured after the first tenth of the run (slow start).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "experiments/common/runner.h"
#include "experiments/common/tcp_path_options.h"
#include "experiments/drfq/flows.h"
#include "queues/bottleneck_fair_queue.h"
#include "queues/multi_resource_pipeline.h"
#include "topologies/tcp_pipeline.h"

namespace corelink::drfq {

namespace {

// The trace points of a run holding flows `ids` of the experiment's `n`: the pipeline's own, plus
// the other flows' names marked as present in other runs only.
struct RunOfSubset {
    TcpPipeline& net;
    const std::vector<size_t>& ids;
    size_t n;
    void register_trace_points(TracePoints& points) {
        net.register_trace_points(points);
        for (size_t id = 0; id < n; ++id) {
            if (std::find(ids.begin(), ids.end(), id) != ids.end()) continue;
            points.add_elsewhere("flow:" + std::to_string(id));
            points.add_flow_elsewhere(static_cast<uint32_t>(id));
        }
    }
};

}  // namespace

void tcp_flows(const Experiment& ex) {
    const std::vector<double>& cpu_us = ex.reals("tcp-cpu-us");
    const size_t n = cpu_us.size();
    const std::vector<int64_t>& buffers = ex.ints("buffer-pkts");
    if (buffers.size() != 1)
        throw InputError("--buffer-pkts: TCP flows take one integer >= 1 (per-flow input buffer)");
    const double duration = duration_units(ex);
    const auto runs = static_cast<double>(n + ex.queues().size());
    // Data packets the link can carry, the CPU's at the smallest demand, and their ACKs.
    const double link_pps = ex.real("link-mbps") * 1e6 / (8.0 * double(ex.integer("size-bytes")));
    const double cpu_pps = 1e6 / *std::min_element(cpu_us.begin(), cpu_us.end());
    check_size("duration-s", runs * duration * 1e-6 * 2 * (link_pps + cpu_pps),
               static_cast<double>(n) * static_cast<double>(buffers[0]));
    // The paper's numbers, for the table (DRFQ §8.1.3, Table 7): flow 0 basic, flow 1 RE.
    const std::map<std::string, std::array<double, 2>> paper = {
        {"alone", {191, 33}}, {"bottleneck-fair", {75, 32}}, {"drfq", {160, 28}}};
    ResultsTable table({{"setting"},
                        {"flow", 0},
                        {"throughput_mbps", 1},
                        {"paper_mbps", 0},
                        {"share_r0", 4},
                        {"share_r1", 4},
                        {"drops", 0},
                        {"timeouts", 0},
                        {"bottleneck_switches", 0}});
    const SimTime end = SimTime::from_us(duration);
    const SimTime warmup = end / 10;
    const std::vector<double> weights =
        ex.set("weights") ? ex.reals("weights") : std::vector<double>{};
    // One run: the flows `ids` (indices into --tcp-cpu-us) together under `scheduler`.
    auto run_one = [&](const std::string& setting, const std::string& scheduler,
                       const QueueOptionValues& options, const std::vector<size_t>& ids) {
        Simulation sim(ex.seed());
        std::vector<double> w;
        for (size_t id : ids) w.push_back(id < weights.size() ? weights[id] : 1.0);
        MultiResourcePipeline pipe(sim.events(), sim.pool(),
                                   make_scheduler(sim, scheduler, options, w),
                                   pipeline_config(ex, static_cast<uint64_t>(buffers[0])));
        TcpPipelineConfig tc;
        for (size_t id : ids) tc.cpu_per_packet.push_back(SimTime::from_us(cpu_us[id]));
        tc.cpu_sd_fraction = ex.real("demand-sd");
        tc.link_rate_bps = ex.real("link-mbps") * 1e6;
        tc.rtt = ex.time("rtt-ms");
        tc.tcp.mss_bytes = static_cast<uint32_t>(ex.integer("size-bytes"));
        read_tcp_variant(ex, tc.tcp);
        for (size_t id : ids) tc.trace_ids.push_back(static_cast<uint32_t>(id));
        TcpPipeline net(sim, pipe, tc);
        // flow:N names flow N of the whole experiment in every run; a run without it (an "alone"
        // run of another flow) traces nothing there.
        RunOfSubset traced{net, ids, n};
        ex.trace(sim, traced, setting == "alone" ? fmt::format("alone{}", ids[0]) : setting);
        Run run(ex, sim, fmt::format("drfq table7 {}", setting), end);
        run.to(warmup);
        std::vector<uint64_t> acked;
        std::vector<FlowUsage> used;
        for (size_t k = 0; k < ids.size(); ++k) {
            // Goodput is what the sink delivers in order from now on (TcpSink::bytes_delivered()).
            net.sink(k).start_measurement();
            acked.push_back(net.sink(k).bytes_delivered());
            used.push_back(pipe.usage(static_cast<uint32_t>(k)));
        }
        run.to(end);
        const SimTime window = end - warmup;
        uint64_t switches = 0;
        if (const auto* bf = dynamic_cast<const BottleneckFairQueue*>(&pipe.scheduler()))
            switches = bf->switches();
        for (size_t k = 0; k < ids.size(); ++k) {
            const auto f = static_cast<uint32_t>(k);
            const FlowUsage& u = pipe.usage(f);
            const auto it = paper.find(setting);
            const double paper_mbps = it != paper.end() && ids[k] < 2 ? it->second[ids[k]] : 0.0;
            table.add_row(
                {setting, static_cast<int64_t>(ids[k]),
                 rate_bps(net.sink(k).bytes_delivered() - acked[k], window) / 1e6, paper_mbps,
                 (u.work[0] - used[k].work[0]) / window, (u.work[1] - used[k].work[1]) / window,
                 static_cast<int64_t>(pipe.dropped(f)), static_cast<int64_t>(net.src(k).timeouts()),
                 static_cast<int64_t>(switches)});
        }
    };
    for (size_t i = 0; i < n; ++i) run_one("alone", "fifo", ex.queue_options(), {i});
    std::vector<size_t> all(n);
    for (size_t i = 0; i < n; ++i) all[i] = i;
    for (const QueueSpec& q : ex.queues()) run_one(q.label, q.name, q.options, all);
    ex.emit(table);
}

}  // namespace corelink::drfq
