#include "traffic/flow_size_cdf.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "src/input_error.h"

namespace corelink {

FlowSizeCdf::FlowSizeCdf(std::vector<Point> points, const std::string& flag)
    : points_(std::move(points)) {
    if (points_.size() < 2) throw InputError(flag + ": a CDF needs at least two points");
    if (points_.front().cum != 0.0 || points_.back().cum != 1.0) {
        throw InputError(flag + ": the CDF must start at 0 % and end at 100 %");
    }
    for (size_t i = 0; i < points_.size(); ++i) {
        const Point& p = points_[i];
        if (!(p.bytes >= 0.0) || !std::isfinite(p.bytes)) {
            throw InputError(flag + ": flow sizes must be finite and >= 0 bytes");
        }
        if (i > 0 && (p.bytes < points_[i - 1].bytes || p.cum < points_[i - 1].cum)) {
            throw InputError(flag + ": sizes and percentages must not decrease");
        }
    }
    for (size_t i = 1; i < points_.size(); ++i) {
        mean_bytes_ +=
            (points_[i].cum - points_[i - 1].cum) * 0.5 * (points_[i].bytes + points_[i - 1].bytes);
    }
    if (!(mean_bytes_ > 0.0)) throw InputError(flag + ": the mean flow size must be > 0 bytes");
}

namespace {
FlowSizeCdf from_percent(std::initializer_list<std::pair<double, double>> pts) {
    std::vector<FlowSizeCdf::Point> v;
    for (const auto& [bytes, pct] : pts) v.push_back({bytes, pct / 100.0});
    return FlowSizeCdf(std::move(v));
}
}  // namespace

FlowSizeCdf FlowSizeCdf::websearch() {
    return from_percent({{0, 0},
                         {10000, 15},
                         {20000, 20},
                         {30000, 30},
                         {50000, 40},
                         {80000, 53},
                         {200000, 60},
                         {1000000, 70},
                         {2000000, 80},
                         {5000000, 90},
                         {10000000, 97},
                         {30000000, 100}});
}

FlowSizeCdf FlowSizeCdf::hadoop() {
    return from_percent({{0, 0},       {100, 1},        {200, 2},      {300, 5},
                         {350, 15},    {400, 20},       {500, 30},     {600, 40},
                         {700, 50},    {1000, 60},      {2000, 67},    {7000, 70},
                         {30000, 72},  {50000, 82},     {80000, 87},   {120000, 90},
                         {300000, 95}, {1000000, 97.5}, {2000000, 99}, {10000000, 100}});
}

FlowSizeCdf FlowSizeCdf::named(const std::string& name_or_file, const std::string& flag) {
    if (name_or_file == "websearch") return websearch();
    if (name_or_file == "hadoop") return hadoop();
    std::ifstream in(name_or_file);
    if (!in) {
        throw InputError(flag +
                         ": expected websearch, hadoop or a readable file of 'bytes percent'"
                         " lines, got '" +
                         name_or_file + "'");
    }
    std::vector<Point> points;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        const size_t hash = line.find('#');
        if (hash != std::string::npos) line.erase(hash);
        std::istringstream fields(line);
        double bytes = 0.0, pct = 0.0;
        if (!(fields >> bytes)) continue;  // blank line
        std::string extra;
        if (!(fields >> pct) || (fields >> extra)) {
            throw InputError(flag + ": " + name_or_file + " line " + std::to_string(line_no) +
                             ": expected two numbers, 'bytes cumulative_percent'");
        }
        if (!(pct >= 0.0 && pct <= 100.0)) {
            throw InputError(flag + ": " + name_or_file + " line " + std::to_string(line_no) +
                             ": the percentage must be in [0, 100]");
        }
        points.push_back({bytes, pct / 100.0});
    }
    return FlowSizeCdf(std::move(points), flag);
}

double FlowSizeCdf::quantile(double u) const {
    // The first point whose cumulative probability reaches u; interpolate in the segment below.
    const auto it = std::lower_bound(points_.begin(), points_.end(), u,
                                     [](const Point& p, double v) { return p.cum < v; });
    if (it == points_.begin()) return points_.front().bytes;
    if (it == points_.end()) return points_.back().bytes;
    const Point& hi = *it;
    const Point& lo = *(it - 1);
    if (hi.cum == lo.cum) return hi.bytes;
    return lo.bytes + (hi.bytes - lo.bytes) * (u - lo.cum) / (hi.cum - lo.cum);
}

double FlowSizeCdf::cdf(double bytes) const {
    if (bytes < points_.front().bytes) return 0.0;
    if (bytes >= points_.back().bytes) return 1.0;
    // The last point at or below `bytes`: a jump (two points at one size) counts fully.
    const auto it = std::upper_bound(points_.begin(), points_.end(), bytes,
                                     [](double v, const Point& p) { return v < p.bytes; });
    const Point& hi = *it;
    const Point& lo = *(it - 1);
    return lo.cum + (hi.cum - lo.cum) * (bytes - lo.bytes) / (hi.bytes - lo.bytes);
}

uint64_t FlowSizeCdf::sample(Rng& rng) const {
    const double bytes = std::ceil(quantile(rng.uniform()));
    return bytes < 1.0 ? 1 : static_cast<uint64_t>(bytes);
}

}  // namespace corelink
