// Scaffolding shared by every experiment binary, so that each main() only declares its options,
// builds a scenario, runs it and names its result columns:
//   - typed options (options.h): each declared once with unit and range, checked before anything
//     runs; also readable from --config FILE or a named --scenario preset (same keys);
//   - the options every experiment has: --help, --config, --seed, --csv, --out, --bench, and,
//     when it uses queues, --queue (queue specs with their own options, queue_spec.h) plus every
//     registered queue's options;
//   - the error contract: bad input -> one line "NAME: error: ..." on stderr, exit status 2, and
//     nothing written; "internal error" (exit 1) only for bugs;
//   - output: a readable table (default) or CSV on stdout (--csv); with --out DIR the result
//     table and any time series are written there, each file atomically;
//   - --bench: one line on stderr after the run, the same fields for every binary (runner.h).
//
// A main() reads:
//   Experiment ex("name", "about");
//   ex.add_real("rate-mbps", 100, "Mb/s", above(0, 1e6), "bottleneck rate");
//   return ex.run(argc, argv, [&] { ...; ex.emit(table); });
#pragma once

#include <boost/program_options.hpp>

#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "experiments/common/options.h"
#include "experiments/common/queue_spec.h"
#include "experiments/common/tracing.h"
#include "queues/queue_registry.h"
#include "src/input_error.h"
#include "src/results_table.h"

namespace corelink {

namespace po = boost::program_options;

// What --bench reports: totals over every simulation the experiment ran (runner.h adds to it).
struct BenchTotals {
    // packets: every packet of the packet pool, unless the experiment names its own count
    // (Run::set_packets: the dumbbell's data packets served, as htsim's bench line counts).
    uint64_t runs = 0, events = 0, packets = 0;
    // Experiment-specific " key=value" fields appended to the line, given the wall time.
    std::function<std::string(double wall_s)> extra;
};

// A named preset: a config text (the same 'key = value' lines as --config) that --scenario NAME
// applies under the command line and --config.
struct Preset {
    std::string name, summary, config;
};

// The presets of this binary, compiled in from experiments/presets/<binary>-<scenario>.conf (the
// first '#' line of a file is its summary). Defined by a file CMake generates per binary.
std::vector<Preset> builtin_presets();

class Experiment {
public:
    // `name` is the binary's name; `about` a paragraph for --help.
    Experiment(std::string name, std::string about);
    // Leaving by an exception (bad input found after parse) removes an --out directory that
    // parse() created, so a refused run leaves nothing behind.
    ~Experiment();
    Experiment(const Experiment&) = delete;
    Experiment& operator=(const Experiment&) = delete;

    // --- Declarations (before run/parse). Units are part of the declaration; --help shows them.
    void add_real(const std::string& name, double def, const std::string& unit, Range range,
                  const std::string& help);
    void add_int(const std::string& name, int64_t def, const std::string& unit, Range range,
                 const std::string& help);
    // unit: s, ms, us or ns. The range is narrowed to what SimTime holds (options.h).
    void add_time(const std::string& name, double def, const std::string& unit, Range range,
                  const std::string& help);
    void add_choice(const std::string& name, const std::string& def,
                    const std::vector<std::string>& choices, const std::string& help);
    void add_on_off(const std::string& name, bool def, const std::string& help);
    // def empty = optional (given() tells whether it was set).
    void add_text(const std::string& name, const std::string& def, const std::string& help);
    void add_reals(const std::string& name, const std::string& def, const std::string& unit,
                   Range range, const std::string& help);
    void add_ints(const std::string& name, const std::string& def, const std::string& unit,
                  Range range, const std::string& help);
    void add_flag(const std::string& name, const std::string& help);
    void add_out_file(const std::string& name, const std::string& help);
    // Any spec (optional numbers: has_default = false).
    void add(OptionSpec spec);
    // An old spelling: `--old X` means `--target X*scale`. Giving both is refused.
    // `unit` is the old spelling's unit (Time options: s, ms, us, ns).
    void add_alias(const std::string& old_name, const std::string& target, double scale,
                   const std::string& unit = "");
    // Adds --queue (a single spec, or a comma list when `list` is true) and all queue options.
    // `defaults` replaces registry defaults for this experiment (e.g. RED thresholds suited to
    // its bandwidth-delay product); --help shows the replaced values.
    void use_queues(const std::string& default_queue, bool list = false,
                    const std::map<std::string, std::string>& defaults = {});
    // Named presets for --scenario (the first is the default when `default_scenario` is set).
    void use_presets(std::vector<Preset> presets, const std::string& default_scenario = "");
    // A flag naming one more registered queue the experiment builds besides --queue (e.g. a
    // --wan-queue): its options count as used when checking for options of unselected queues.
    void add_queue_choice(const std::string& name, const std::string& def, const std::string& help);

    // --- Running: parses argv (prints --help / --list-options and returns 0), then runs `body`,
    // mapping InputError to one stderr line and exit 2, printing the --bench line on success.
    int run(int argc, char** argv, const std::function<void()>& body);
    // Parsing alone (tests, legacy mains). Returns false when help or the option list was printed.
    bool parse(int argc, char** argv);

    // --- Values.
    double real(const std::string& name) const;
    int64_t integer(const std::string& name) const;
    SimTime time(const std::string& name) const;   // a Time option as SimTime
    double number(const std::string& name) const;  // a Time option in its own unit
    const std::string& text(const std::string& name) const;
    bool on(const std::string& name) const;  // OnOff and Flag
    const std::vector<double>& reals(const std::string& name) const;
    const std::vector<int64_t>& ints(const std::string& name) const;
    // Whether the user set it (command line or --config), as opposed to a default or preset.
    bool given(const std::string& name) const;
    // Whether the value differs from the declared default in any way (user or preset).
    bool set(const std::string& name) const;
    const std::string& scenario() const { return scenario_; }

