// Fuzz test of the command-line contract of every experiment binary (README.md, "Running an
// experiment"; docs/style.md §4): bad input gets exit status 2, one line on stderr naming a flag,
// nothing on stdout and no file left behind; good input runs to exit 0; nothing dies of a
// signal, a sanitizer report or "internal error", and nothing runs past a time bound.
//
// Flag/value combinations are drawn from each binary's own option table (--list-options): valid
// values (defaults, range ends near the default, small lists), and the hostile classes that once
// broke the contract: non-finite numbers, magnitudes that overflow simulated time or an integer,
// denormal-small values, negatives, empty list items, text for numbers, a stray positional
// argument, a directory or a missing file as --config, --out '' or unwritable, a queue option
// for a queue that is not selected, --pcap into an unwritable place. Every combination starts
// from the binary's smallest run (kBase) so accepted runs take milliseconds.
//
// Seeded and deterministic: the same seed draws the same combinations. Usage:
//   cli_fuzz BIN_DIR [--seed N] [--cases N] [--verbose]
// Prints the counts (tried, refused, accepted) per binary and per class; exit 1 on a violation.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Each binary's smallest run: a few milliseconds of simulated time, a couple of flows.
const std::map<std::string, std::vector<std::string>> kBase = {
    {"dumbbell", {"--flows", "2", "--duration-s", "0.05"}},
    {"fairness", {"--duration-s", "0.05", "--warmup-s", "0.01"}},
    {"line", {"--n", "1", "--duration-s", "0.05", "--warmup-s", "0.01"}},
    {"batch", {"--batch-sizes", "1", "--duration-s", "0.05", "--warmup-s", "0.01"}},
    {"compress", {"--duration-s", "0.05", "--warmup-s", "0.01"}},
    {"oscore", {"--duration-s", "0.002", "--warmup-s", "0.001"}},
    {"drfq", {"--duration-s", "0.002"}},
    {"datacenter", {"--k", "4", "--duration-s", "0.01", "--warmup-s", "0.002"}},
    {"nfv_pool",
     {"--connections", "4", "--subflows", "1", "--duration-s", "0.01", "--warmup-s", "0.002"}},
};

// Options whose valid values only make runs longer: drawn at their default or small values.
bool size_like(const std::string& name) {
    for (const char* s :
         {"duration", "warmup", "flows", "processes", "ring", "batch", "pairs", "hosts", "k", "n",
          "buffer", "window", "interval", "rate", "gbps", "mbps", "mpps", "sample"})
        if (name.find(s) != std::string::npos) return true;
    return false;
}

struct Option {
    std::string name, type, unit, def, choices;
    double lo = 0, hi = 0;
};

struct Result {
    int status = -1;  // exit status, or -1 when killed by a signal
    int signal = 0;
    bool timed_out = false;
    std::string out, err;
};

