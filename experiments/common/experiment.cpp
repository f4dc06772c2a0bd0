#include "experiment.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "src/output_file.h"
#include "src/text_parse.h"

namespace corelink {

namespace {

constexpr unsigned kHelpWidth = 100;
const char* const kCommon = "Common options";
const char* const kQueue = "Queue options (each applies to the queues named in brackets)";

std::string format_default(double v) {
    return fmt::format("{}", v);
}

}  // namespace

Experiment::Experiment(std::string name, std::string about)
    : name_(std::move(name)),
      about_(std::move(about)),
      legacy_("Experiment options", kHelpWidth, kHelpWidth / 2),
      trace_opts_("Trace options (docs/traces.md)", kHelpWidth, kHelpWidth / 2),
      uncaught_at_start_(std::uncaught_exceptions()) {
    tracer_.declare(trace_opts_);
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

po::options_description Experiment::all_descriptions() const {
    po::options_description all;
    std::map<std::string, po::options_description> groups;
    std::vector<std::string> order;
    auto group = [&](const std::string& g) -> po::options_description& {
        if (!groups.count(g)) {
            groups.emplace(g, po::options_description(g, kHelpWidth, kHelpWidth / 2));
            order.push_back(g);
        }
        return groups.at(g);
    };
    group("Experiment options");
    for (const OptionSpec& s : specs_) {
        std::string help = s.help;
        if (s.kind != OptionKind::Flag && s.kind != OptionKind::Text)
            help += " [" + s.accepted() + "]";
        if (s.kind == OptionKind::Flag)
            group(s.group).add_options()(s.name.c_str(), po::bool_switch(), help.c_str());
        else if (s.has_default)
            group(s.group).add_options()(
                s.name.c_str(), po::value<std::string>()->default_value(s.def), help.c_str());
        else
            group(s.group).add_options()(s.name.c_str(), po::value<std::string>(), help.c_str());
    }
    for (const auto& o : legacy_.options()) group("Experiment options").add(o);
    if (uses_queues_) {
        for (const auto& m : builtin_queues().options()) {
            std::string value = m.option.default_value;
            if (auto it = queue_defaults_.find(m.option.name); it != queue_defaults_.end())
                value = it->second;
            std::string users;
            for (const auto& u : m.used_by) users += (users.empty() ? "" : ",") + u;
            const std::string h =
                fmt::format("[{}] {} [{}]", users, m.option.help, queue_option_accepted(m.option));
            group(kQueue).add_options()(m.option.name.c_str(),
                                        po::value<std::string>()->default_value(value), h.c_str());
        }
    }
    group(kCommon).add_options()("help,h", "print this help and exit");
    for (const std::string& g : order) all.add(groups.at(g));
    all.add(trace_opts_);
    return all;
}

bool Experiment::parse(int argc, char** argv) {
    const po::options_description visible = all_descriptions();
    po::options_description all;
    all.add(visible);
    all.add_options()("list-options", "")("positional-argument",
                                          po::value<std::vector<std::string>>());
    po::positional_options_description positional;
    positional.add("positional-argument", -1);
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
                  vm_);
        if (vm_.count("positional-argument"))
            throw InputError(fmt::format(
                "unexpected argument '{}': every value must follow its --flag (see --help)",
                vm_["positional-argument"].as<std::vector<std::string>>().front()));
        if (vm_.count("help")) {
            std::cout << "Usage: " << name_ << " [options]\n\n" << about_ << "\n\n" << visible;
            if (uses_queues_) std::cout << '\n' << queue_catalog();
            return false;
        }
        if (vm_.count("list-options")) {
            std::cout << option_list();
            return false;
        }
        for (const OptionSpec& s : specs_)
            from_user_[s.name] = vm_.count(s.name) && !vm_[s.name].defaulted() &&
                                 (s.kind != OptionKind::Flag || vm_[s.name].as<bool>());
        if (vm_.count("config")) {
            const std::string path = vm_["config"].as<std::string>();
            check_input_file("config", path);
            std::ifstream in(path);
            po::variables_map file_vm;
            try {
                po::store(po::parse_config_file(in, all), file_vm);
            } catch (const po::error& e) {
                throw InputError(fmt::format("--config {}: {}", path, e.what()));
            }
            for (const auto& [key, v] : file_vm)
                if (!v.defaulted() && !from_user_[key]) from_user_[key] = true;
            po::store(po::parse_config_file(*std::make_unique<std::ifstream>(path), all), vm_);
        }
        po::notify(vm_);
    } catch (const po::error& e) {
        throw InputError(e.what());
    }
    resolve_values();
    if (uses_queues_) resolve_queues();
    if (values_.count("out") && !std::holds_alternative<std::monostate>(values_.at("out")))
        prepare_out_dir(std::get<std::string>(values_.at("out")));
    try {
        tracer_.read(vm_, !out_dir_.empty());
    } catch (const po::error& e) {
        throw InputError(e.what());
    }
    return true;
}

