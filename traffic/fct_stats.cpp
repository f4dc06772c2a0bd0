#include "traffic/fct_stats.h"

#include "src/statistics.h"

namespace corelink {

size_t fct_bucket_of(uint64_t size_bytes) {
    size_t b = 0;
    while (b < std::size(kFctBucketEdges) && size_bytes >= kFctBucketEdges[b]) ++b;
    return b;
}

const char* fct_bucket_name(size_t bucket) {
    static constexpr const char* kNames[] = {"<100KB", "100KB-1MB", "1MB-10MB", ">=10MB"};
    return bucket < kFctBuckets ? kNames[bucket] : "all";
}

namespace {
FctBucketRow summarise(const char* name, const std::vector<double>& slowdowns,
                       const std::vector<double>& fcts_us, uint64_t unfinished) {
    FctBucketRow row;
    row.bucket = name;
    row.flows = slowdowns.size();
    row.unfinished = unfinished;
    row.mean_slowdown = mean(slowdowns);
    row.p99_slowdown = quantile(slowdowns, 0.99);
    row.mean_fct_us = mean(fcts_us);
    return row;
}
}  // namespace

std::vector<FctBucketRow> fct_by_bucket(const std::vector<FlowRecord>& records) {
    std::vector<std::vector<double>> slow(kFctBuckets + 1), fct(kFctBuckets + 1);
    std::vector<uint64_t> unfinished(kFctBuckets + 1, 0);
    for (const FlowRecord& r : records) {
        const size_t b = fct_bucket_of(r.size_bytes);
        for (size_t i : {b, kFctBuckets}) {
            if (r.finished()) {
                slow[i].push_back(r.slowdown());
                fct[i].push_back(r.fct.to_us());
            } else {
                ++unfinished[i];
            }
        }
    }
    std::vector<FctBucketRow> rows;
    for (size_t b = 0; b <= kFctBuckets; ++b) {
        rows.push_back(summarise(fct_bucket_name(b), slow[b], fct[b], unfinished[b]));
    }
    return rows;
}

}  // namespace corelink
