// Helpers topologies use to register their trace points (src/trace_points.h) from the routes
// they built: a server's departures, and TCP flows whose routes live in a shared vector.
#pragma once

#include <string>
#include <vector>

#include "src/server.h"
#include "src/trace_points.h"
#include "tcp/tcp_src.h"

namespace corelink {

// The point `name`: what `server` sends, tapped right after it in every route of `routes` that
// visits it; its queue is the one sampled.
void register_server_departures(TracePoints& points, const std::string& name, Server& server,
                                std::vector<Route>& routes);

// "flow:<id>" for `src`: its data route and its ACK route (the one ending at it) are found in
// `routes`.
void register_tcp_flow_in(TracePoints& points, TcpSrc& src, std::vector<Route>& routes);

}  // namespace corelink
