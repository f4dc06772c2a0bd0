// Registers a TCP flow with a topology's trace points: the point "flow:<id>" (what the sender
// sends, as it leaves, and the ACKs it receives, as they arrive) and the flow's congestion state
// for time series.
#pragma once

#include <string>

#include "src/trace_points.h"
#include "tcp/tcp_src.h"

namespace corelink {

// `data_route` starts at the sender; `ack_route` ends at `src`.
inline void register_tcp_flow(TracePoints& points, TcpSrc& src, Route& data_route,
                              Route& ack_route) {
    const uint32_t id = src.flow_id();
    TracePoints::Point& p =
        points.add("flow:" + std::to_string(id), "flow " + std::to_string(id) + "'s sender");
    p.slots.push_back(TapSlot{&data_route, nullptr, false});
    p.slots.push_back(TapSlot{&ack_route, &src, false});
    points.add_flow(id, [&src] {
        return FlowState{src.cwnd_bytes(), src.ssthresh_bytes(), src.srtt(),
                         src.rto(),        src.bytes_acked(),    src.retransmissions()};
    });
}

}  // namespace corelink
