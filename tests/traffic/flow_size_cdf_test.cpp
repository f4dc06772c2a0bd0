// Flow-size CDFs: inverse-transform samples reproduce the distribution (one-sample
// Kolmogorov-Smirnov test at significance 0.01: critical value 1.628 / sqrt(n), the asymptotic
// Kolmogorov distribution's 99th percentile), files in the two-column format parse to the same
// CDF as the built-in one, and bad files are rejected naming the flag.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "src/input_error.h"
#include "traffic/flow_size_cdf.h"

using namespace corelink;

namespace {

// sup_x |F_n(x) - F(x)| over the sample.
double ks_statistic(std::vector<double> xs, const FlowSizeCdf& cdf) {
    std::sort(xs.begin(), xs.end());
    const double n = static_cast<double>(xs.size());
    double d = 0.0;
    for (size_t i = 0; i < xs.size(); ++i) {
        const double f = cdf.cdf(xs[i]);
        d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
    }
    return d;
}

std::vector<double> draw(const FlowSizeCdf& cdf, size_t n, uint64_t seed) {
    Rng rng(seed);
    std::vector<double> xs;
    for (size_t i = 0; i < n; ++i) xs.push_back(static_cast<double>(cdf.sample(rng)));
    return xs;
}

constexpr size_t kSamples = 20'000;
const double kCritical = 1.628 / std::sqrt(static_cast<double>(kSamples));

}  // namespace

TEST_CASE("sampled web-search and Hadoop sizes pass a KS test against their CDF",
          "[traffic][cdf]") {
    for (const char* name : {"websearch", "hadoop"}) {
        DYNAMIC_SECTION(name) {
            const FlowSizeCdf cdf = FlowSizeCdf::named(name);
            const double d = ks_statistic(draw(cdf, kSamples, 7), cdf);
            INFO("D = " << d << ", critical value " << kCritical);
            CHECK(d < kCritical);
        }
    }
}

TEST_CASE("the KS test has power: Hadoop samples are rejected as web-search", "[traffic][cdf]") {
    const double d =
        ks_statistic(draw(FlowSizeCdf::hadoop(), kSamples, 7), FlowSizeCdf::websearch());
    CHECK(d > kCritical);
}

TEST_CASE("CDF points, quantiles and the mean follow the piecewise-linear definition",
          "[traffic][cdf]") {
    const FlowSizeCdf ws = FlowSizeCdf::websearch();
    // Points of the published table.
    CHECK(ws.cdf(10'000) == Approx(0.15));
    CHECK(ws.cdf(80'000) == Approx(0.53));
    CHECK(ws.quantile(0.70) == Approx(1'000'000));
    // Halfway through the 1-2 MB segment (70 % .. 80 %).
    CHECK(ws.quantile(0.75) == Approx(1'500'000));
    CHECK(ws.cdf(1'500'000) == Approx(0.75));
    // The mean of the web-search table, segment by segment (probability x midpoint), by hand:
    // 0.15*5e3 + 0.05*15e3 + 0.1*25e3 + 0.1*40e3 + 0.13*65e3 + 0.07*140e3 + 0.1*600e3
    // + 0.1*1.5e6 + 0.1*3.5e6 + 0.07*7.5e6 + 0.03*20e6 = 1,711,250 bytes.
    CHECK(ws.mean_bytes() == Approx(1'711'250.0));
}

TEST_CASE("a two-column file gives the same CDF; bad files name the flag", "[traffic][cdf]") {
    const std::string path = "flow_size_cdf_test.txt";
    {
        std::ofstream f(path);
        f << "# web search, as the built-in table\n";
        const FlowSizeCdf ws = FlowSizeCdf::websearch();
        for (const auto& p : ws.points()) f << p.bytes << " " << p.cum * 100 << "\n";
    }
    const FlowSizeCdf from_file = FlowSizeCdf::named(path);
    CHECK(from_file.mean_bytes() == Approx(FlowSizeCdf::websearch().mean_bytes()));
    {
        std::ofstream f(path);
        f << "0 0\n100 50\n50 100\n";  // sizes decrease
    }
    CHECK_THROWS_WITH(FlowSizeCdf::named(path), Catch::Contains("--flow-sizes"));
    {
        std::ofstream f(path);
        f << "0 0\n100 90\n";  // never reaches 100 %
    }
    CHECK_THROWS_AS(FlowSizeCdf::named(path), InputError);
    std::remove(path.c_str());
    CHECK_THROWS_WITH(FlowSizeCdf::named("no-such-workload"), Catch::Contains("websearch, hadoop"));
}
