// Free helpers of the experiment scaffolding: the error contract of legacy mains, checks of
// values computed at run time, comma lists given as text, and peak memory for --bench.
#include <fmt/format.h>
#include <sys/resource.h>

#include <cmath>
#include <iostream>

#include "experiments/common/experiment.h"

namespace corelink {

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