    uint64_t seed() const { return static_cast<uint64_t>(integer("seed")); }
    bool csv() const { return on("csv"); }
    bool bench() const { return on("bench"); }
    const std::string& out_dir() const { return out_dir_; }
    const std::string& name() const { return name_; }

    // Queue selection (after use_queues): every spec of --queue, each with its own options.
    const std::vector<QueueSpec>& queues() const { return queue_specs_; }
    // The queue names of those specs (legacy; specs carry their own options: use queues()).
    std::vector<std::string> queue_names() const;
    // The options given on the command line, without per-spec overrides.
    const QueueOptionValues& queue_options() const { return queue_values_; }

    // Writes the result table: CSV or text on stdout, and <out>/<file> when --out is given.
    // `always_csv`: CSV on stdout even without --csv (a one-row summary meant for scripts).
    void emit(const ResultsTable& table, const std::string& file = "results.csv",
              bool always_csv = false) const;
    // Writes an extra table (a time series) under --out, if given; does nothing otherwise.
    void write_out(const std::string& file, const ResultsTable& table) const;
    // Legacy: a pre-formatted CSV text. Prefer a ResultsTable.
    void write_out(const std::string& file, const std::string& csv_text) const;
    // Human-facing lines (summaries): printed to stdout only without --csv.
    void note(const std::string& text) const;

    // Packet traces and time series (--pcap, --sample-us; see tracing.h). Call trace() once per
    // simulation run, after building the topology and before running: when tracing was asked
    // for, the topology registers its points (register_trace_points) and the chosen one gets a
    // tap; otherwise nothing happens. `run` labels the run when an experiment runs several.
    // emit() closes the last run's trace and writes the time series beside the table.
    bool tracing() const { return tracer_.wanted(); }
    template <typename Topology>
    void trace(Simulation& sim, Topology& net, const std::string& run = "") const {
        if (!tracer_.wanted()) return;
        net.register_trace_points(tracer_.next_points());
        tracer_.attach(sim, run);
    }

    // Refuses (InputError) a run to `end` whose time series would outgrow the in-memory bound;
    // Run's constructor calls it, before anything is simulated.
    void check_trace_length(SimTime end) const { tracer_.check_run_length(end); }

    // For experiments whose model has no packets to trace (it counts them): --pcap and
    // --sample-us are refused before anything runs, with `why`.
    void no_trace_points(std::string why) { no_trace_why_ = std::move(why); }

    BenchTotals& bench_totals() const { return bench_; }
    // For experiments that pick queues other than through --queue: options of queues --queue
    // does not name are not refused.
    void allow_options_of_unselected_queues() { check_unselected_ = false; }

    // Legacy (untyped) access, for flags declared through add_options().
    po::options_description_easy_init add_options() { return legacy_.add_options(); }
    const po::variables_map& vars() const { return vm_; }
    template <typename T>
    T get(const std::string& key) const {
        return vm_[key].as<T>();
    }
    bool flag(const std::string& key) const { return vm_.count(key) && vm_[key].as<bool>(); }

private:
    static constexpr unsigned kHelpWidth = 100;
    static constexpr const char* kCommon = "Common options";
    static constexpr const char* kQueue =
        "Queue options (each applies to the queues named in brackets)";

    const OptionSpec& spec(const std::string& name) const;
    const OptionValue& value(const std::string& name) const;
    po::options_description all_descriptions() const;
    void resolve_values();
    void resolve_queues();
    std::string option_list() const;
    std::string queue_catalog() const;

    std::string name_, about_;
    std::vector<OptionSpec> specs_;
    std::map<std::string, OptionValue> values_;
    po::options_description legacy_;
    mutable Tracer tracer_;  // emit() closes the trace of the last run
    std::string no_trace_why_;
    std::vector<Preset> presets_;
    std::string scenario_;
    std::map<std::string, std::string> preset_values_;
    bool uses_queues_ = false, queue_list_ = false, check_unselected_ = true;
    std::map<std::string, std::string> queue_defaults_;
    po::variables_map vm_;
    std::map<std::string, bool> from_user_;
    // Time options given through an old spelling: the unit and value as typed.
    std::map<std::string, std::pair<std::string, double>> alias_units_;
    QueueOptionValues queue_values_;
    std::vector<QueueSpec> queue_specs_;
    std::vector<std::string> queue_choices_;
    std::string out_dir_;
    std::string created_out_;  // the outermost directory parse() created for --out
    int uncaught_at_start_ = 0;
    void prepare_out_dir(const std::string& dir);
    void remove_created_out();
    mutable BenchTotals bench_;
    std::chrono::steady_clock::time_point started_;
};

// Legacy entry point: runs `body`, mapping InputError (and option-parsing errors) to one stderr
// line and exit 2, any other exception to exit 1. Returns the process exit status.
int run_experiment(const std::string& name, const std::function<int()>& body);

// Validation helpers for values computed at run time: each throws InputError("--flag: must be
// ..., got X"). Declared ranges (add_real & co.) cover everything a user types.
void require_positive(const std::string& flag, double value);
void require_positive_int(const std::string& flag, int64_t value);
void require_non_negative(const std::string& flag, double value);
void require_probability(const std::string& flag, double value);
// Comma lists (no empty items), for options declared as text.
std::vector<double> parse_number_list(const std::string& flag, const std::string& text);
std::vector<std::string> parse_name_list(const std::string& text);

// Peak resident memory of this process so far, in MiB (for --bench summaries).
double peak_rss_mib();

}  // namespace corelink
