// Empirical flow-size distributions: a cumulative distribution given as points (size in bytes,
// cumulative percent), interpolated linearly between points, sampled by inversion. Two published
// datacenter workloads are built in (docs/nfv-pool.md, "Flow sizes"):
//   websearch  the web-search workload of the DCTCP paper (Alizadeh et al., SIGCOMM 2010)
//   hadoop     Facebook's Hadoop cluster (Roy et al., SIGCOMM 2015)
// both as distributed with the HPCC artifact. A file holds the same two columns, one point a
// line: "bytes cumulative_percent"; '#' starts a comment.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "src/rng.h"

namespace corelink {

class FlowSizeCdf {
public:
    struct Point {
        double bytes;
        double cum;  // cumulative probability in [0, 1]
    };

    // Throws InputError naming `flag` unless the points rise from probability 0 to 1 with
    // non-decreasing sizes (at least two points).
    FlowSizeCdf(std::vector<Point> points, const std::string& flag = "--flow-sizes");

    static FlowSizeCdf websearch();
    static FlowSizeCdf hadoop();
    // "websearch", "hadoop", or the path of a two-column file. Throws InputError naming `flag`.
    static FlowSizeCdf named(const std::string& name_or_file,
                             const std::string& flag = "--flow-sizes");

    // A size drawn by inverse-transform sampling, rounded up to whole bytes and at least 1.
    uint64_t sample(Rng& rng) const;
    // The size at cumulative probability u in [0, 1] (the inverse CDF, before rounding).
    double quantile(double u) const;
    // P(size <= bytes) of the piecewise-linear distribution.
    double cdf(double bytes) const;
    // Mean of the piecewise-linear distribution: every segment is uniform, so it contributes
    // its probability times its midpoint.
    double mean_bytes() const { return mean_bytes_; }
    const std::vector<Point>& points() const { return points_; }

private:
    std::vector<Point> points_;
    double mean_bytes_ = 0.0;
};

}  // namespace corelink
