// Routing on a fabric (docs/datacenter.md, "Routing").
//
// ECMP: a (sub)flow hashes its identifier onto one of the equal-cost shortest paths once, when
// it starts, and every packet of it follows that path. The hash is a keyed mix of (seed, flow id,
// source, destination): deterministic for a seed, independent across subflows of a connection
// (so subflows may collide, as with real ECMP), and a different seed redraws every choice.
//
// Packet spraying (the baseline): every packet picks a path uniformly at random. A Sprayer is
// the one hop of a flow's route; it forwards each packet onto a shared fabric route.
#pragma once

#include <cstdint>
#include <vector>

#include "src/packet.h"
#include "src/rng.h"
#include "topologies/fabric.h"

namespace corelink {

enum class RoutingMode { Ecmp, Spray };

class EcmpHash {
public:
    explicit EcmpHash(uint64_t seed) : seed_(seed) {}
    // A path index in [0, paths).
    uint32_t pick(uint32_t flow_id, uint32_t src, uint32_t dst, uint32_t paths) const {
        uint64_t x = seed_ ^ mix(flow_id + 0x9E3779B97F4A7C15ULL);
        x = mix(x ^ ((static_cast<uint64_t>(src) << 32U) | dst));
        __extension__ using U128 = unsigned __int128;
        return static_cast<uint32_t>((static_cast<U128>(mix(x)) * paths) >> 64U);
    }

private:
    // splitmix64's finaliser: every input bit affects every output bit.
    static uint64_t mix(uint64_t z) {
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31U);
    }
    uint64_t seed_;
};

class Sprayer final : public PacketSink {
public:
    Sprayer(RouteTable& routes, uint32_t src, uint32_t dst, uint32_t paths, Rng rng)
        : routes_(routes), src_(src), dst_(dst), rng_(rng), resolved_(paths, nullptr) {}

    void receive(Packet& p) override {
        const auto i = static_cast<uint32_t>(rng_.below(resolved_.size()));
        // Each path's route is looked up once; afterwards a packet costs one random draw.
        if (!resolved_[i]) resolved_[i] = &routes_.route(src_, dst_, i);
        p.send_on(*resolved_[i]);
    }

private:
    RouteTable& routes_;
    uint32_t src_, dst_;
    Rng rng_;
    std::vector<const Route*> resolved_;
};

}  // namespace corelink