void Experiment::resolve_values() {
    // Preset values, under the command line and --config.
    std::map<std::string, std::string>& preset = preset_values_;
    if (!presets_.empty()) {
        const std::string chosen = vm_.count("scenario") ? vm_["scenario"].as<std::string>() : "";
        const OptionSpec& sc = spec("scenario");
        if (!chosen.empty()) parse_option_value(sc, chosen);
        for (const Preset& p : presets_) {
            if (p.name != chosen) continue;
            scenario_ = p.name;
            std::istringstream lines(p.config);
            std::string line;
            auto trim = [](const std::string& t) {
                const auto b = t.find_first_not_of(" \t");
                return b == std::string::npos ? std::string()
                                              : t.substr(b, t.find_last_not_of(" \t") - b + 1);
            };
            while (std::getline(lines, line)) {
                const auto eq = line.find('=');
                if (trim(line).empty() || trim(line)[0] == '#' || eq == std::string::npos) continue;
                preset[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
            }
        }
    }
    for (const auto& [key, v] : preset) {
        const bool queue_option =
            uses_queues_ &&
            std::any_of(builtin_queues().options().begin(), builtin_queues().options().end(),
                        [&](const auto& m) { return m.option.name == key; });
        if (!queue_option && std::none_of(specs_.begin(), specs_.end(),
                                          [&](const OptionSpec& o) { return o.name == key; }))
            throw std::logic_error("preset " + scenario_ + " sets unknown option " + key);
    }
    auto text_of = [&](const std::string& name, std::string& out) {
        if (from_user_[name]) {
            out = vm_[name].as<std::string>();
            return true;
        }
        if (auto it = preset.find(name); it != preset.end()) {
            out = it->second;
            return true;
        }
        return false;
    };
    for (const OptionSpec& s : specs_) {
        if (s.kind == OptionKind::Flag) {
            values_[s.name] = vm_.count(s.name) && vm_[s.name].as<bool>();
            continue;
        }
        if (!s.alias_of.empty()) continue;
        std::string text;
        const bool set = text_of(s.name, text);
        if (!set && !s.has_default) {
            values_[s.name] = std::monostate{};
            continue;
        }
        values_[s.name] = parse_option_value(s, set ? text : s.def);
    }
    // Old spellings.
    for (const OptionSpec& s : specs_) {
        if (s.alias_of.empty() || !from_user_[s.name]) continue;
        if (from_user_[s.alias_of])
            throw InputError(fmt::format("--{}: give --{} or its old spelling --{}, not both",
                                         s.name, s.alias_of, s.name));
        const OptionValue v = parse_option_value(s, vm_[s.name].as<std::string>());
        if (const double* d = std::get_if<double>(&v))
            values_[s.alias_of] = *d * s.alias_scale;
        else
            values_[s.alias_of] = v;
        from_user_[s.alias_of] = true;
        alias_units_[s.alias_of] = {s.unit, *std::get_if<double>(&v)};
    }
}

void Experiment::resolve_queues() {
    const QueueRegistry& reg = builtin_queues();
    queue_values_ = reg.defaults();
    for (const auto& [k, v] : queue_defaults_) queue_values_.set(k, v);
    for (const auto& m : reg.options()) {
        std::string v = vm_[m.option.name].as<std::string>();
        if (auto it = preset_values_.find(m.option.name);
            it != preset_values_.end() && vm_[m.option.name].defaulted())
            v = it->second;
        check_queue_option(m.option, v);
        queue_values_.set(m.option.name, v);
    }
    queue_specs_ = parse_queue_specs("queue", text("queue"), queue_values_);
    if (!queue_list_ && queue_specs_.size() > 1)
        throw InputError("--queue: this experiment takes one queue spec, got " + text("queue"));
    // An option given for a queue that is not selected would be silently ignored: refuse it.
    std::vector<std::string> selected;
    for (const QueueSpec& q : queue_specs_) selected.push_back(q.name);
    for (const std::string& c : queue_choices_) selected.push_back(text(c));
    for (const auto& m : reg.options()) {
        if (!check_unselected_ || !vm_.count(m.option.name) || vm_[m.option.name].defaulted())
            continue;
        bool used = false;
        for (const std::string& u : m.used_by)
            used |= std::find(selected.begin(), selected.end(), u) != selected.end();
        if (!used) {
            std::string users;
            for (const auto& u : m.used_by) users += (users.empty() ? "" : ", ") + u;
            throw InputError(fmt::format("--{}: applies only to {}, and no such queue is selected",
                                         m.option.name, users));
        }
    }
    try_queue_specs(queue_specs_);
}

std::string Experiment::option_list() const {
    // One option per line, tab-separated: name, type, unit, lo, hi, default, choices.
    std::string out;
    for (const OptionSpec& s : specs_) {
        const Range r = s.effective_range();
        std::string choices;
        for (const std::string& c : s.choices) choices += (choices.empty() ? "" : "|") + c;
        out += fmt::format("{}\t{}\t{}\t{:g}\t{:g}\t{}\t{}\n", s.name, s.type_name(), s.unit, r.lo,
                           r.hi, s.has_default ? s.def : "-", choices.empty() ? "-" : choices);
    }
    if (uses_queues_) {
        for (const auto& m : builtin_queues().options()) {
            std::string users;
            for (const auto& u : m.used_by) users += (users.empty() ? "" : "|") + u;
            const char* t = m.option.type == QueueOption::Type::Int      ? "int"
                            : m.option.type == QueueOption::Type::Double ? "real"
                            : m.option.type == QueueOption::Type::Bool   ? "onoff"
                                                                         : "text";
            out += fmt::format("{}\tqueue-{}\t-\t{:g}\t{:g}\t{}\t{}\n", m.option.name, t,
                               m.option.lo, m.option.hi, m.option.default_value, users);
        }
    }
    return out;
}

std::string Experiment::queue_catalog() const {
    // Name, then the summary wrapped to the help width.
    const QueueRegistry& reg = builtin_queues();
    size_t name_width = 0;
    for (const std::string& n : reg.names()) name_width = std::max(name_width, n.size());
    const size_t indent = 2 + name_width + 2;
    std::string out = "Registered queues (--queue NAME):\n";
    for (const std::string& n : reg.names()) {
        std::string line = fmt::format("  {:{}}  ", n, name_width);
        std::istringstream words(reg.find(n)->summary);
        std::string w;
        size_t col = indent;
        bool first = true;
        while (words >> w) {
            if (!first && col + 1 + w.size() > kHelpWidth) {
                line += '\n' + std::string(indent, ' ');
                col = indent;
                first = true;
            }
            if (!first) {
                line += ' ';
                ++col;
            }
            line += w;
            col += w.size();
            first = false;
        }
        out += line + '\n';
    }
    return out;
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
    std::cout << (csv() || always_csv ? table.to_csv() : table.to_text());
    std::cout.flush();
    write_out(file, table);
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

int run_experiment(const std::string& name, const std::function<int()>& body) {
    try {
        return body();
    } catch (const InputError& e) {
        std::cerr << name << ": error: " << e.what() << '\n';
        return 2;
    } catch (const po::error& e) {
        std::cerr << name << ": error: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << name << ": internal error: " << e.what() << '\n';
        return 1;
    }
}

void require_positive(const std::string& flag, double value) {
    if (!(value > 0.0) || !std::isfinite(value))
        throw InputError(fmt::format("--{}: must be a finite number > 0, got {}", flag, value));
}

void require_positive_int(const std::string& flag, int64_t value) {
    if (value < 1)
        throw InputError(fmt::format("--{}: must be an integer >= 1, got {}", flag, value));
}

void require_non_negative(const std::string& flag, double value) {
    if (!(value >= 0.0) || !std::isfinite(value))
        throw InputError(fmt::format("--{}: must be a finite number >= 0, got {}", flag, value));
}

void require_probability(const std::string& flag, double value) {
    if (!(value >= 0.0 && value <= 1.0))
        throw InputError(fmt::format("--{}: must be a probability in [0, 1], got {}", flag, value));
}

std::vector<std::string> parse_name_list(const std::string& text) {
    return parse_list("list", text);
}

std::vector<double> parse_number_list(const std::string& flag, const std::string& text) {
    std::vector<double> out;
    for (const std::string& item : parse_list(flag, text)) {
        if (item.find("..") != std::string::npos) {
            for (int64_t v : parse_int_list(flag, item, between(-1e15, 1e15)))
                out.push_back(double(v));
            continue;
        }
        out.push_back(parse_real_list(flag, item, between(-1e15, 1e15)).front());
    }
    return out;
}

double peak_rss_mib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace corelink
