// A fixed-capacity array of objects built in place, one after another in one block, that never
// move (other objects hold pointers to them). Topologies keep their per-flow endpoints in these
// instead of allocating each one on its own.
//
// Why: a run with tens of thousands of flows touches a few cache lines of a different flow's
// sender or receiver on nearly every packet. Allocated one by one (and cache-line aligned), the
// objects are scattered over the heap among the allocator's bookkeeping, every one costs an
// aligned allocation and a free, and each touch of a flow risks a TLB miss besides the cache
// miss. In one block they are dense, and a block of 2 MiB or more is mapped on its own and
// advised for transparent huge pages (Linux), so the whole array needs a handful of TLB entries
// and page faults instead of one per 4 KiB page. Small arrays (a few flows) come from the ordinary
// heap: they fit in the caches anyway.
#pragma once

#include <cassert>
#include <cstddef>
#include <new>
#include <stdexcept>
#include <utility>
#include <vector>

namespace corelink {

namespace detail {
// Raw storage for ObjectArray and BlockAllocator: at least `bytes`, aligned to `align` (a power
// of two, at most 4096). Blocks of kOwnMappingBytes or more are mapped separately, rounded up to
// whole huge pages and advised for them. Throws std::bad_alloc.
void* allocate_object_block(size_t bytes, size_t align);
void free_object_block(void* block, size_t bytes, size_t align);
// From this size a block gets its own huge-page mapping. Below it the heap serves it, touched
// one 4 KiB page (one page fault) at a time. A fault costs ~0.5 us on bare metal but 20-60 us in
// a VM that traps page-table updates (measured on the 2-core benchmark VM), where mapping and
// zeroing a whole 2 MiB huge page costs 150-200 us; at 64 KiB (16 faults) the own mapping wins
// there by ~4x and costs at most ~0.1 ms more on bare metal (zeroing 2 MiB, not 64 KiB). Only
// per-flow storage of large runs comes here (ObjectArray, BlockVector), a handful of blocks.
inline constexpr size_t kOwnMappingBytes = size_t{64} << 10;
}  // namespace detail

// A standard allocator over those blocks, for the per-flow buffers of large runs (snapshots,
// result tables) that std::vector would otherwise take from the heap page by page. Stateless.
template <class T>
struct BlockAllocator {
    using value_type = T;
    BlockAllocator() = default;
    template <class U>
    BlockAllocator(const BlockAllocator<U>&) noexcept {}
    T* allocate(size_t n) {
        return static_cast<T*>(detail::allocate_object_block(n * sizeof(T), alignof(T)));
    }
    void deallocate(T* p, size_t n) noexcept {
        detail::free_object_block(p, n * sizeof(T), alignof(T));
    }
    template <class U>
    bool operator==(const BlockAllocator<U>&) const noexcept {
        return true;
    }
};

// A vector of per-flow values in such blocks.
template <class T>
using BlockVector = std::vector<T, BlockAllocator<T>>;

template <class T>
class ObjectArray {
public:
    ObjectArray() = default;
    explicit ObjectArray(size_t capacity) { reserve(capacity); }
    ~ObjectArray() { release(); }
    ObjectArray(const ObjectArray&) = delete;
    ObjectArray& operator=(const ObjectArray&) = delete;

    // Sets the capacity; only while the array holds no storage yet. Both limits are checked in
    // every build, not only with assertions on: past them, objects that others point to would
    // be overwritten or moved. Construction-time only, so the checks cost nothing per packet.
    void reserve(size_t capacity) {
        if (block_ != nullptr)
            throw std::logic_error("ObjectArray::reserve: capacity is fixed once set");
        if (capacity == 0) return;
        block_ = static_cast<T*>(detail::allocate_object_block(capacity * sizeof(T), alignof(T)));
        capacity_ = capacity;
    }

    // Constructs the next object in place; the array must have room (reserve()).
    template <class... Args>
    T& emplace_back(Args&&... args) {
        if (size_ == capacity_)
            throw std::logic_error("ObjectArray::emplace_back: capacity exceeded");
        T* p = ::new (static_cast<void*>(block_ + size_)) T(std::forward<Args>(args)...);
        ++size_;
        return *p;
    }

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T& operator[](size_t i) {
        assert(i < size_);
        return block_[i];
    }
    const T& operator[](size_t i) const {
        assert(i < size_);
        return block_[i];
    }
    T* begin() { return block_; }
    T* end() { return block_ + size_; }
    const T* begin() const { return block_; }
    const T* end() const { return block_ + size_; }

private:
    void release() {
        for (size_t i = size_; i > 0; --i) block_[i - 1].~T();
        if (block_) detail::free_object_block(block_, capacity_ * sizeof(T), alignof(T));
        block_ = nullptr;
        size_ = capacity_ = 0;
    }

    T* block_ = nullptr;
    size_t size_ = 0;
    size_t capacity_ = 0;
};

}  // namespace corelink
