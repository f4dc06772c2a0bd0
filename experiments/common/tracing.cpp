#include "tracing.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "experiments/common/experiment.h"
#include "src/input_error.h"

namespace corelink {

namespace {

// "trace.pcap" + "droptail_k2" -> "trace.droptail_k2.pcap"; characters a file name should not
// carry become '_'.
std::string run_file_name(const std::string& path, const std::string& run) {
    if (run.empty()) return path;
    std::string label = run;
    for (char& c : label)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
            c = '_';
    const size_t slash = path.find_last_of('/');
    const size_t dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash) ||
        dot == (slash == std::string::npos ? 0 : slash + 1))
        return path + "." + label;
    return path.substr(0, dot) + "." + label + path.substr(dot);
}

std::string time_cell(SimTime t) {
    return fmt::format("{:.6f}", t.to_sec());
}

}  // namespace

Tracer::~Tracer() = default;

std::vector<OptionSpec> Tracer::option_specs() {
    const char* const group = "Trace options (docs/traces.md)";
    std::vector<OptionSpec> specs = {
        spec_of("pcap", OptionKind::OutFile, "", {}, "", false,
                "write a pcap packet trace (Wireshark, tshark, tcpdump, tcptrace) of what "
                "--pcap-at sends to FILE; with several runs, FILE.<run>.pcap per run"),
        spec_of("pcap-at", OptionKind::Text, "", {}, "", false,
                "the point traced: omitted = the topology's default (the bottleneck's "
                "departures); flow:N = flow N's sender (its data and the ACKs it receives); a "
                "topology's other points (an unknown name lists them)"),
        spec_of("pcap-snaplen", OptionKind::Int, "bytes", between(64, 65535),
                std::to_string(pcap::kDefaultSnaplen), true,
                "bytes of each synthetic Ethernet frame stored in the trace (headers take 54, "
                "options up to 40 more)"),
        spec_of("sample-us", OptionKind::Real, "us", between(0, 1e12), "0", true,
                "with --out: every US microseconds of simulated time (at least 0.001), sample the "
                "--sample-at queue (timeseries_queue.csv) and --sample-flows "
                "(timeseries_flows.csv); 0 = off. At most 2,000,000 rows over the whole "
                "experiment (they are held in memory): a run that would sample more is refused"),
        spec_of("sample-at", OptionKind::Text, "", {}, "", false,
                "the point whose queue occupancy, drops and marks are sampled (omitted = "
                "--pcap-at's)"),
        spec_of("sample-flows", OptionKind::IntList, "", between(0, 4294967295.0), "", false,
                "flow ids whose cwnd, ssthresh and RTT are sampled: a comma list, ranges like "
                "0..3 allowed (omitted = the first 4 flows)"),
    };
    for (OptionSpec& s : specs) s.group = group;
    return specs;
}

void Tracer::read(const Experiment& ex) {
    pcap_path_ = ex.text("pcap");
    pcap_at_ = ex.text("pcap-at");
    snaplen_ = static_cast<uint32_t>(ex.integer("pcap-snaplen"));
    const double sample_us = ex.real("sample-us");
    sample_interval_ = SimTime::from_us(sample_us);
    if (sample_us > 0 && sample_interval_ < SimTime::from_ns(1))
        throw InputError(fmt::format(
            "--sample-us: must be 0 (off) or a number in [0.001, 1e+12] us, got {}", sample_us));
    if (sample_us > 0 && ex.out_dir().empty())
        throw InputError("--sample-us: time series are written under --out DIR; give --out");
    sample_at_ = ex.text("sample-at");
    if (sample_at_.empty()) sample_at_ = pcap_at_;
    sample_flows_given_ = ex.set("sample-flows");
    if (sample_flows_given_)
        for (int64_t f : ex.ints("sample-flows")) sample_flows_.push_back(static_cast<uint32_t>(f));
}

TracePoints& Tracer::next_points() {
    finish_run();
    taps_.clear();
    points_ = std::make_unique<TracePoints>();
    return *points_;
}

