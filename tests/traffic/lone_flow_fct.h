// The oracle every lone-flow FCT test checks (tests/traffic/finite_flows_test.cpp on a star,
// tests/topologies/fabric_flows_test.cpp on a FatTree): a flow alone in an idle network whose
// window never limits keeps its first link busy from start to finish, so its last byte leaves that
// link at size / R; the base RTT counts the last packet's serialisation at every hop, one more
// than the pipelined transfer pays there, hence FCT = size / R + RTT - one packet time.
#pragma once

#include <catch2/catch.hpp>

#include "traffic/fct_stats.h"

namespace corelink::test {

// Checks the recorded ideal (size / R + RTT), that the FCT lies within one packet time below it,
// and that it equals the pipelined value up to `tolerance_ps` of per-hop rounding.
inline void check_lone_flow_fct(const FlowRecord& r, double rate_bps, SimTime rtt,
                                uint32_t packet_bytes, int64_t tolerance_ps) {
    const SimTime packet_time = serialization_time(packet_bytes, rate_bps);
    const SimTime transfer = serialization_time(r.size_bytes, rate_bps);
    CHECK(r.ideal == transfer + rtt);
    CHECK(r.fct <= r.ideal);
    CHECK(r.ideal - r.fct <= packet_time);
    const SimTime expected = transfer + rtt - packet_time;
    const SimTime err = r.fct > expected ? r.fct - expected : expected - r.fct;
    CHECK(err.ps() <= tolerance_ps);
}

}  // namespace corelink::test
