// Registers a TCP flow with a topology's trace points: the point "flow:<id>" (what the sender
// sends, as it leaves, and the ACKs it receives, as they arrive) and the flow's congestion state
// for time series.
#pragma once

#include <string>

#include "src/trace_points.h"
#include "tcp/tcp_src.h"

namespace corelink {

// `data_route` starts at the sender; `ack_route` ends at `src`. `id` is the N of "flow:N": the
// sender's flow id unless the topology numbers its flows otherwise (a run holding a subset of an
// experiment's flows names them as the experiment does).
inline void register_tcp_flow(TracePoints& points, TcpSrc& src, Route& data_route, Route& ack_route,
                              uint32_t id) {
    TracePoints::Point& p =
        points.add("flow:" + std::to_string(id), "flow " + std::to_string(id) + "'s sender");
    p.slots.push_back(TapSlot{&data_route, nullptr, false});
    p.slots.push_back(TapSlot{&ack_route, &src, false});
    points.add_flow(id, [&src] {
        return FlowState{src.cwnd_bytes(), src.ssthresh_bytes(), src.srtt(),
                         src.rto(),        src.bytes_acked(),    src.retransmissions()};
    });
}

inline void register_tcp_flow(TracePoints& points, TcpSrc& src, Route& data_route,
                              Route& ack_route) {
    register_tcp_flow(points, src, data_route, ack_route, src.flow_id());
}

}  // namespace corelink
