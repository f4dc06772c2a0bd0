// Packets are recycled: the pool grows in chunks while the simulation warms up and then serves
// every allocation from its free list.
#pragma once

#include <cassert>
#include <memory>
#include <vector>

#include "object_array.h"
#include "packet.h"

namespace corelink {

class PacketPool {
public:
    PacketPool() = default;
    PacketPool(const PacketPool&) = delete;
    PacketPool& operator=(const PacketPool&) = delete;

    // A packet with its first cache line reset (Packet::reset_hot); the fields of the second line
    // keep whatever the packet's previous use left there, and each user sets what it reads.
    Packet& alloc() {
        if (!free_) grow();
        Packet* p = free_;
        free_ = p->next;
        p->reset_hot();
        ++in_use_;
        return *p;
    }
    void release(Packet& p) {
        assert(p.kind != PacketKind::Free && "packet released twice");
        p.kind = PacketKind::Free;
        p.next = free_;
        free_ = &p;
        --in_use_;
        ++released_;
    }
    // Counts `p`, still in use, as released and allocated again: an element that turns a packet
    // it holds into a new one (a receiver answering a data packet with its ACK) keeps the
    // accounting of a release and an alloc without the trip through the free list.
    void recycle(Packet& p) {
        assert(p.kind != PacketKind::Free && "recycling a free packet");
        (void)p;
        ++released_;
    }
    size_t in_use() const { return in_use_; }
    size_t capacity() const { return capacity_; }
    // Packets returned to the pool over the run (drops and delivered packets alike).
    uint64_t released() const { return released_; }

private:
    void grow();

    // In BlockVectors (object_array.h): every chunk (128 KiB and up) is mapped in huge pages, so
    // a run with a million packets in flight (100,000 flows) takes ~70 huge-page faults instead
    // of ~32,000 4 KiB ones. A chunk never reallocates: packets do not move.
    std::vector<BlockVector<Packet>> chunks_;
    Packet* free_ = nullptr;
    size_t in_use_ = 0;
    size_t capacity_ = 0;
    uint64_t released_ = 0;
};

}  // namespace corelink
