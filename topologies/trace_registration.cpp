#include "trace_registration.h"

#include <stdexcept>

#include "tcp/tcp_trace.h"

namespace corelink {

void register_server_departures(TracePoints& points, const std::string& name, Server& server,
                                std::vector<Route>& routes) {
    TracePoints::Point& p = points.add(name, "departures of " + server.name(), &server.queue());
    for (Route& r : routes)
        if (r.index_of(server) < r.size()) p.slots.push_back(TapSlot{&r, &server, true});
}

void register_tcp_flow_in(TracePoints& points, TcpSrc& src, std::vector<Route>& routes) {
    Route* data = nullptr;
    Route* ack = nullptr;
    for (Route& r : routes) {
        if (&r == src.data_route()) data = &r;
        if (r.size() > 0 && &r.hop(r.size() - 1) == &src) ack = &r;
    }
    if (!data || !ack)
        throw std::logic_error("register_tcp_flow_in: routes of flow " +
                               std::to_string(src.flow_id()) + " not found");
    register_tcp_flow(points, src, *data, *ack);
}

}  // namespace corelink
