#include <catch2/catch.hpp>

#include <cmath>

#include "src/rng.h"
#include "src/statistics.h"

using namespace corelink;

TEST_CASE("the RNG is a pure function of seed and stream", "[rng]") {
    Rng a(42, 3), b(42, 3), c(42, 4), d(43, 3);
    bool differs_stream = false, differs_seed = false;
    for (int i = 0; i < 100; ++i) {
        const uint64_t x = a.next_u64();
        CHECK(x == b.next_u64());
        differs_stream |= x != c.next_u64();
        differs_seed |= x != d.next_u64();
    }
    CHECK(differs_stream);
    CHECK(differs_seed);
}

TEST_CASE("distributions have the right moments", "[rng]") {
    // Oracles: E[U]=1/2, Var[U]=1/12; E[Exp(m)]=m; N(0,1) mean 0 variance 1. Tolerances are
    // ~5 standard errors for n = 200,000.
    Rng r(1);
    const int n = 200000;
    double su = 0, su2 = 0, se = 0, sn = 0, sn2 = 0;
    for (int i = 0; i < n; ++i) {
        const double u = r.uniform();
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
        su += u;
        su2 += u * u;
        se += r.exponential(2.0);
        const double z = r.normal();
        sn += z;
        sn2 += z * z;
    }
    CHECK(su / n == Approx(0.5).margin(0.004));
    CHECK(su2 / n - std::pow(su / n, 2) == Approx(1.0 / 12).margin(0.002));
    CHECK(se / n == Approx(2.0).margin(0.025));
    CHECK(sn / n == Approx(0.0).margin(0.012));
    CHECK(sn2 / n == Approx(1.0).margin(0.02));
}

TEST_CASE("Jain's index and quantiles", "[statistics]") {
    // Jain: equal shares give 1; one of n taking everything gives 1/n (definition).
    CHECK(jain_index({3, 3, 3, 3}) == Approx(1.0));
    CHECK(jain_index({1, 0, 0, 0}) == Approx(0.25));
    CHECK(jain_index({1, 2}) == Approx(9.0 / 10.0));
    CHECK(quantile({5, 1, 4, 2, 3}, 0.5) == 3);
    CHECK(quantile({5, 1, 4, 2, 3}, 1.0) == 5);
}
