#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "src/object_array.h"
#include "src/packet_pool.h"

using namespace corelink;

namespace {
// Cache-line aligned like the TCP endpoints; records its construction and destruction order.
struct alignas(64) Tracked {
    Tracked(int id_value, std::vector<int>& log_to) : id(id_value), log(log_to) {}
    Tracked(const Tracked&) = delete;
    ~Tracked() { log.push_back(-id); }
    int id;
    std::vector<int>& log;
    char payload[100] = {};
};
}  // namespace

TEST_CASE("ObjectArray builds objects in place, contiguous and aligned", "[object_array]") {
    std::vector<int> log;
    {
        ObjectArray<Tracked> a(3);
        CHECK(a.empty());
        Tracked& first = a.emplace_back(1, log);
        a.emplace_back(2, log);
        a.emplace_back(3, log);
        REQUIRE(a.size() == 3);
        // The first object does not move when later ones are added (peers keep pointers).
        CHECK(&first == &a[0]);
        CHECK(a[2].id == 3);
        // One block: element i sits i * sizeof(T) after the first, each on its own alignment.
        CHECK(reinterpret_cast<uintptr_t>(&a[1]) - reinterpret_cast<uintptr_t>(&a[0]) ==
              sizeof(Tracked));
        for (const Tracked& t : a) CHECK(reinterpret_cast<uintptr_t>(&t) % alignof(Tracked) == 0);
    }
    // Destroyed once each, in reverse order of construction (like members of a class).
    CHECK(log == std::vector<int>{-3, -2, -1});
}

TEST_CASE("ObjectArray above the huge-page size is usable throughout", "[object_array]") {
    // 40,000 x 128 bytes = 5.1 MB: the mapped path (blocks of 2 MiB or more).
    std::vector<int> log;
    {
        ObjectArray<Tracked> a(40000);
        for (int i = 0; i < 40000; ++i) a.emplace_back(i, log).payload[99] = static_cast<char>(i);
        REQUIRE(a.size() == 40000);
        CHECK(reinterpret_cast<uintptr_t>(&a[0]) % alignof(Tracked) == 0);
        bool intact = true;
        for (int i = 0; i < 40000; ++i)
            intact = intact && a[i].id == i && a[i].payload[99] == static_cast<char>(i);
        CHECK(intact);
    }
    CHECK(log.size() == 40000);
}

TEST_CASE("ObjectArray refuses to grow past its capacity or to be re-sized", "[object_array]") {
    // The contract: objects never move, so the capacity is fixed by reserve() and a further
    // object or a second reserve() is an error in every build (not only with assertions on).
    std::vector<int> log;
    {
        ObjectArray<Tracked> a(2);
        a.emplace_back(1, log);
        a.emplace_back(2, log);
        CHECK_THROWS_AS(a.emplace_back(3, log), std::logic_error);
        CHECK(a.size() == 2);
        CHECK_THROWS_AS(a.reserve(4), std::logic_error);
    }
    CHECK(log == std::vector<int>{-2, -1});  // the refused object was never built
}

TEST_CASE("BlockVector keeps its values while growing from the heap into mapped blocks",
          "[object_array]") {
    // Grown one element at a time from empty to 1 M doubles (8 MB): reallocations below
    // detail::kOwnMappingBytes come from the heap, later ones from mapped huge-page blocks, and
    // every copy between the two kinds must keep the values. Oracle: the value written, i * 0.5.
    BlockVector<double> v;
    constexpr size_t kN = size_t{1} << 20;
    static_assert(kN * sizeof(double) > 4 * detail::kOwnMappingBytes);
    for (size_t i = 0; i < kN; ++i) v.push_back(static_cast<double>(i) * 0.5);
    bool intact = true;
    for (size_t i = 0; i < kN; ++i) intact = intact && v[i] == static_cast<double>(i) * 0.5;
    CHECK(intact);
    // Copies and moves between vectors of this allocator (it is stateless: all compare equal).
    BlockVector<double> copy = v;
    BlockVector<double> moved = std::move(v);
    CHECK(copy == moved);
    copy.resize(10);
    copy.shrink_to_fit();
    CHECK(copy.size() == 10);
    CHECK(copy[9] == 4.5);
    // Blocks are aligned for the type whichever path serves them (small: heap; 64 x 8 KB:
    // mapped).
    struct alignas(64) Line {
        char bytes[64];
    };
    for (size_t n : {size_t{3}, size_t{8192}}) {
        BlockVector<Line> lines(n);
        CHECK(reinterpret_cast<uintptr_t>(lines.data()) % 64 == 0);
    }
}

TEST_CASE("PacketPool grown over several mapped chunks hands out fresh, distinct packets",
          "[object_array]") {
    // 200,000 packets: chunks of 1,024, 1,024, 2,048, ... 65,536 (25.6 MB in all), every one a
    // BlockVector past the huge-page threshold. Oracle: Packet's declared defaults (a fresh
    // packet's second line is zero: demand{} and the scratch times), 64-byte alignment, and no
    // packet handed out twice while held.
    PacketPool pool;
    std::vector<Packet*> held;
    constexpr size_t kN = 200000;
    for (size_t i = 0; i < kN; ++i) held.push_back(&pool.alloc());
    CHECK(pool.in_use() == kN);
    CHECK(pool.capacity() >= kN);
    bool fresh = true, aligned = true;
    for (Packet* p : held) {
        fresh = fresh && p->kind == PacketKind::Data && p->route == nullptr &&
                p->enqueued_at == SimTime::zero() && p->due == SimTime::zero() &&
                p->data_seq == 0 && p->demand[0] == SimTime::zero();
        aligned = aligned && reinterpret_cast<uintptr_t>(p) % 64 == 0;
    }
    CHECK(fresh);
    CHECK(aligned);
    std::sort(held.begin(), held.end());
    CHECK(std::adjacent_find(held.begin(), held.end()) == held.end());
    for (Packet* p : held) pool.release(*p);
    CHECK(pool.in_use() == 0);
}