// xorshift64*: the same numbers on every platform (the standard distributions are not).
struct Rng {
    uint64_t s;
    uint64_t next() {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        return s * 2685821657736338717ULL;
    }
    size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Runs argv in `cwd` with stdout/stderr to files, killing its process group after `limit_s`.
Result run(const std::vector<std::string>& argv, const fs::path& cwd, double limit_s) {
    const fs::path out = cwd.parent_path() / "stdout", err = cwd.parent_path() / "stderr";
    const pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        if (chdir(cwd.c_str()) != 0) _exit(126);
        const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int nul = open("/dev/null", O_RDONLY);
        dup2(o, 1);
        dup2(e, 2);
        dup2(nul, 0);
        std::vector<char*> args;
        for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    Result r;
    const auto start = std::chrono::steady_clock::now();
    int st = 0;
    for (;;) {
        const pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid) break;
        if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >
            limit_s) {
            r.timed_out = true;
            kill(-pid, SIGKILL);
            waitpid(pid, &st, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (WIFEXITED(st)) r.status = WEXITSTATUS(st);
    if (WIFSIGNALED(st)) r.signal = WTERMSIG(st);
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

std::vector<Option> option_table(const std::string& bin, const fs::path& scratch) {
    const Result r = run({bin, "--list-options"}, scratch, 30);
    std::vector<Option> opts;
    if (r.status != 0) return opts;
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) {
        std::vector<std::string> f;
        std::istringstream cells(line);
        std::string c;
        while (std::getline(cells, c, '\t')) f.push_back(c);
        if (f.size() < 7) continue;
        Option o{f[0], f[1], f[2], f[5], f[6]};
        o.lo = std::strtod(f[3].c_str(), nullptr);
        o.hi = std::strtod(f[4].c_str(), nullptr);
        opts.push_back(o);
    }
    return opts;
}

bool numeric(const Option& o) {
    return o.type == "real" || o.type == "int" || o.type == "time" || o.type == "real-list" ||
           o.type == "int-list" || o.type == "queue-int" || o.type == "queue-real";
}

std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

// A valid value for `o` that keeps the run small.
std::string valid_value(const Option& o, Rng& rng) {
    if (!o.choices.empty() && o.choices != "-" && (o.type == "choice"))
        return o.choices.substr(0, o.choices.find('|'));
    if (o.type == "onoff" || o.type == "queue-onoff") return rng.below(2) ? "on" : "off";
    if (!numeric(o) || o.def == "-" || o.def.empty()) return "";
    if (size_like(o.name) || rng.below(2)) return o.def;
    const double d = std::strtod(o.def.c_str(), nullptr);
    const double v = rng.below(2) ? std::max(o.lo, d / 2) : std::min(o.hi, d * 2);
    if (o.type.find("int") != std::string::npos) return num(std::floor(v));
    return num(v);
}

struct Case {
    std::string cls;                // the hostile class, or "valid"
    std::vector<std::string> args;  // appended to the base run
    bool must_refuse = false;       // the class is bad input whatever the binary
    std::string out_dir;            // --out given (relative to the scratch cwd), if any
};

// Hostile values for a numeric option.
const std::vector<std::pair<std::string, std::string>> kHostileNumbers = {
    {"inf", "inf"},
    {"-inf", "-inf"},
    {"nan", "nan"},
    {"1e300", "1e300"},
    {"-1e300", "-1e300"},
    {"1e-300", "1e-300"},
    {"negative", "-1"},
    {"text", "abc"},
    {"empty", ""},
    {"overflow-time", "9.3e18"},
    {"empty-list-item", "1,,2"},
    {"just-above-range", ""},
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: cli_fuzz BIN_DIR [--seed N] [--cases N] [--verbose]\n";
        return 2;
    }
    const fs::path bin_dir = fs::absolute(argv[1]);
    uint64_t seed = 20261201;
    int cases_per_binary = 16;
    bool verbose = false;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--seed" && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
        if (a == "--cases" && i + 1 < argc) cases_per_binary = std::atoi(argv[++i]);
        if (a == "--verbose") verbose = true;
    }
    const fs::path root =
        fs::temp_directory_path() / ("corelink-cli-fuzz-" + std::to_string(getpid()));
    fs::create_directories(root);
    // An unwritable place even for root: a path below a regular file.
    const fs::path regular = root / "regular-file";
    std::ofstream(regular) << "x";
    const fs::path a_dir = root / "a-directory";
    fs::create_directories(a_dir);

