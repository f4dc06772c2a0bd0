// The Experiment's declarations, typed values, the run (error contract, --bench line) and output
// (--out prepared before anything runs, files written atomically). Parsing is in
// experiment_parse.cpp, --list-options and the queue catalogue in experiment_help.cpp.
#include "experiment.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "src/output_file.h"

namespace corelink {

namespace {

std::string format_default(double v) {
    return fmt::format("{}", v);
}

}  // namespace

Experiment::Experiment(std::string name, std::string about)
    : name_(std::move(name)),
      about_(std::move(about)),
      legacy_("Experiment options", kHelpWidth, kHelpWidth / 2),
      uncaught_at_start_(std::uncaught_exceptions()) {
    auto common = [&](OptionSpec s) {
        s.group = kCommon;
        add(std::move(s));
    };
    common(spec_of("seed", OptionKind::Int, "", between(0, 9.2e18), "1", true,
                   "random seed: the same flags and seed give byte-identical output"));
    common(spec_of("config", OptionKind::Text, "", {}, "", false,
                   "read options from FILE: one 'key = value' per line, keys are the long flag "
                   "names without dashes: the command line wins over the file"));
    common(spec_of("csv", OptionKind::Flag, "", {}, "", false,
                   "print the result table as CSV on stdout (header first, nothing else on "
                   "stdout)"));
    common(spec_of("out", OptionKind::OutDir, "", {}, "", false,
                   "also write the result table and time series as CSV files into directory DIR "
                   "(created if missing, checked before anything runs)"));
    common(spec_of("bench", OptionKind::Flag, "", {}, "", false,
                   "after the run, print one line on stderr: wall time, events, packets, packets "
                   "per wall-clock second, peak memory"));
    for (OptionSpec& s : Tracer::option_specs()) add(std::move(s));
}

Experiment::~Experiment() {
    if (std::uncaught_exceptions() > uncaught_at_start_) remove_created_out();
}

void Experiment::add(OptionSpec s) {
    if (std::any_of(specs_.begin(), specs_.end(),
                    [&](const OptionSpec& o) { return o.name == s.name; }))
        throw std::logic_error("option declared twice: --" + s.name);
    if (s.kind == OptionKind::Time && ps_per_unit(s.unit) == 0)
        throw std::logic_error("time option --" + s.name + " needs unit s, ms, us or ns");
    if (s.has_default && s.kind != OptionKind::Flag && !s.def.empty() && s.alias_of.empty())
        parse_option_value(s, s.def);  // a default outside its own range is a bug
    specs_.push_back(std::move(s));
}

void Experiment::add_real(const std::string& n, double def, const std::string& unit, Range r,
                          const std::string& help) {
    add(spec_of(n, OptionKind::Real, unit, r, format_default(def), true, help));
}
void Experiment::add_int(const std::string& n, int64_t def, const std::string& unit, Range r,
                         const std::string& help) {
    add(spec_of(n, OptionKind::Int, unit, r, std::to_string(def), true, help));
}
void Experiment::add_time(const std::string& n, double def, const std::string& unit, Range r,
                          const std::string& help) {
    add(spec_of(n, OptionKind::Time, unit, r, format_default(def), true, help));
}
void Experiment::add_choice(const std::string& n, const std::string& def,
                            const std::vector<std::string>& choices, const std::string& help) {
    OptionSpec s = spec_of(n, OptionKind::Choice, "", {}, def, !def.empty(), help);
    s.choices = choices;
    add(std::move(s));
}
void Experiment::add_on_off(const std::string& n, bool def, const std::string& help) {
    add(spec_of(n, OptionKind::OnOff, "", {}, def ? "on" : "off", true, help));
}
void Experiment::add_text(const std::string& n, const std::string& def, const std::string& help) {
    add(spec_of(n, OptionKind::Text, "", {}, def, !def.empty(), help));
}
void Experiment::add_reals(const std::string& n, const std::string& def, const std::string& unit,
                           Range r, const std::string& help) {
    add(spec_of(n, OptionKind::RealList, unit, r, def, !def.empty(), help));
}
void Experiment::add_ints(const std::string& n, const std::string& def, const std::string& unit,
                          Range r, const std::string& help) {
    add(spec_of(n, OptionKind::IntList, unit, r, def, !def.empty(), help));
}
void Experiment::add_flag(const std::string& n, const std::string& help) {
    add(spec_of(n, OptionKind::Flag, "", {}, "", false, help));
}
void Experiment::add_out_file(const std::string& n, const std::string& help) {
    add(spec_of(n, OptionKind::OutFile, "", {}, "", false, help));
}
void Experiment::add_queue_choice(const std::string& n, const std::string& def,
                                  const std::string& help) {
    add_choice(n, def, builtin_queues().names(), help);
    queue_choices_.push_back(n);
}

void Experiment::add_alias(const std::string& old_name, const std::string& target, double scale,
                           const std::string& unit) {
    OptionSpec s = spec(target);
    s.name = old_name;
    s.alias_of = target;
    s.alias_scale = scale;
    s.has_default = false;
    s.def.clear();
    if (!unit.empty()) s.unit = unit;
    s.range.lo /= scale;
    s.range.hi /= scale;
    s.help = fmt::format("old spelling of --{}{}", target,
                         scale == 1.0 ? "" : fmt::format(" (in {})", s.unit));
    add(std::move(s));
}

void Experiment::use_queues(const std::string& default_queue, bool list,
                            const std::map<std::string, std::string>& defaults) {
    uses_queues_ = true;
    queue_list_ = list;
    queue_defaults_ = defaults;
    const QueueRegistry& reg = builtin_queues();
    add(spec_of("queue", OptionKind::Text, "", {}, default_queue, true,
                std::string(list ? "queue disciplines to compare: a comma list of specs"
                                 : "queue discipline in front of the bottleneck: one spec") +
                    " NAME[:option=value...] (e.g. fq:batch=1), NAME one of the queues below"));
    for (const auto& [name, value] : defaults) {
        bool known = false;
        for (const auto& m : reg.options()) known |= m.option.name == name;
        if (!known) throw std::logic_error("use_queues: no queue option --" + name);
    }
}

void Experiment::use_presets(std::vector<Preset> presets, const std::string& default_scenario) {
    std::vector<std::string> names;
    std::string help = "a preset: named flag values, applied under the command line and --config:";
    for (Preset& p : presets) {
        if (p.summary.empty() && p.config.rfind("# ", 0) == 0)
            p.summary = p.config.substr(2, p.config.find('\n') - 2);
        names.push_back(p.name);
        help += fmt::format(" {} ({});", p.name, p.summary);
    }
    help.back() = '.';
    presets_ = std::move(presets);
    add_choice("scenario", default_scenario, names, help);
}

const OptionSpec& Experiment::spec(const std::string& name) const {
    for (const OptionSpec& s : specs_)
        if (s.name == name) return s;
    throw std::logic_error("no option --" + name);
}

const OptionValue& Experiment::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw std::logic_error("option --" + name + " was never declared");
    return it->second;
}

