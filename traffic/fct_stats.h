// Flow completion times of finite flows (docs/nfv-pool.md, "Finite flows"). A flow's slowdown is
// its FCT over the FCT it would have alone in an idle network,
//   ideal = size / host rate + base RTT of its path (its first packet and that packet's ACK,
//   unloaded),
// reported per size bucket (< 100 KB, 100 KB - 1 MB, 1 - 10 MB, >= 10 MB; KB = 1000 bytes, as the
// workloads' CDFs count) and overall. A flow that has not finished when the run ends is counted
// as unfinished, never dropped from the books: started = finished + unfinished in every bucket.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "src/sim_time.h"

namespace corelink {

struct FlowRecord {
    uint32_t src = 0, dst = 0;
    uint64_t size_bytes = 0;
    SimTime start;
    SimTime ideal;                   // the flow's FCT alone in an idle network
    SimTime fct = SimTime::never();  // never = unfinished
    bool finished() const { return fct != SimTime::never(); }
    double slowdown() const { return fct / ideal; }
};

struct FctBucketRow {
    std::string bucket;
    uint64_t flows = 0;       // finished flows (the slowdown statistics are over these)
    uint64_t unfinished = 0;  // started but not finished when the run ended
    double mean_slowdown = 0.0;
    double p99_slowdown = 0.0;
    double mean_fct_us = 0.0;
};

// Upper bounds of the buckets, in bytes (the last bucket is open).
inline constexpr uint64_t kFctBucketEdges[] = {100'000, 1'000'000, 10'000'000};
size_t fct_bucket_of(uint64_t size_bytes);
const char* fct_bucket_name(size_t bucket);  // "<100KB", "100KB-1MB", "1MB-10MB", ">=10MB"
constexpr size_t kFctBuckets = 4;

// One row per bucket (empty buckets included, with zero flows) and a last row "all".
std::vector<FctBucketRow> fct_by_bucket(const std::vector<FlowRecord>& records);

}  // namespace corelink