void Tracer::attach(Simulation& sim, const std::string& run) {
    if (!points_) next_points();
    const TracePoints& points = *points_;
    auto resolve = [&](const std::string& flag, const std::string& name) {
        const std::string& n = name.empty() ? points.default_name() : name;
        if (n.empty())
            throw InputError(
                fmt::format("--{}: this topology has no default point; name one of: {}", flag,
                            points.names_joined()));
        const TracePoints::Point* p = points.find(n);
        if (!p && points.elsewhere(n)) return p;  // in other runs only: nothing traced in this one
        if (!p)
            throw InputError(fmt::format("--{}: unknown point '{}'; this experiment has: {}", flag,
                                         n, points.names_joined()));
        return p;
    };
    sim_ = &sim;
    run_ = run;
    attached_ = true;
    ++generation_;

    sampled_queue_ = nullptr;
    sampled_flows_.clear();
    if (sample_interval_ > SimTime::zero()) {
        if (const TracePoints::Point* at = resolve("sample-at", sample_at_)) {
            sampled_queue_ = at->queue;
            sampled_point_ = at->name;
        }
        std::vector<uint32_t> ids = sample_flows_;
        if (!sample_flows_given_) {
            ids = points.flow_ids();
            if (ids.size() > 4) ids.resize(4);
        }
        for (uint32_t id : ids) {
            const auto* f = points.flow(id);
            if (!f && points.flow_elsewhere(id)) continue;
            if (!f)
                throw InputError(fmt::format("--sample-flows: this experiment has no flow {}", id));
            sampled_flows_.emplace_back(id, f);
        }
    }
    if (const TracePoints::Point* at =
            pcap_path_.empty() ? nullptr : resolve("pcap-at", pcap_at_)) {
        writer_ = std::make_unique<PcapWriter>(run_file_name(pcap_path_, run), snaplen_);
        auto& tap = taps_.emplace_back(std::make_unique<PcapTap>(sim.events(), *writer_));
        for (const TapSlot& slot : at->slots) slot.route->insert(slot.position(), *tap);
        if (at->on_attach) at->on_attach(*tap);
    }
    if (sample_interval_ > SimTime::zero()) {
        if (queue_rows_.empty())
            queue_rows_ =
                "run,time_s,point,queued_pkts,queued_bytes,arrived_pkts,departed_pkts,"
                "dropped_pkts,marked_pkts\n";
        if (flow_rows_.empty())
            flow_rows_ =
                "run,time_s,flow,cwnd_bytes,ssthresh_bytes,srtt_us,rto_ms,bytes_acked,"
                "retransmits\n";
        sample();
        sim.events().schedule_in(sample_interval_, *this, generation_);
    }
}

void Tracer::handle_event(uint32_t generation) {
    if (generation != generation_) return;
    sample();
    sim_->events().schedule_in(sample_interval_, *this, generation_);
}

uint64_t Tracer::rows_per_sample() const {
    return (sampled_queue_ ? 1 : 0) + sampled_flows_.size();
}

void Tracer::refuse_length(double rows) const {
    throw InputError(fmt::format(
        "--sample-us: every {} us gives {:.0f} time-series rows, more than the {} kept in "
        "memory; sample less often, fewer --sample-flows, or a shorter run",
        sample_interval_.to_us(), rows, kMaxSampleRows));
}

void Tracer::check_run_length(SimTime end) const {
    if (!attached_ || sample_interval_ <= SimTime::zero() || !sim_ || end <= sim_->now()) return;
    // The sampler fires at now, now + interval, ... up to end.
    const double samples = std::floor((end - sim_->now()) / sample_interval_) + 1;
    const double rows =
        static_cast<double>(sample_rows_) + samples * static_cast<double>(rows_per_sample());
    if (rows > static_cast<double>(kMaxSampleRows)) refuse_length(rows);
}

void Tracer::sample() {
    sample_rows_ += rows_per_sample();
    if (sample_rows_ > kMaxSampleRows) refuse_length(static_cast<double>(sample_rows_));
    const std::string t = time_cell(sim_->now());
    if (sampled_queue_) {
        const QueueStats& s = sampled_queue_->stats();
        queue_rows_ +=
            fmt::format("{},{},{},{},{},{},{},{},{}\n", run_, t, sampled_point_,
                        sampled_queue_->packets(), sampled_queue_->bytes(), s.arrived_pkts,
                        s.departed_pkts, s.dropped_total(), s.marked_pkts);
    }
    for (const auto& [id, f] : sampled_flows_) {
        const FlowState st = (*f)();
        // ssthresh is infinite until the first loss: written as "inf".
        flow_rows_ += fmt::format("{},{},{},{:.0f},{:.0f},{:.3f},{:.3f},{},{}\n", run_, t, id,
                                  st.cwnd_bytes, st.ssthresh_bytes, st.srtt.to_us(), st.rto.to_ms(),
                                  st.bytes_acked, st.retransmissions);
    }
}

void Tracer::finish_run() {
    if (writer_) {
        writer_->finish();
        writer_.reset();
    }
}

std::vector<std::pair<std::string, std::string>> Tracer::time_series() const {
    std::vector<std::pair<std::string, std::string>> out;
    if (sample_interval_ <= SimTime::zero() || !attached_) return out;
    out.emplace_back("timeseries_queue.csv", queue_rows_);
    out.emplace_back("timeseries_flows.csv", flow_rows_);
    return out;
}

}  // namespace corelink
