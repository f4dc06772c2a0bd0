// Scaffolding shared by every experiment binary, so that each main() only declares its options,
// builds a topology, runs and hands back a table:
//   - options through Boost.Program_options, also readable from --config FILE (same keys);
//   - the options every experiment has: --help, --config, --seed, --csv, --out, --bench, and,
//     when it uses queues, --queue plus every registered queue's own options;
//   - the error contract: bad input -> one line "NAME: error: ..." on stderr, exit status 2, and
//     nothing written;
//   - output: a readable table (default) or CSV on stdout (--csv); with --out DIR the result
//     table and any time series are written there, each file atomically.
#pragma once

#include <boost/program_options.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "experiments/common/tracing.h"
#include "queues/queue_registry.h"
#include "src/input_error.h"
#include "src/results_table.h"

namespace corelink {

namespace po = boost::program_options;

class Experiment {
public:
    // `name` is the binary's name; `about` a paragraph for --help.
    Experiment(std::string name, std::string about);

    // The experiment's own options. Declare them before parse().
    // One option per line reads better than the chain clang-format would reflow.
    // clang-format off
    po::options_description_easy_init add_options() { return own_.add_options(); }
    // Adds --queue (a single name, or a comma list when `list` is true) and all queue options.
    // `defaults` replaces registry defaults for this experiment (e.g. RED thresholds suited to
    // its bandwidth-delay product); --help shows the replaced values.
    void use_queues(const std::string& default_queue, bool list = false,
                    const std::map<std::string, std::string>& defaults = {});
    // clang-format on

    // Parses argv and, if given, --config FILE. Returns false when --help was printed (exit 0).
    // Throws InputError on any bad flag, value or config line.
    bool parse(int argc, char** argv);

    const po::variables_map& vars() const { return vm_; }
    template <typename T>
    T get(const std::string& key) const {
        return vm_[key].as<T>();
    }
    bool flag(const std::string& key) const { return vm_.count(key) && vm_[key].as<bool>(); }

    uint64_t seed() const { return get<uint64_t>("seed"); }
    bool csv() const { return flag("csv"); }
    bool bench() const { return flag("bench"); }
    const std::string& out_dir() const { return out_dir_; }
    const std::string& name() const { return name_; }

    // Queue selection (after use_queues): the names given to --queue, each checked against the
    // registry, and the parsed queue options.
    std::vector<std::string> queue_names() const;
    const QueueOptionValues& queue_options() const { return queue_values_; }

    // Packet traces and time series (--pcap, --sample-us; see tracing.h). Call trace() once per
    // simulation run, after building the topology and before running: when tracing was asked
    // for, the topology registers its points (register_trace_points) and the chosen one gets a
    // tap; otherwise nothing happens. `run` labels the run when an experiment runs several.
    bool tracing() const { return tracer_.wanted(); }
    template <typename Topology>
    void trace(Simulation& sim, Topology& net, const std::string& run = "") const {
        if (!tracer_.wanted()) return;
        net.register_trace_points(tracer_.next_points());
        tracer_.attach(sim, run);
    }

    // Writes the result table: CSV or text on stdout, and <out>/<file> when --out is given.
    // Also closes the last run's trace and writes the time series beside the table.
    void emit(const ResultsTable& table, const std::string& file = "results.csv") const;
    // Writes an extra file (a time series) under --out, if given; does nothing otherwise.
    void write_out(const std::string& file, const std::string& content) const;
    // Human-facing lines (summaries): printed to stdout only without --csv.
    void note(const std::string& text) const;

private:
    std::string queue_catalog() const;

    std::string name_, about_;
    po::options_description own_;
    po::options_description common_;
    po::options_description queue_opts_;
    po::options_description trace_opts_;
    mutable Tracer tracer_;  // emit() closes the trace of the last run
    bool uses_queues_ = false;
    bool queue_list_ = false;
    po::variables_map vm_;
    QueueOptionValues queue_values_;
    std::string out_dir_;
};

// Runs an experiment's body, mapping InputError (and option-parsing errors) to one stderr line
// and exit 2, any other exception to exit 1. Returns the process exit status.
int run_experiment(const std::string& name, const std::function<int()>& body);

// Validation helpers: each throws InputError("--flag: must be ..., got X").
void require_positive(const std::string& flag, double value);
void require_positive_int(const std::string& flag, int64_t value);
void require_non_negative(const std::string& flag, double value);
void require_probability(const std::string& flag, double value);
// Parses a comma-separated list of numbers ("1,2,4"); ranges "1..10" expand to integers.
std::vector<double> parse_number_list(const std::string& flag, const std::string& text);
std::vector<std::string> parse_name_list(const std::string& text);

// Peak resident memory of this process so far, in MiB (for --bench summaries).
double peak_rss_mib();

}  // namespace corelink
