// The one place a new queue discipline is registered: add its header and one line below.
#include "queues/bottleneck_fair_queue.h"
#include "queues/drfq_queue.h"
#include "queues/droptail_queue.h"
#include "queues/drr_queue.h"
#include "queues/fifo_queue.h"
#include "queues/fq_queue.h"
#include "queues/per_resource_fq_queue.h"
#include "queues/queue_registry.h"
#include "queues/red4_queue.h"
#include "queues/red4mq_queue.h"
#include "queues/red_queue.h"
#include "queues/sfq_queue.h"

namespace corelink {

namespace {
QueueRegistry make_builtin_registry() {
    QueueRegistry r;
    r.add(DropTailQueue::type());
    r.add(RedQueue::type());
    r.add(Red4Queue::type());
    r.add(Red4MqQueue::type());
    r.add(FqQueue::type());
    r.add(DrrQueue::type());
    r.add(FifoQueue::type());
    r.add(DrfqQueue::type());
    r.add(SfqQueue::type());
    r.add(BottleneckFairQueue::type());
    r.add(PerResourceFqQueue::type());
    return r;
}
}  // namespace

const QueueRegistry& builtin_queues() {
    static const QueueRegistry registry = make_builtin_registry();
    return registry;
}

}  // namespace corelink
