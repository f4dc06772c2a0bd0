// Traffic matrices of long-running connections between the hosts of a fabric
// (docs/datacenter.md, "Traffic"):
//   permutation  a uniformly random derangement: every host sends to one host and receives from
//                one, never itself;
//   random       every host sends to a host drawn uniformly from the others (destinations may
//                repeat, so some hosts receive several connections and some none);
//   stride(s)    host i sends to (i + s) mod hosts;
//   incast(n)    n distinct senders, drawn at random, to one receiver drawn at random.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "src/rng.h"

namespace corelink {

enum class TrafficMatrixKind { Permutation, Random, Stride, Incast };

struct TrafficMatrixSpec {
    TrafficMatrixKind kind = TrafficMatrixKind::Permutation;
    uint32_t stride = 1;          // stride: the offset s
    uint32_t incast_senders = 8;  // incast: n
};

struct Connection {
    uint32_t src;
    uint32_t dst;
};

// "permutation", "random", "stride", "incast"; throws InputError naming `flag` otherwise.
TrafficMatrixKind parse_traffic_matrix(const std::string& flag, const std::string& name);
const char* traffic_matrix_name(TrafficMatrixKind kind);

// Why `spec` cannot be used on `hosts` hosts ("" when it can): fewer than two hosts, a stride
// that maps hosts onto themselves, more incast senders than other hosts.
std::string traffic_matrix_problem(const TrafficMatrixSpec& spec, uint32_t hosts);

// The connections, in sender order (incast: the senders' order as drawn). `spec` must be usable.
std::vector<Connection> make_traffic_matrix(const TrafficMatrixSpec& spec, uint32_t hosts,
                                            Rng& rng);

}  // namespace corelink
