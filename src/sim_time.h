// Simulated time: an integer count of picoseconds, so that runs are exact and repeatable.
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>

namespace corelink {

class SimTime {
public:
    constexpr SimTime() = default;

    static constexpr SimTime from_ps(int64_t ps) { return SimTime(ps); }
    // Conversions from real units round to the nearest picosecond.
    static SimTime from_ns(double ns) { return SimTime(std::llround(ns * 1e3)); }
    static SimTime from_us(double us) { return SimTime(std::llround(us * 1e6)); }
    static SimTime from_ms(double ms) { return SimTime(std::llround(ms * 1e9)); }
    static SimTime from_sec(double s) { return SimTime(std::llround(s * 1e12)); }
    static constexpr SimTime zero() { return SimTime(0); }
    // "Never": later than any time a simulation can reach (~106 days).
    static constexpr SimTime never() { return SimTime(std::numeric_limits<int64_t>::max()); }

    constexpr int64_t ps() const { return ps_; }
    constexpr double to_ns() const { return static_cast<double>(ps_) * 1e-3; }
    constexpr double to_us() const { return static_cast<double>(ps_) * 1e-6; }
    constexpr double to_ms() const { return static_cast<double>(ps_) * 1e-9; }
    constexpr double to_sec() const { return static_cast<double>(ps_) * 1e-12; }

    constexpr auto operator<=>(const SimTime&) const = default;
    constexpr SimTime operator+(SimTime o) const { return SimTime(ps_ + o.ps_); }
    constexpr SimTime operator-(SimTime o) const { return SimTime(ps_ - o.ps_); }
    constexpr SimTime& operator+=(SimTime o) {
        ps_ += o.ps_;
        return *this;
    }
    constexpr SimTime& operator-=(SimTime o) {
        ps_ -= o.ps_;
        return *this;
    }
    constexpr SimTime operator*(int64_t k) const { return SimTime(ps_ * k); }
    constexpr SimTime operator/(int64_t k) const { return SimTime(ps_ / k); }
    // Ratio of two durations.
    constexpr double operator/(SimTime o) const {
        return static_cast<double>(ps_) / static_cast<double>(o.ps_);
    }
    SimTime scaled(double k) const { return SimTime(std::llround(static_cast<double>(ps_) * k)); }

private:
    constexpr explicit SimTime(int64_t ps) : ps_(ps) {}
    int64_t ps_ = 0;
};

constexpr SimTime min(SimTime a, SimTime b) {
    return a < b ? a : b;
}
constexpr SimTime max(SimTime a, SimTime b) {
    return a < b ? b : a;
}

// Time to serialise `bytes` at `rate_bps` bits per second, rounded to the nearest picosecond.
inline SimTime serialization_time(uint64_t bytes, double rate_bps) {
    return SimTime::from_ps(std::llround(static_cast<double>(bytes) * 8e12 / rate_bps));
}

// Time a CPU at `clock_hz` needs for `cycles`, rounded to the nearest picosecond.
inline SimTime cycles_time(double cycles, double clock_hz) {
    return SimTime::from_ps(std::llround(cycles * 1e12 / clock_hz));
}

// Bits per second carried when `bytes` were delivered over `interval`.
inline double rate_bps(uint64_t bytes, SimTime interval) {
    return interval.ps() > 0 ? static_cast<double>(bytes) * 8.0 / interval.to_sec() : 0.0;
}

}  // namespace corelink
