// What a cache line of scattered per-flow state costs on this machine: the measure behind
// corelink's wall time per packet as the flow count grows (README, "Speed"). A simulation with
// thousands of flows touches a few lines of a different flow on nearly every event, and its
// prefetches keep many such misses in flight at once; this probe does the same to a plain array,
// without the simulator, so the machine's side of the cost is seen alone.
//
// A region of F MiB is cut into objects of B bytes (512 unless told), linked in one random cycle.
// C independent chains walk that cycle, taking turns, so up to C misses overlap (C = 1: each miss
// waits for the one before, the latency; C = 16: many in flight, as when a simulator prefetches
// the state of the next few packets' flows).
// At every object a chain reads L of its lines: the first holds the link to the next object, the
// others are read alongside it. Printed per (F, B, C, L): wall time per object visited and per
// line. In objects larger than eight lines, the L lines start at an offset that varies from object
// to object, so that the lines read do not all fall in the same few cache sets.
//
// Objects of 4096 bytes, one per page, against 512-byte ones in a region 8x smaller read the same
// lines of the same number of objects, spread over 8x as many pages: the difference is what
// address translation (the TLB) costs, and whether huge pages help it on this machine.
//
//   mem_probe                          F = 0.25, 2, 8, 32, 128 MiB; B = 512; C = 1, 16; L = 1, 4
//   mem_probe --mib 8,64 --chains 16 --lines 1,2,4,8
//   mem_probe --mib 64 --object-bytes 4096 --chains 16 --lines 4
//   mem_probe --help
//
// Wall time on a shared or virtual machine drifts between runs: compare rows of one run.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <sys/mman.h>

