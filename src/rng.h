// Seeded random numbers. Our own generator and distributions (xoshiro256**, seeded by splitmix64),
// so results do not depend on the standard library's distribution implementations.
// Every stochastic element owns its own stream, derived from the run's seed and a stream id.
#pragma once

#include <cmath>
#include <cstdint>

namespace corelink {

class Rng {
    __extension__ using Uint128 = unsigned __int128;

public:
    explicit Rng(uint64_t seed, uint64_t stream = 0) {
        uint64_t x = seed ^ (0x9E3779B97F4A7C15ULL * (stream + 1));
        for (auto& w : s_) w = splitmix64(x);
    }

    // A new, independent stream derived from this one's seed material.
    Rng fork(uint64_t stream) const { return Rng(s_[0] ^ s_[3], stream); }

    uint64_t next_u64() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform on [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Uniform integer on [0, n), n > 0 (Lemire's multiply-shift; bias < 2^-64 * n).
    uint64_t below(uint64_t n) {
        return static_cast<uint64_t>((static_cast<Uint128>(next_u64()) * n) >> 64);
    }
    bool bernoulli(double p) { return uniform() < p; }
    double exponential(double mean) { return -mean * std::log1p(-uniform()); }
    // Standard normal by Box-Muller (the second value is kept for the next call).
    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u1 = uniform();
        while (u1 <= 0.0) u1 = uniform();
        const double u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        spare_ = r * std::sin(2.0 * M_PI * u2);
        has_spare_ = true;
        return r * std::cos(2.0 * M_PI * u2);
    }
    double normal(double mean, double stddev) { return mean + stddev * normal(); }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static uint64_t splitmix64(uint64_t& x) {
        uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    uint64_t s_[4];
    double spare_ = 0.0;
    bool has_spare_ = false;
};

}  // namespace corelink
