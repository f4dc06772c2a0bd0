#include "traffic_matrix.h"

#include <fmt/format.h>

#include <cassert>
#include <numeric>

#include "src/input_error.h"

namespace corelink {

TrafficMatrixKind parse_traffic_matrix(const std::string& flag, const std::string& name) {
    if (name == "permutation") return TrafficMatrixKind::Permutation;
    if (name == "random") return TrafficMatrixKind::Random;
    if (name == "stride") return TrafficMatrixKind::Stride;
    if (name == "incast") return TrafficMatrixKind::Incast;
    throw InputError(fmt::format(
        "--{}: must be one of permutation, random, stride, incast; got '{}'", flag, name));
}

const char* traffic_matrix_name(TrafficMatrixKind kind) {
    switch (kind) {
        case TrafficMatrixKind::Permutation: return "permutation";
        case TrafficMatrixKind::Random: return "random";
        case TrafficMatrixKind::Stride: return "stride";
        case TrafficMatrixKind::Incast: return "incast";
    }
    return "?";
}

std::string traffic_matrix_problem(const TrafficMatrixSpec& spec, uint32_t hosts) {
    if (hosts < 2) return fmt::format("needs at least 2 hosts, the topology has {}", hosts);
    switch (spec.kind) {
        case TrafficMatrixKind::Permutation:
        case TrafficMatrixKind::Random: return "";
        case TrafficMatrixKind::Stride:
            if (spec.stride % hosts == 0)
                return fmt::format(
                    "stride {} is a multiple of the {} hosts: every host would send "
                    "to itself",
                    spec.stride, hosts);
            return "";
        case TrafficMatrixKind::Incast:
            if (spec.incast_senders < 1 || spec.incast_senders > hosts - 1)
                return fmt::format("incast needs 1 to {} senders (hosts - 1), got {}", hosts - 1,
                                   spec.incast_senders);
            return "";
    }
    return "";
}

namespace {

// Fisher-Yates with our own generator, so the result does not depend on the standard library.
void shuffle(std::vector<uint32_t>& v, Rng& rng) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

}  // namespace

std::vector<Connection> make_traffic_matrix(const TrafficMatrixSpec& spec, uint32_t hosts,
                                            Rng& rng) {
    assert(traffic_matrix_problem(spec, hosts).empty());
    std::vector<Connection> out;
    switch (spec.kind) {
        case TrafficMatrixKind::Permutation: {
            // A uniform random derangement: uniform permutations until one has no fixed point
            // (about e tries on average, whatever the size).
            std::vector<uint32_t> pi(hosts);
            for (;;) {
                std::iota(pi.begin(), pi.end(), 0U);
                shuffle(pi, rng);
                bool fixed = false;
                for (uint32_t i = 0; i < hosts && !fixed; ++i) fixed = pi[i] == i;
                if (!fixed) break;
            }
            for (uint32_t i = 0; i < hosts; ++i) out.push_back({i, pi[i]});
            break;
        }
        case TrafficMatrixKind::Random:
            for (uint32_t i = 0; i < hosts; ++i) {
                // Uniform over the other hosts: draw from hosts - 1 and skip over i.
                auto d = static_cast<uint32_t>(rng.below(hosts - 1));
                out.push_back({i, d >= i ? d + 1 : d});
            }
            break;
        case TrafficMatrixKind::Stride:
            for (uint32_t i = 0; i < hosts; ++i)
                out.push_back(
                    {i, static_cast<uint32_t>((i + static_cast<uint64_t>(spec.stride)) % hosts)});
            break;
        case TrafficMatrixKind::Incast: {
            const auto receiver = static_cast<uint32_t>(rng.below(hosts));
            std::vector<uint32_t> others;
            for (uint32_t i = 0; i < hosts; ++i)
                if (i != receiver) others.push_back(i);
            shuffle(others, rng);
            for (uint32_t i = 0; i < spec.incast_senders; ++i) out.push_back({others[i], receiver});
            break;
        }
    }
    return out;
}

}  // namespace corelink