namespace {

constexpr size_t kLine = 64;
constexpr size_t kHugePage = size_t{2} << 20U;
constexpr uint64_t kVisits = 2'000'000;  // object visits timed per row

[[noreturn]] void usage_error(const std::string& message) {
    std::fprintf(stderr, "mem_probe: %s\n", message.c_str());
    std::exit(2);
}

std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

// "a,b,c" -> numbers, each in [lo, hi]; `flag` names the option in the error.
std::vector<double> parse_list(std::string_view flag, const char* text, double lo, double hi,
                               bool integers) {
    std::vector<double> out;
    std::string_view rest(text);
    while (true) {
        const size_t comma = rest.find(',');
        const std::string item(rest.substr(0, comma));
        char* end = nullptr;
        const double v = std::strtod(item.c_str(), &end);
        const bool whole = v == static_cast<double>(static_cast<int64_t>(v));
        if (item.empty() || end != item.c_str() + item.size() || !(v >= lo && v <= hi) ||
            (integers && !whole))
            usage_error(std::string(flag) + ": expected a comma-separated list of " +
                        (integers ? "integers" : "numbers") + " in [" + number(lo) + ", " +
                        number(hi) + "], got '" + text + "'");
        out.push_back(v);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return out;
}

// The region, on huge pages where the kernel gives them (as corelink's per-flow arrays ask).
class Region {
public:
    explicit Region(size_t bytes) : bytes_((bytes + kHugePage - 1) / kHugePage * kHugePage) {
        data_ = static_cast<char*>(std::aligned_alloc(kHugePage, bytes_));
        if (data_ == nullptr) usage_error("cannot allocate " + std::to_string(bytes_) + " bytes");
#ifdef MADV_HUGEPAGE
        madvise(data_, bytes_, MADV_HUGEPAGE);
#endif
        std::memset(data_, 0, bytes_);  // fault every page in before timing
    }
    Region(const Region&) = delete;
    Region& operator=(const Region&) = delete;
    ~Region() {
        std::free(data_);
    }
    char* data() const {
        return data_;
    }

private:
    size_t bytes_;
    char* data_;
};

// Where object i's lines start: its first byte, or a line further in when the object is larger
// than eight lines (varied from object to object, as the file's header says).
struct Layout {
    char* base;
    size_t object_bytes;
    char* object(size_t i) const {
        const size_t spare_lines = object_bytes / kLine - 8;
        return base + i * object_bytes +
               (spare_lines == 0 ? 0 : (i * 5) % (spare_lines + 1) * kLine);
    }
};

// Wall nanoseconds per object visit for C chains reading L lines of each object.
double probe(Layout region, size_t objects, size_t chains, size_t lines) {
    std::vector<uint32_t> order(objects);
    for (size_t i = 0; i < objects; ++i) order[i] = static_cast<uint32_t>(i);
    std::mt19937_64 rng(12345);  // fixed: the same cycle every run
    std::shuffle(order.begin(), order.end(), rng);
    for (size_t i = 0; i < objects; ++i) {
        const uint32_t next = order[(i + 1) % objects];
        std::memcpy(region.object(order[i]), &next, sizeof next);
    }
    std::vector<uint32_t> at(chains);
    for (size_t c = 0; c < chains; ++c) at[c] = order[c * (objects / chains)];
    uint64_t checksum = 0;
    auto walk = [&](uint64_t visits) {
        for (uint64_t v = 0; v < visits; v += chains) {
            for (size_t c = 0; c < chains; ++c) {
                const char* o = region.object(at[c]);
                uint32_t next;
                std::memcpy(&next, o, sizeof next);
                for (size_t l = 1; l < lines; ++l)
                    checksum += *static_cast<const volatile char*>(o + l * kLine + 8);
                at[c] = next;
            }
        }
    };
    walk(std::min<uint64_t>(kVisits, 4 * objects));  // warm the caches and TLBs this row uses
    const auto start = std::chrono::steady_clock::now();
    walk(kVisits);
    const auto stop = std::chrono::steady_clock::now();
    if (checksum == 1) std::fputs("", stdout);  // keeps the reads
    const uint64_t visited = (kVisits + chains - 1) / chains * chains;
    return std::chrono::duration<double, std::nano>(stop - start).count() /
           static_cast<double>(visited);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<double> mib = {0.25, 2, 8, 32, 128};
    std::vector<double> chains = {1, 16};
    std::vector<double> lines = {1, 4};
    std::vector<double> object_bytes = {512};
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg(argv[i]);
        if (arg == "-h" || arg == "--help") {
            std::puts(
                "usage: mem_probe [--mib LIST] [--object-bytes LIST] [--chains LIST] [--lines "
                "LIST]\n"
                "Wall time per cache line of scattered objects: C independent random walks over\n"
                "F MiB of B-byte objects, reading L lines of each object visited.\n"
                "  --mib LIST           region sizes, MiB, each in [0.0625, 16384] (default "
                "0.25,2,8,32,128)\n"
                "  --object-bytes LIST  object sizes, bytes: 512, 1024, 2048 or 4096 (default "
                "512)\n"
                "  --chains LIST        walks in flight at once, each in [1, 64] (default 1,16)\n"
                "  --lines LIST         lines read per object, each in [1, 8] (default 1,4)\n"
                "Columns: region_mib object_bytes pages chains lines ns_per_object ns_per_line\n"
                "(pages: 4 KiB pages the objects span).");
            return 0;
        }
        if (i + 1 >= argc) usage_error(std::string(arg) + ": missing value; see --help");
        const char* value = argv[++i];
        if (arg == "--mib")
            mib = parse_list(arg, value, 0.0625, 16384, false);
        else if (arg == "--chains")
            chains = parse_list(arg, value, 1, 64, true);
        else if (arg == "--lines")
            lines = parse_list(arg, value, 1, 8, true);
        else if (arg == "--object-bytes") {
            object_bytes = parse_list(arg, value, 512, 4096, true);
            for (const double b : object_bytes)
                if (b != 512 && b != 1024 && b != 2048 && b != 4096)
                    usage_error("--object-bytes: expected 512, 1024, 2048 or 4096, got '" +
                                std::string(value) + "'");
        } else
            usage_error("unknown option '" + std::string(arg) +
                        "'; accepted: --mib, --object-bytes, --chains, --lines, --help");
    }
    std::printf("%10s %12s %7s %7s %6s %14s %12s\n", "region_mib", "object_bytes", "pages",
                "chains", "lines", "ns_per_object", "ns_per_line");
    for (const double m : mib) {
        for (const double b : object_bytes) {
            const auto bytes = static_cast<size_t>(b);
            // At least 16: --mib is at least 1/16 MiB and an object at most 4 KiB.
            const size_t objects = static_cast<size_t>(m * double(size_t{1} << 20U)) / bytes;
            const Region region(objects * bytes);
            const Layout layout{region.data(), bytes};
            for (const double c : chains) {
                const size_t k = std::min(static_cast<size_t>(c), objects);
                for (const double l : lines) {
                    const double ns = probe(layout, objects, k, static_cast<size_t>(l));
                    std::printf("%10g %12zu %7zu %7zu %6.0f %14.2f %12.2f\n", m, bytes,
                                (objects * bytes + 4095) / 4096, k, l, ns, ns / l);
                    std::fflush(stdout);
                }
            }
        }
    }
    return 0;
}