double Experiment::real(const std::string& name) const {
    return std::get<double>(value(name));
}
int64_t Experiment::integer(const std::string& name) const {
    return std::get<int64_t>(value(name));
}
double Experiment::number(const std::string& name) const {
    return std::get<double>(value(name));
}
SimTime Experiment::time(const std::string& name) const {
    // Converted from the unit the user typed, so an old spelling rounds as it always did.
    if (auto it = alias_units_.find(name); it != alias_units_.end())
        return to_sim_time(it->second.second, it->second.first);
    return to_sim_time(number(name), spec(name).unit);
}
const std::string& Experiment::text(const std::string& name) const {
    static const std::string empty;
    const OptionValue& v = value(name);
    return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : empty;
}
bool Experiment::on(const std::string& name) const {
    return std::get<bool>(value(name));
}
const std::vector<double>& Experiment::reals(const std::string& name) const {
    return std::get<std::vector<double>>(value(name));
}
const std::vector<int64_t>& Experiment::ints(const std::string& name) const {
    return std::get<std::vector<int64_t>>(value(name));
}
bool Experiment::given(const std::string& name) const {
    auto it = from_user_.find(name);
    if (it != from_user_.end()) return it->second;
    return vm_.count(name) && !vm_[name].defaulted();  // queue and legacy options
}
bool Experiment::set(const std::string& name) const {
    return !std::holds_alternative<std::monostate>(value(name));
}

