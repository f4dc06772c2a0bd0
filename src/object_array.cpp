#include "object_array.h"

#include <sys/mman.h>

#include <cstdint>

namespace corelink::detail {

namespace {
// Blocks of kOwnMappingBytes or more get a mapping of their own in whole huge pages (the x86-64
// huge page size), advised for them; on a machine without transparent huge pages the advice is
// simply ignored.
constexpr size_t kHugePage = size_t{2} << 20;

size_t mapped_size(size_t bytes) {
    return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}
}  // namespace

void* allocate_object_block(size_t bytes, size_t align) {
    if (bytes < kOwnMappingBytes) return ::operator new (bytes, std::align_val_t{align});
    // Over-map by one huge page so the block can start on a huge-page boundary (the kernel can
    // back only aligned 2 MiB ranges with a huge page), then give back the unused ends.
    const size_t len = mapped_size(bytes);
    void* raw =
        mmap(nullptr, len + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    char* const start = static_cast<char*>(raw);
    const size_t lead = (kHugePage - reinterpret_cast<uintptr_t>(start) % kHugePage) % kHugePage;
    if (lead > 0) munmap(start, lead);
    munmap(start + lead + len, kHugePage - lead);  // lead < kHugePage: never empty
    char* const block = start + lead;
#ifdef MADV_HUGEPAGE
    madvise(block, len, MADV_HUGEPAGE);
#endif
    return block;
}

void free_object_block(void* block, size_t bytes, size_t align) {
    if (bytes < kOwnMappingBytes) {
        ::operator delete (block, std::align_val_t{align});
        return;
    }
    munmap(block, mapped_size(bytes));
}

}  // namespace corelink::detail
