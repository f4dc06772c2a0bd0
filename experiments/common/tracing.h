// Packet traces and time series for every experiment, declared once:
//   --pcap FILE         write a pcap trace of what the chosen point sends (docs/traces.md)
//   --pcap-at POINT     which point: the topology's bottleneck departures by default; "flow:3"
//                       for flow 3's sender; a fabric's link by name
//   --pcap-snaplen N    bytes of each synthetic frame stored
//   --sample-us US      with --out: sample the chosen point's queue and the chosen flows every US
//                       microseconds into timeseries_queue.csv and timeseries_flows.csv
//   --sample-at POINT   the point whose queue is sampled (default: --pcap-at's point)
//   --sample-flows LIST flows whose cwnd, ssthresh and RTT are sampled (default: the first 4)
//
// A run without these flags registers no trace point and inserts no tap: its per-packet path is
// exactly that of a build without tracing. With them, a tap (one more hop) is inserted into the
// routes of the chosen point, and a sampler event fires every --sample-us.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "experiments/common/options.h"
#include "src/event_list.h"
#include "src/pcap_writer.h"
#include "src/simulation.h"
#include "src/trace_points.h"

namespace corelink {

class Experiment;

class Tracer final : private EventHandler {
public:
    Tracer() = default;
    ~Tracer() override;
    Tracer(const Tracer&) = delete;
    Tracer& operator=(const Tracer&) = delete;

    // The trace flags, declared with the experiment's own (typed and range-checked, so they are
    // in --help and --list-options like every other flag).
    static std::vector<OptionSpec> option_specs();
    // Reads the flags once the experiment has parsed them; checks what their ranges cannot (a
    // sample interval that rounds to 0 ps, --sample-us without --out). Throws InputError.
    void read(const Experiment& ex);

    // True when a trace or a time series was requested: only then need topologies register
    // their points.
    bool wanted() const { return !pcap_path_.empty() || sample_interval_ > SimTime::zero(); }
    bool attached() const { return attached_; }

    // Points for the next run: the topology registers into these, then attach() is called.
    TracePoints& next_points();
    // Starts tracing one simulation run. `run` labels it: a non-empty label is inserted into the
    // pcap file name (trace.pcap -> trace.<run>.pcap) and fills the time series' run column.
    // Finishes the previous run's trace first. Throws InputError for an unknown point or flow.
    void attach(Simulation& sim, const std::string& run);
    // Closes the current run's trace file (renaming it into place).
    void finish_run();

    // Time series are held in memory until the experiment writes them, so their size is bounded:
    // at most kMaxSampleRows rows over all runs (about 100 bytes each). check_run_length refuses,
    // before the run starts, a run that would sample past the bound by the time `end`; sampling
    // past it anyway (a run not announced this way) stops the run with the same InputError.
    static constexpr uint64_t kMaxSampleRows = 2'000'000;
    void check_run_length(SimTime end) const;

    // Time series files (name, CSV content) gathered over every run; empty if none.
    std::vector<std::pair<std::string, std::string>> time_series() const;

private:
    void handle_event(uint32_t) override;
    void sample();
    uint64_t rows_per_sample() const;
    [[noreturn]] void refuse_length(double rows) const;

    // Options.
    std::string pcap_path_;
    std::string pcap_at_;
    uint32_t snaplen_ = pcap::kDefaultSnaplen;
    SimTime sample_interval_ = SimTime::zero();
    std::string sample_at_;
    std::vector<uint32_t> sample_flows_;
    bool sample_flows_given_ = false;

    // The current run.
    bool attached_ = false;
    std::unique_ptr<TracePoints> points_;
    std::unique_ptr<PcapWriter> writer_;
    std::vector<std::unique_ptr<PcapTap>> taps_;
    Simulation* sim_ = nullptr;
    std::string run_;
    const Queue* sampled_queue_ = nullptr;
    std::string sampled_point_;
    std::vector<std::pair<uint32_t, const std::function<FlowState()>*>> sampled_flows_;

    uint32_t generation_ = 0;  // sampler events of an earlier run are stale

    // Time series rows, every run.
    std::string queue_rows_, flow_rows_;
    uint64_t sample_rows_ = 0;
};

}  // namespace corelink
