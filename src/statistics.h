// Small statistics used across experiments.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <vector>

namespace corelink {

// Jain's fairness index (Σx)² / (n·Σx²): 1 when all equal, 1/n when one takes everything.
inline double jain_index(const double* x, size_t n) {
    if (n == 0) return 1.0;
    double s = 0.0, s2 = 0.0;
    for (size_t i = 0; i < n; ++i) {
        s += x[i];
        s2 += x[i] * x[i];
    }
    return s2 > 0.0 ? s * s / (static_cast<double>(n) * s2) : 1.0;
}
// Per-flow values may sit in a vector with another allocator (a BlockVector: object_array.h);
// the default lets a braced list ({1, 2}) stand for a std::vector<double>.
template <class Alloc = std::allocator<double>>
double jain_index(const std::vector<double, Alloc>& x) {
    return jain_index(x.data(), x.size());
}

inline double sum(const double* x, size_t n) {
    double s = 0.0;
    for (size_t i = 0; i < n; ++i) s += x[i];
    return s;
}
template <class Alloc = std::allocator<double>>
double sum(const std::vector<double, Alloc>& x) {
    return sum(x.data(), x.size());
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