int Experiment::run(int argc, char** argv, const std::function<void()>& body) {
    started_ = std::chrono::steady_clock::now();
    const int status = run_experiment(name_, [&] {
        if (!parse(argc, argv)) return 0;
        body();
        if (bench()) {
            const double wall_s =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
            std::cerr << fmt::format(
                "bench: {} wall_s={:.3f} runs={} events={} packets={} pkts_per_wall_s={:.0f} "
                "peak_rss_mib={:.1f}{}\n",
                name_, wall_s, bench_.runs, bench_.events, bench_.packets,
                static_cast<double>(bench_.packets) / std::max(wall_s, 1e-9), peak_rss_mib(),
                bench_.extra ? bench_.extra(wall_s) : std::string());
        }
        return 0;
    });
    if (status != 0) remove_created_out();
    return status;
}

void Experiment::emit(const ResultsTable& table, const std::string& file, bool always_csv) const {
    if (tracer_.wanted() && !tracer_.attached())
        throw InputError(fmt::format("--pcap, --sample-us: {} has no packet trace points", name_));
    tracer_.finish_run();
    const bool as_csv = csv() || always_csv;
    if (out_dir_.empty()) {  // streamed: a table of 100,000 rows needs no string of its size
        if (as_csv)
            table.write_csv(std::cout);
        else
            table.write_text(std::cout);
        std::cout.flush();
        return;
    }
    // Formatted once for stdout and the file when both get the CSV.
    const std::string csv_text = table.to_csv();
    if (as_csv)
        std::cout << csv_text;
    else
        table.write_text(std::cout);
    std::cout.flush();
    write_out(file, csv_text);
    for (const auto& [name, content] : tracer_.time_series()) write_out(name, content);
}

void Experiment::prepare_out_dir(const std::string& dir) {
    // Create it now and prove a file can be written there, so that a run never computes a
    // result it cannot save; run() removes what it created if the run then fails.
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path missing = fs::absolute(dir, ec);
    while (!missing.empty() && !fs::exists(missing.parent_path(), ec) &&
           missing != missing.parent_path())
        missing = missing.parent_path();
    if (!fs::exists(dir, ec)) created_out_ = missing.string();
    fs::create_directories(dir, ec);
    out_dir_ = dir;
    const fs::path probe = fs::path(dir) / ".corelink-write-test";
    bool ok = !ec && fs::is_directory(dir, ec);
    if (ok) {
        std::ofstream f(probe);
        ok = static_cast<bool>(f << "x" << std::flush);
    }
    fs::remove(probe, ec);
    if (!ok) {
        remove_created_out();
        out_dir_.clear();
        throw InputError(fmt::format(
            "--out: must be a directory that can be created or written, got '{}'", dir));
    }
}

void Experiment::remove_created_out() {
    if (created_out_.empty()) return;
    std::error_code ec;
    // Only directories this run created, and only while they hold nothing.
    for (std::filesystem::path p = std::filesystem::absolute(out_dir_, ec).lexically_normal();
         p.string().size() >= created_out_.size() && p != p.parent_path(); p = p.parent_path())
        if (!std::filesystem::remove(p, ec)) break;
    created_out_.clear();
}

std::vector<std::string> Experiment::queue_names() const {
    std::vector<std::string> out;
    for (const QueueSpec& q : queue_specs_) out.push_back(q.name);
    return out;
}

void Experiment::write_out(const std::string& file, const ResultsTable& table) const {
    write_out(file, table.to_csv());
}

void Experiment::write_out(const std::string& file, const std::string& csv_text) const {
    if (out_dir_.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(out_dir_, ec);
    if (ec)
        throw InputError(
            fmt::format("--out: cannot create directory '{}': {}", out_dir_, ec.message()));
    write_file_atomically((std::filesystem::path(out_dir_) / file).string(), csv_text);
}

void Experiment::note(const std::string& text) const {
    if (!csv()) std::cout << text;
}

}  // namespace corelink
