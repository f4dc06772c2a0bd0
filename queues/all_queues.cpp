// The one place a new queue discipline is registered: add its header and one line below.
#include "queues/droptail_queue.h"
#include "queues/queue_registry.h"

namespace corelink {

namespace {
QueueRegistry make_builtin_registry() {
    QueueRegistry r;
    r.add(DropTailQueue::type());
    return r;
}
}  // namespace

const QueueRegistry& builtin_queues() {
    static const QueueRegistry registry = make_builtin_registry();
    return registry;
}

}  // namespace corelink
