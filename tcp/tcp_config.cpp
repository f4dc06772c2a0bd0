#include "tcp_config.h"

#include <fmt/format.h>

#include "src/input_error.h"

namespace corelink {

TcpVariant parse_tcp_variant(const std::string& flag, const std::string& name) {
    if (name == "newreno") return TcpVariant::NewReno;
    if (name == "sack") return TcpVariant::Sack;
    if (name == "dctcp") return TcpVariant::Dctcp;
    throw InputError(
        fmt::format("--{}: must be one of newreno, sack, dctcp, got '{}'", flag, name));
}

const char* tcp_variant_name(TcpVariant v) {
    switch (v) {
        case TcpVariant::NewReno: return "newreno";
        case TcpVariant::Sack: return "sack";
        case TcpVariant::Dctcp: return "dctcp";
    }
    return "?";
}

void TcpConfig::apply(TcpVariant v) {
    sack = v != TcpVariant::NewReno;
    dctcp = v == TcpVariant::Dctcp;
    if (dctcp) ecn = true;
}

}  // namespace corelink
