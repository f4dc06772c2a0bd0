// Small statistics used across experiments.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace corelink {

// Jain's fairness index (Σx)² / (n·Σx²): 1 when all equal, 1/n when one takes everything.
inline double jain_index(const std::vector<double>& x) {
    if (x.empty()) return 1.0;
    double s = 0.0, s2 = 0.0;
    for (double v : x) {
        s += v;
        s2 += v * v;
    }
    return s2 > 0.0 ? s * s / (static_cast<double>(x.size()) * s2) : 1.0;
}

inline double sum(const std::vector<double>& x) {
    double s = 0.0;
    for (double v : x) s += v;
    return s;
}

inline double mean(const std::vector<double>& x) {
    if (x.empty()) return 0.0;
    double s = 0.0;
    for (double v : x) s += v;
    return s / static_cast<double>(x.size());
}

// The q-quantile (0 <= q <= 1) by the nearest-rank method; sorts a copy.
inline double quantile(std::vector<double> x, double q) {
    if (x.empty()) return 0.0;
    std::sort(x.begin(), x.end());
    const double rank = std::ceil(q * static_cast<double>(x.size()));
    const size_t i = rank < 1.0 ? 0 : static_cast<size_t>(rank) - 1;
    return x[std::min(i, x.size() - 1)];
}

}  // namespace corelink
