// Connection-level reassembly: every byte is delivered once, in data-sequence order, whatever
// order and duplication the subflows deliver pieces in.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <vector>

#include "mptcp/mptcp_sink.h"
#include "src/rng.h"

using namespace corelink;

TEST_CASE("reassembly delivers every byte once, in order, from shuffled and duplicated pieces",
          "[mptcp][sink]") {
    // Expected values by construction: N pieces of mss bytes (the last one shorter) cover
    // N*mss - 700 bytes; data_ack must equal the length of the longest received prefix at every
    // step, and each duplicate must be counted, never delivered.
    constexpr uint32_t kMss = 1000;
    constexpr uint64_t kPieces = 5000;
    Simulation sim(1);
    MptcpSink sink(sim, kMss);
    std::vector<uint64_t> order(kPieces);
    std::iota(order.begin(), order.end(), 0);
    // Local disorder, as two subflows with different delays produce, plus far-ahead pieces
    // (forcing the ring to grow) and duplicates.
    Rng rng(7, 0);
    for (size_t i = 0; i + 1 < order.size(); ++i) {
        const size_t j = std::min(order.size() - 1, i + static_cast<size_t>(rng.uniform(0, 300)));
        std::swap(order[i], order[j]);
    }
    // Every 7th arrival is followed by a copy of the piece that arrived 50 earlier: by then it
    // was either delivered or is still held above a hole; both must count as duplicates.
    std::vector<uint64_t> feed;
    for (size_t i = 0; i < order.size(); ++i) {
        feed.push_back(order[i]);
        if (i % 7 == 0 && i >= 50) feed.push_back(order[i - 50]);
    }
    std::vector<bool> got(kPieces, false);
    uint64_t prefix = 0, prefix_bytes = 0, duplicates = 0;
    auto len_of = [&](uint64_t k) { return k + 1 == kPieces ? kMss - 700 : kMss; };
    for (uint64_t k : feed) {
        if (got[k]) ++duplicates;
        got[k] = true;
        sink.on_data(k * kMss + 1, len_of(k));
        while (prefix < kPieces && got[prefix]) prefix_bytes += len_of(prefix++);
        REQUIRE(sink.data_ack() == prefix_bytes);
    }
    CHECK(sink.data_ack() == kPieces * kMss - 700);
    CHECK(sink.duplicate_pieces() == duplicates);
    CHECK(sink.out_of_order_pieces() == 0);
    CHECK(sink.max_out_of_order_pieces() > 100);
}
