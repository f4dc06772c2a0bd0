// Queue specs: a queue name with its own option values, so that one run can compare the same
// queue under different settings and different queues with different settings:
//   --queue 'fq:batch=1,fq:batch=1024,red4mq:red-min-th=30:red-max-th=90'
// Specs are separated by ',', a spec's options by ':'; keys are the queue option flags without
// dashes. Options a spec does not set take the command line's (or the experiment's) values.
#pragma once

#include <string>
#include <vector>

#include "queues/queue_registry.h"

namespace corelink {

struct QueueSpec {
    std::string label;  // as given ("fq:batch=1"); the "queue" column of result tables
    std::string name;   // the registered queue
    QueueOptionValues options;
};

// Parses `text` (the value of `flag`) on top of `base`. Throws InputError naming `flag` for an
// unknown queue, an option the queue does not have, a malformed or out-of-range value, or a spec
// given twice.
std::vector<QueueSpec> parse_queue_specs(const std::string& flag, const std::string& text,
                                         const QueueOptionValues& base);

// Checks one queue option value against its declaration (type and range); throws InputError.
void check_queue_option(const QueueOption& option, const std::string& value);
// "an integer in [1, 1e+09]", for --help and errors.
std::string queue_option_accepted(const QueueOption& option);

// Builds every spec's queue once, so that a bad combination (min_th >= max_th) is reported
// before anything runs.
void try_queue_specs(const std::vector<QueueSpec>& specs);

}  // namespace corelink
