#include "experiment.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "src/output_file.h"

namespace corelink {

namespace {

constexpr unsigned kHelpWidth = 100;

po::typed_value<std::string>* string_value(const QueueOption& o) {
    return po::value<std::string>()->default_value(o.default_value);
}

std::string type_hint(QueueOption::Type t) {
    switch (t) {
        case QueueOption::Type::Int: return "integer";
        case QueueOption::Type::Double: return "number";
        case QueueOption::Type::Bool: return "on|off";
        case QueueOption::Type::String: return "name";
    }
    return "";
}

}  // namespace

Experiment::Experiment(std::string name, std::string about)
    : name_(std::move(name)),
      about_(std::move(about)),
      own_("Experiment options", kHelpWidth, kHelpWidth / 2),
      common_("Common options", kHelpWidth, kHelpWidth / 2),
      queue_opts_("Queue options (each applies to the queues named in brackets)", kHelpWidth,
                  kHelpWidth / 2),
      trace_opts_("Trace options (docs/traces.md)", kHelpWidth, kHelpWidth / 2) {
    tracer_.declare(trace_opts_);
    // One option per line reads better than the chain clang-format would reflow.
    // clang-format off
    common_.add_options()
        ("help,h", "print this help and exit")
        ("config", po::value<std::string>(), "read options from FILE: one 'key = value' per line, "
                                             "keys are the long flag names without dashes")
        ("seed", po::value<uint64_t>()->default_value(1), "random seed; the same flags and seed "
                                                          "give byte-identical output")
        ("csv", po::bool_switch(), "print the result table as CSV on stdout (header first, "
                                   "nothing else on stdout)")
        ("out", po::value<std::string>(), "also write the result table and time series as CSV "
                                          "files into directory DIR (created if missing)")
        ("bench", po::bool_switch(), "print a speed summary (events, packets per wall-clock "
                                     "second, peak memory) on stderr");
    // clang-format on
}

void Experiment::use_queues(const std::string& default_queue, bool list,
                            const std::map<std::string, std::string>& defaults) {
    uses_queues_ = true;
    queue_list_ = list;
    const QueueRegistry& reg = builtin_queues();
    const char* help = list ? "queue disciplines to compare, a comma list of the queues below"
                            : "queue discipline in front of the bottleneck, one of the queues "
                              "below";
    own_.add_options()("queue", po::value<std::string>()->default_value(default_queue), help);
    for (const auto& [name, value] : defaults) {
        bool known = false;
        for (const auto& m : reg.options()) known |= m.option.name == name;
        if (!known) throw std::logic_error("use_queues: no queue option --" + name);
    }
    for (const auto& m : reg.options()) {
        QueueOption o = m.option;
        if (auto it = defaults.find(o.name); it != defaults.end()) o.default_value = it->second;
        std::string users;
        for (const auto& u : m.used_by) users += (users.empty() ? "" : ",") + u;
        const std::string h = fmt::format("[{}] {} ({})", users, o.help, type_hint(o.type));
        queue_opts_.add_options()(o.name.c_str(), string_value(o), h.c_str());
    }
}

bool Experiment::parse(int argc, char** argv) {
    po::options_description all;
    all.add(own_);
    if (uses_queues_ && !queue_opts_.options().empty()) all.add(queue_opts_);
    all.add(common_);
    all.add(trace_opts_);
    try {
        po::store(po::parse_command_line(argc, argv, all), vm_);
        if (vm_.count("help")) {
            std::cout << "Usage: " << name_ << " [options]\n\n" << about_ << "\n\n" << all;
            if (uses_queues_) std::cout << '\n' << queue_catalog();
            return false;
        }
        if (vm_.count("config")) {
            const std::string path = vm_["config"].as<std::string>();
            std::ifstream in(path);
            if (!in) throw InputError(fmt::format("--config: cannot read '{}'", path));
            try {
                po::store(po::parse_config_file(in, all), vm_);
            } catch (const po::error& e) {
                throw InputError(fmt::format("--config {}: {}", path, e.what()));
            }
        }
        po::notify(vm_);
    } catch (const po::error& e) {
        throw InputError(e.what());
    }
    if (uses_queues_) {
        queue_values_ = builtin_queues().defaults();
        for (const auto& m : builtin_queues().options())
            queue_values_.set(m.option.name, vm_[m.option.name].as<std::string>());
        // Check each queue option against its declared type now, before anything runs.
        for (const auto& m : builtin_queues().options()) {
            switch (m.option.type) {
                case QueueOption::Type::Int: queue_values_.get_int(m.option.name); break;
                case QueueOption::Type::Double: queue_values_.get_double(m.option.name); break;
                case QueueOption::Type::Bool: queue_values_.get_bool(m.option.name); break;
                case QueueOption::Type::String: break;
            }
        }
        // Build each selected queue once, so that a bad option value (batch 0, min_th >= max_th)
        // is reported now, before anything runs or is written.
        for (const std::string& q : queue_names()) {
            EventList events;
            PacketPool pool;
            const QueueEnv env{events,        pool,
                               Rng(0),        QueueLimits::in_packets(100),
                               queue_values_, SimTime::from_us(1)};
            builtin_queues().make(q, env);
        }
    }
    // The directory is created at the first write, after the run: bad input leaves nothing.
    if (vm_.count("out")) out_dir_ = vm_["out"].as<std::string>();
    tracer_.read(vm_, !out_dir_.empty());
    return true;
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

std::vector<std::string> Experiment::queue_names() const {
    std::vector<std::string> names = parse_name_list(vm_["queue"].as<std::string>());
    if (names.empty()) throw InputError("--queue: expected a queue name");
    if (!queue_list_ && names.size() > 1)
        throw InputError("--queue: this experiment takes one queue name");
    for (const std::string& n : names)
        if (!builtin_queues().find(n))
            throw InputError(fmt::format("--queue: unknown queue '{}'; accepted: {}", n,
                                         builtin_queues().names_joined()));
    return names;
}

void Experiment::emit(const ResultsTable& table, const std::string& file) const {
    if (tracer_.wanted() && !tracer_.attached())
        throw InputError(fmt::format("--pcap, --sample-us: {} has no packet trace points", name_));
    tracer_.finish_run();
    std::cout << (csv() ? table.to_csv() : table.to_text());
    std::cout.flush();
    write_out(file, table.to_csv());
    for (const auto& [name, content] : tracer_.time_series()) write_out(name, content);
}

void Experiment::write_out(const std::string& file, const std::string& content) const {
    if (out_dir_.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(out_dir_, ec);
    if (ec)
        throw InputError(
            fmt::format("--out: cannot create directory '{}': {}", out_dir_, ec.message()));
    write_file_atomically((std::filesystem::path(out_dir_) / file).string(), content);
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
    if (!(value > 0.0))
        throw InputError(fmt::format("--{}: must be a number > 0, got {}", flag, value));
}

void require_positive_int(const std::string& flag, int64_t value) {
    if (value < 1)
        throw InputError(fmt::format("--{}: must be an integer >= 1, got {}", flag, value));
}

void require_non_negative(const std::string& flag, double value) {
    if (!(value >= 0.0))
        throw InputError(fmt::format("--{}: must be a number >= 0, got {}", flag, value));
}

void require_probability(const std::string& flag, double value) {
    if (!(value >= 0.0 && value <= 1.0))
        throw InputError(fmt::format("--{}: must be a probability in [0, 1], got {}", flag, value));
}

std::vector<std::string> parse_name_list(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        const auto b = item.find_first_not_of(" \t");
        const auto e = item.find_last_not_of(" \t");
        if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
    }
    return out;
}

std::vector<double> parse_number_list(const std::string& flag, const std::string& text) {
    std::vector<double> out;
    auto number = [&](const std::string& s) {
        double v{};
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || p != s.data() + s.size() || s.empty())
            throw InputError(
                fmt::format("--{}: expected a comma list of numbers or ranges like 1..10, got '{}'",
                            flag, text));
        return v;
    };
    for (const std::string& item : parse_name_list(text)) {
        const auto dots = item.find("..");
        if (dots == std::string::npos) {
            out.push_back(number(item));
            continue;
        }
        const double lo = number(item.substr(0, dots)), hi = number(item.substr(dots + 2));
        if (lo != std::floor(lo) || hi != std::floor(hi) || hi < lo || hi - lo > 1e6)
            throw InputError(
                fmt::format("--{}: range '{}' must be increasing integers", flag, item));
        for (double v = lo; v <= hi; v += 1.0) out.push_back(v);
    }
    if (out.empty()) throw InputError(fmt::format("--{}: expected at least one value", flag));
    return out;
}

double peak_rss_mib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace corelink
