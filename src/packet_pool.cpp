#include "packet_pool.h"

namespace corelink {

void PacketPool::grow() {
    // Chunks double up to 64k packets (~10 MB) so small runs stay small and large ones grow fast.
    const size_t n = capacity_ == 0 ? 1024 : (capacity_ < 65536 ? capacity_ : 65536);
    Packet* chunk = chunks_.emplace_back(n).data();  // value-initialised, as new Packet[n]() was
    for (size_t i = n; i-- > 0;) {
        chunk[i].kind = PacketKind::Free;
        chunk[i].next = free_;
        free_ = &chunk[i];
    }
    capacity_ += n;
}

}  // namespace corelink
