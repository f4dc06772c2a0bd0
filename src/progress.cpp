#include "progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace corelink {

Progress::Progress(std::string label, SimTime end)
    : label_(std::move(label)),
      end_(end),
      enabled_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() {
    finish();
}

void Progress::redraw(SimTime now) {
    const auto t = std::chrono::steady_clock::now();
    if (t - last_ < std::chrono::milliseconds(250)) return;
    last_ = t;
    const double frac = end_.ps() > 0 ? now / end_ : 1.0;
    const double elapsed = std::chrono::duration<double>(t - start_).count();
    const double remaining = frac > 0 ? elapsed * (1 - frac) / frac : 0.0;
    fmt::print(stderr, "\r{}: {:5.1f}% of {:.3f} s simulated, {:.0f} s elapsed, ~{:.0f} s left   ",
               label_, 100.0 * frac, end_.to_sec(), elapsed, remaining);
    std::fflush(stderr);
    drawn_ = true;
}

void Progress::finish() {
    if (drawn_) {
        fmt::print(stderr, "\r{:80}\r", "");
        std::fflush(stderr);
        drawn_ = false;
    }
}

}  // namespace corelink
