// Experiment::parse: the command line, --config and the --scenario preset become typed values
// (options.h checks each), then the queue specs; --out is prepared before anything runs.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "experiments/common/experiment.h"

namespace corelink {

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
    tracer_.read(*this);
    if (tracer_.wanted() && !no_trace_why_.empty())
        throw InputError(
            fmt::format("--{}: {}", vm_.count("pcap") ? "pcap" : "sample-us", no_trace_why_));
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
        if (const double* d = std::get_if<double>(&v)) {
            values_[s.alias_of] = *d * s.alias_scale;
            alias_units_[s.alias_of] = {s.unit, *d};
        } else {
            values_[s.alias_of] = v;
        }
        from_user_[s.alias_of] = true;
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

}  // namespace corelink