    Rng rng{seed * 2654435761ULL + 1};
    int tried = 0, refused = 0, accepted = 0, violations = 0;
    std::map<std::string, std::array<int, 3>> by_class;  // tried, refused, accepted
    for (const auto& [name, base] : kBase) {
        const std::string bin = (bin_dir / name).string();
        if (!fs::exists(bin)) {
            std::cout << name << ": not built, skipped\n";
            continue;
        }
        const fs::path scratch = root / name / "cwd";
        fs::create_directories(scratch);
        const std::vector<Option> table = option_table(bin, scratch);
        if (table.empty()) {
            std::cout << name << ": no --list-options table, skipped\n";
            ++violations;
            continue;
        }
        std::vector<const Option*> nums, queue_opts;
        std::vector<std::string> selected;  // the default --queue specs' queue names
        for (const Option& o : table) {
            if (numeric(o)) nums.push_back(&o);
            if (o.type.rfind("queue-", 0) == 0) queue_opts.push_back(&o);
            if (o.name == "queue")
                for (size_t at = 0; at < o.def.size();) {
                    const size_t comma = std::min(o.def.find(',', at), o.def.size());
                    const std::string spec = o.def.substr(at, comma - at);
                    selected.push_back(spec.substr(0, spec.find(':')));
                    at = comma + 1;
                }
        }
        // A choice of another queue the experiment builds (e.g. compress --wan-queue): its
        // default is selected too.
        for (const Option& o : table)
            for (const Option* q : queue_opts)
                if (o.type == "choice" &&
                    ("|" + q->choices + "|").find("|" + o.def + "|") != std::string::npos)
                    selected.push_back(o.def);
        std::vector<Case> cases;
        auto hostile = [&](const Option& o, const std::string& cls, const std::string& value) {
            std::string v = value;
            bool refuse = true;
            if (cls == "just-above-range") v = num(o.hi * 1.5 + 1);
            if (cls == "negative" && o.lo <= -1) refuse = false;
            if (cls == "1e-300" && o.lo < 1e-300 && o.type != "int" && o.type != "int-list" &&
                o.type != "time" && o.type != "queue-int")
                refuse = false;  // a real that may be that small: must still run, briefly
            if (cls == "empty-list-item" && o.type.find("list") == std::string::npos) v = "1,,2";
            cases.push_back({cls, {"--" + o.name, v}, refuse, ""});
        };
        // Every numeric option gets one hostile class, the classes taken in turn from a seeded
        // start, so every class meets several options; and every real option whose range
        // reaches down to 0 gets 1e-300, the class that may be in range (then it must run).
        const size_t start = rng.below(kHostileNumbers.size());
        for (size_t i = 0; i < nums.size(); ++i) {
            const auto& [cls, value] = kHostileNumbers[(start + i) % kHostileNumbers.size()];
            hostile(*nums[i], cls, value);
        }
        for (const Option* o : nums)
            if ((o->type == "real" || o->type == "real-list" || o->type == "queue-real") &&
                o->lo <= 0 && o->hi > 0)
                hostile(*o, "1e-300", "1e-300");
        cases.push_back({"stray-positional", {"stray"}, true, ""});
        cases.push_back({"config-is-directory", {"--config", a_dir.string()}, true, ""});
        cases.push_back(
            {"config-missing", {"--config", (root / "missing.conf").string()}, true, ""});
        cases.push_back({"out-empty", {"--out", ""}, true, ""});
        cases.push_back(
            {"out-unwritable", {"--out", (regular / "sub").string()}, true, (regular / "sub")});
        cases.push_back({"pcap-unwritable", {"--pcap", (regular / "t.pcap").string()}, true, ""});
        cases.push_back({"seed-overflow", {"--seed", "1e300"}, true, ""});
        cases.push_back({"unknown-flag", {"--no-such-flag", "1"}, true, ""});
        // A queue option for a queue that is not selected.
        for (const Option* q : queue_opts) {
            if (selected.empty()) break;
            const std::string users = "|" + q->choices + "|";
            bool used = false;
            for (const std::string& s : selected)
                used |= users.find("|" + s + "|") != std::string::npos;
            if (used) continue;
            std::string v = q->def;
            if (q->type == "queue-onoff") v = v == "on" || v == "true" ? "off" : "on";
            cases.push_back({"unselected-queue-option", {"--" + q->name, v}, true, ""});
            break;
        }
        // Random combinations: one to three options, valid or hostile, sometimes with --out.
        for (int c = 0; c < cases_per_binary; ++c) {
            Case k{"random", {}, false, ""};
            const size_t flags = 1 + rng.below(3);
            bool any_hostile = false;
            for (size_t f = 0; f < flags; ++f) {
                const Option& o = table[rng.below(table.size())];
                if (o.name == "config" || o.name == "out" || o.type == "flag" || o.type == "text" ||
                    o.type == "outfile" || o.type == "outdir")
                    continue;
                if (rng.below(3) == 0 && numeric(o)) {
                    // inf, -inf, nan, 1e300, -1e300: never valid.
                    k.args.insert(k.args.end(),
                                  {"--" + o.name, kHostileNumbers[rng.below(5)].second});
                    any_hostile = true;
                } else {
                    const std::string v = valid_value(o, rng);
                    if (v.empty()) continue;
                    k.args.insert(k.args.end(), {"--" + o.name, v});
                }
            }
            // Giving the same flag twice is refused by the parser: keep the draw, it is a case.
            if (rng.below(4) == 0) {
                k.out_dir = "results-" + std::to_string(c);
                k.args.insert(k.args.end(), {"--out", k.out_dir});
            }
            if (rng.below(4) == 0) k.args.push_back("--csv");
            k.must_refuse = any_hostile;
            cases.push_back(k);
        }

        int b_tried = 0, b_refused = 0, b_accepted = 0;
        for (const Case& k : cases) {
            fs::remove_all(scratch);
            fs::create_directories(scratch);
            std::vector<std::string> args = {bin};
            // The base run's flags, unless the case gives the same flag (given twice is refused).
            for (size_t i = 0; i + 1 < base.size(); i += 2)
                if (std::find(k.args.begin(), k.args.end(), base[i]) == k.args.end())
                    args.insert(args.end(), {base[i], base[i + 1]});
            args.insert(args.end(), k.args.begin(), k.args.end());
            const Result r = run(args, scratch, 60);
            std::string cmd;
            for (size_t i = 1; i < args.size(); ++i) cmd += " '" + args[i] + "'";
            std::vector<std::string> problems;
            if (r.timed_out) problems.push_back("still running after 60 s");
            if (r.signal) problems.push_back("killed by signal " + std::to_string(r.signal));
            if (!r.timed_out && !r.signal && r.status != 0 && r.status != 2)
                problems.push_back("exit status " + std::to_string(r.status));
            for (const char* bad :
                 {"runtime error", "AddressSanitizer", "internal error", "LeakSanitizer"})
                if (r.err.find(bad) != std::string::npos)
                    problems.push_back(std::string("stderr has '") + bad + "'");
            if (r.status == 2) {
                if (!r.out.empty()) problems.push_back("refused, but printed on stdout");
                if (!fs::is_empty(scratch)) problems.push_back("refused, but left files");
                if (std::count(r.err.begin(), r.err.end(), '\n') != 1 ||
                    r.err.rfind(name + ": error: ", 0) != 0)
                    problems.push_back("refused without exactly one 'NAME: error:' line");
                else if (r.err.find("--") == std::string::npos)
                    problems.push_back("the error names no flag");
            }
            if (r.status == 0 && k.must_refuse) problems.push_back("bad input accepted (exit 0)");
            if (r.status == 0 && !k.out_dir.empty() && !fs::is_directory(scratch / k.out_dir))
                problems.push_back("accepted, but wrote nothing under --out");
            ++b_tried;
            auto& cls = by_class[k.cls];
            ++cls[0];
            if (r.status == 2) {
                ++b_refused;
                ++cls[1];
            } else if (r.status == 0) {
                ++b_accepted;
                ++cls[2];
            }
            if (!problems.empty()) {
                ++violations;
                std::cout << "VIOLATION " << name << cmd << ":";
                for (const std::string& p : problems) std::cout << " [" << p << "]";
                std::cout << "\n    stderr: " << r.err.substr(0, 300) << "\n";
            } else if (verbose) {
                std::cout << "ok " << r.status << " " << name << cmd << "\n    "
                          << r.err.substr(0, 200) << (r.err.empty() ? "\n" : "");
            }
        }
        std::cout << name << ": tried " << b_tried << ", refused " << b_refused << ", accepted "
                  << b_accepted << "\n";
        tried += b_tried;
        refused += b_refused;
        accepted += b_accepted;
    }
    std::cout << "classes (tried/refused/accepted):\n";
    for (const auto& [cls, n] : by_class)
        std::cout << "  " << cls << ": " << n[0] << "/" << n[1] << "/" << n[2] << "\n";
    std::cout << "all: tried " << tried << ", refused " << refused << ", accepted " << accepted
              << ", violations " << violations << " (seed " << seed << ")\n";
    fs::remove_all(root);
    return violations == 0 ? 0 : 1;
}
