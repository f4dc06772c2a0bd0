#include "os_core.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <stdexcept>

namespace corelink {

double OsCoreCosts::refill_fraction(int processes) const {
    if (processes <= 1) return 0.0;  // nobody else evicts a lone process's working set
    if (refill_saturation_processes <= 2.0) return 1.0;
    return std::min(1.0, static_cast<double>(processes - 1) / (refill_saturation_processes - 1.0));
}

namespace {
enum class Phase { Yield, Poll, Work, Tx };
enum class PState { Blocked, Runnable, Running };
constexpr uint32_t kCpuTag = 0;
}  // namespace

struct OsCore::Process final : EventHandler {
    Process(OsCore& c, int ident, const ProcessSpec& s, Rng r, int64_t ring_slots)
        : core(c),
          id(ident),
          spec(s),
          rng(r),
          wake_timer(c.sim_.events(), *this),
          histogram(static_cast<size_t>(ring_slots) + 1, 0) {}

    void handle_event(uint32_t) override { core.wake(id); }

    SimTime next_gap() {
        if (core.config_.arrivals == ArrivalKind::Poisson)
            return max(SimTime::from_ps(1),
                       SimTime::from_ps(std::llround(rng.exponential(gap_ps))));
        // Deterministic: the k-th arrival at origin + k·gap, rounded per arrival so that the
        // long-run rate is exact even when the gap is not a whole number of picoseconds.
        ++arrival_index;
        return origin +
               SimTime::from_ps(std::llround(static_cast<double>(arrival_index) * gap_ps)) -
               next_arrival;
    }

    OsCore& core;
    int id;
    ProcessSpec spec;
    Rng rng;
    Timer wake_timer;

    // Arrivals, generated lazily.
    double gap_ps = 0.0;
    SimTime origin;
    uint64_t arrival_index = 0;
    SimTime next_arrival = SimTime::never();

    // Ring: slots in use include the batch being processed (netmap returns them after it).
    int64_t slots_used = 0;
    int64_t batch_taken = 0;
    int64_t batch_done = 0;
    std::deque<SimTime> arrival_times;    // only with track_latency
    std::vector<SimTime> batch_arrivals;  // only with track_latency

    // Where the process is in its loop.
    PState state = PState::Runnable;
    Phase phase = Phase::Poll;
    SimTime phase_left;    // remaining CPU time of a syscall phase
    SimTime pkt_time;      // per-packet CPU time of the batch in progress
    SimTime pkt_progress;  // time already spent on the packet in progress
    bool cold = false;     // switched in after another process: next batch pays the refill
    SimTime refill_left;   // per-switch refill still to do before it resumes its loop
    SimTime vruntime;      // CFS

    ProcessStats stats;
    std::vector<uint64_t> histogram;
    std::vector<SimTime> latencies;
};

OsCore::OsCore(Simulation& sim, OsCoreConfig config)
    : sim_(sim), config_(std::move(config)), cpu_timer_(sim.events(), *this, kCpuTag) {
    if (config_.processes.empty()) throw std::invalid_argument("OsCore: no processes");
    if (config_.ring_slots < 1 || config_.batch_pkts < 1)
        throw std::invalid_argument("OsCore: ring and batch must hold at least one packet");
    acct_from_ = sim_.now();
    for (size_t i = 0; i < config_.processes.size(); ++i) {
        const ProcessSpec& s = config_.processes[i];
        auto p = std::make_unique<Process>(*this, static_cast<int>(i), s, sim_.make_rng(),
                                           config_.ring_slots);
        if (s.offered_pps > 0.0) {
            p->gap_ps = 1e12 / s.offered_pps;
            // A random phase per process: the NIC's RSS spreads one line-rate stream over the
            // rings, so the rings do not fill in lockstep.
            p->origin = sim_.now() + SimTime::from_ps(std::llround(p->rng.uniform() * p->gap_ps));
            p->next_arrival = p->origin;
            if (config_.arrivals == ArrivalKind::Poisson)
                p->next_arrival = sim_.now() + p->next_gap();
        }
        p->phase = Phase::Poll;
        p->phase_left = config_.costs.poll_syscall;
        procs_.push_back(std::move(p));
    }
    // Every process starts runnable, about to poll, in index order.
    for (auto& p : procs_) run_queue_.push_back(p->id);
    dispatch();
}

OsCore::~OsCore() = default;

const ProcessStats& OsCore::stats(int p) const {
    return procs_.at(static_cast<size_t>(p))->stats;
}

int64_t OsCore::queued(int p) const {
    const Process& pr = *procs_.at(static_cast<size_t>(p));
    return pr.slots_used - pr.batch_done;
}

const std::vector<uint64_t>& OsCore::batch_histogram(int p) const {
    return procs_.at(static_cast<size_t>(p))->histogram;
}

const std::vector<SimTime>& OsCore::latencies(int p) const {
    return procs_.at(static_cast<size_t>(p))->latencies;
}

void OsCore::clear_samples() {
    for (auto& p : procs_) {
        std::fill(p->histogram.begin(), p->histogram.end(), 0);
        p->latencies.clear();
    }
}

void OsCore::sync() {
    const SimTime now = sim_.now();
    for (auto& p : procs_) advance_ring(*p, now);
    account_to(now);
}

void OsCore::advance_ring(Process& p, SimTime t) {
    while (p.next_arrival <= t) {
        ++p.stats.offered;
        if (p.slots_used < config_.ring_slots) {
            ++p.slots_used;
            if (p.spec.track_latency) p.arrival_times.push_back(p.next_arrival);
        } else {
            ++p.stats.dropped;  // the NIC finds no free slot
        }
        p.next_arrival += p.next_gap();
    }
}

void OsCore::account_to(SimTime t) {
    const SimTime d = t - acct_from_;
    acct_from_ = t;
    switch (cpu_) {
        case CpuState::Idle: core_.idle += d; break;
        case CpuState::Switching: core_.switching += d; break;
        case CpuState::Running: {
            core_.busy += d;
            Process& p = *procs_[static_cast<size_t>(current_)];
            p.stats.cpu_time += d;
            p.vruntime += d;
            break;
        }
    }
}

SimTime OsCore::slice_length() const {
    if (config_.scheduler == SchedulerKind::RoundRobin) return config_.quantum;
    const int64_t runnable = static_cast<int64_t>(run_queue_.size()) + 1;
    return max(config_.cfs_latency / runnable, config_.cfs_min_granularity);
}

bool OsCore::others_runnable() const {
    return !run_queue_.empty();
}

int OsCore::pick_next() {
    if (run_queue_.empty()) return -1;
    size_t best = 0;
    if (config_.scheduler == SchedulerKind::Cfs) {
        // Smallest virtual runtime; a task that just yielded goes last if anyone else can run
        // (Linux's CFS "skip buddy").
        bool found = false;
        for (size_t i = 0; i < run_queue_.size(); ++i) {
            const int c = run_queue_[i];
            if (c == yielded_ && run_queue_.size() > 1) continue;
            if (!found || procs_[static_cast<size_t>(c)]->vruntime <
                              procs_[static_cast<size_t>(run_queue_[best])]->vruntime) {
                best = i;
                found = true;
            }
        }
    }
    const int next = run_queue_[best];
    run_queue_.erase(run_queue_.begin() + static_cast<std::ptrdiff_t>(best));
    yielded_ = -1;
    return next;
}

void OsCore::make_runnable(int p, bool woken) {
    Process& pr = *procs_[static_cast<size_t>(p)];
    pr.state = PState::Runnable;
    if (config_.scheduler == SchedulerKind::Cfs) {
        SimTime floor = pr.vruntime;
        for (int q : run_queue_) floor = min(floor, procs_[static_cast<size_t>(q)]->vruntime);
        if (current_ >= 0) floor = min(floor, procs_[static_cast<size_t>(current_)]->vruntime);
        min_vruntime_ = max(min_vruntime_, floor);
        // A sleeper is placed half a latency period behind the pack, as CFS does, so it runs
        // soon but cannot hoard the CPU it did not use while asleep.
        if (woken && min_vruntime_ - config_.cfs_latency / 2 > pr.vruntime)
            pr.vruntime = min_vruntime_ - config_.cfs_latency / 2;
    }
    run_queue_.push_back(p);
}

void OsCore::dispatch() {
    // The core is free: the previous holder (if any) is already blocked or queued.
    account_to(sim_.now());
    const int prev = cpu_ == CpuState::Running ? current_ : -1;
    const int next = pick_next();
    if (next < 0) {
        cpu_ = CpuState::Idle;
        current_ = -1;
        slice_end_ = SimTime::never();
        cpu_timer_.cancel();
        return;
    }
    procs_[static_cast<size_t>(next)]->state = PState::Running;
    if (next == prev) {  // the scheduler kept the same process: no switch
        start_running();
        return;
    }
    cpu_ = CpuState::Switching;
    current_ = next;
    ++core_.context_switches;
    cpu_timer_.arm_at(sim_.now() + config_.costs.context_switch);
}

void OsCore::start_running() {
    account_to(sim_.now());
    Process& p = *procs_[static_cast<size_t>(current_)];
    if (cpu_ == CpuState::Switching) {
        ++p.stats.switched_in;
        if (last_ran_ != current_) {
            p.cold = true;
            // The working set is fetched again first; a refill cut short by the end of a slice
            // starts over, as the others have run in between.
            p.refill_left =
                config_.costs.cycles(config_.costs.refill_switch_cycles_at(processes()));
            // A batch interrupted by preemption resumes cold too: the others ran in between.
            if (p.phase == Phase::Work) {
                p.pkt_time = config_.costs.cycles(
                    config_.costs.base_cycles_per_packet + p.spec.extra_cycles_per_packet +
                    config_.costs.refill_packet_cycles_at(processes()));
                p.pkt_time = max(p.pkt_time, SimTime::from_ps(1));
                if (p.pkt_progress >= p.pkt_time) p.pkt_progress = p.pkt_time - SimTime::from_ps(1);
            }
        }
        last_ran_ = current_;
    }
    cpu_ = CpuState::Running;
    slice_end_ = sim_.now() + slice_length();
    arm_segment();
}

void OsCore::arm_segment() {
    const Process& p = *procs_[static_cast<size_t>(current_)];
    const SimTime remaining = p.refill_left > SimTime::zero() ? p.refill_left
                              : p.phase == Phase::Work
                                  ? p.pkt_time * (p.batch_taken - p.batch_done) - p.pkt_progress
                                  : p.phase_left;
    run_from_ = sim_.now();
    cpu_timer_.arm_at(min(sim_.now() + remaining, slice_end_));
}

void OsCore::handle_event(uint32_t) {
    account_to(sim_.now());
    if (cpu_ == CpuState::Switching) {
        start_running();
    } else if (cpu_ == CpuState::Running) {
        on_segment_end();
    }
}

void OsCore::on_segment_end() {
    Process& p = *procs_[static_cast<size_t>(current_)];
    const SimTime elapsed = sim_.now() - run_from_;
    if (p.refill_left > SimTime::zero()) {
        p.refill_left -= elapsed;
        p.stats.refill_time += elapsed;
        if (p.refill_left > SimTime::zero() || sim_.now() >= slice_end_) {
            preempt();
        } else {
            arm_segment();  // warm again: on with the loop where it stood
        }
        return;
    }
    bool done = false;
    if (p.phase == Phase::Work) {
        const int64_t total = (p.pkt_progress + elapsed).ps();
        const int64_t n = total / p.pkt_time.ps();
        p.batch_done += n;
        p.stats.processed += static_cast<uint64_t>(n);
        p.pkt_progress = SimTime::from_ps(total % p.pkt_time.ps());
        if (p.cold) {
            const SimTime refill =
                config_.costs.cycles(config_.costs.refill_packet_cycles_at(processes()));
            p.stats.refill_time += SimTime::from_ps(
                static_cast<int64_t>(static_cast<double>(elapsed.ps()) * (refill / p.pkt_time)));
        }
        done = p.batch_done == p.batch_taken;
    } else {
        p.phase_left -= elapsed;
        done = p.phase_left <= SimTime::zero();
    }
    if (done) {
        phase_done();
    } else {
        preempt();
    }
}

void OsCore::preempt() {
    // The slice is over (or a woken CFS task is owed the core).
    Process& p = *procs_[static_cast<size_t>(current_)];
    if (!others_runnable()) {
        slice_end_ = sim_.now() + slice_length();
        arm_segment();
        return;
    }
    ++p.stats.preempted;
    make_runnable(current_, false);
    dispatch();
}

void OsCore::phase_done() {
    Process& p = *procs_[static_cast<size_t>(current_)];
    const SimTime now = sim_.now();
    switch (p.phase) {
        case Phase::Yield:
            p.phase = Phase::Poll;
            p.phase_left = config_.costs.poll_syscall;
            if (others_runnable()) {  // sched_yield(): to the back of the queue
                if (config_.scheduler == SchedulerKind::Cfs) yielded_ = current_;
                make_runnable(current_, false);
                dispatch();
                return;
            }
            break;
        case Phase::Poll: {
            advance_ring(p, now);
            if (p.slots_used == 0) {
                block_current();
                return;
            }
            const int64_t n = std::min(p.slots_used, config_.batch_pkts);
            ++p.histogram[static_cast<size_t>(n)];
            ++p.stats.batches;
            if (p.spec.track_latency) {
                for (int64_t i = 0; i < n; ++i) {
                    p.batch_arrivals.push_back(p.arrival_times.front());
                    p.arrival_times.pop_front();
                }
            }
            p.phase = Phase::Work;
            p.batch_taken = n;
            p.batch_done = 0;
            p.pkt_progress = SimTime::zero();
            const double refill = p.cold ? config_.costs.refill_packet_cycles_at(processes()) : 0.0;
            p.pkt_time = max(SimTime::from_ps(1),
                             config_.costs.cycles(config_.costs.base_cycles_per_packet +
                                                  p.spec.extra_cycles_per_packet + refill));
            break;
        }
        case Phase::Work:
            p.slots_used -= p.batch_taken;  // slots go back to the NIC
            p.batch_taken = p.batch_done = 0;
            p.pkt_progress = SimTime::zero();
            p.cold = false;
            p.phase = Phase::Tx;
            p.phase_left = config_.costs.tx_syscall;
            break;
        case Phase::Tx:
            for (SimTime a : p.batch_arrivals) p.latencies.push_back(now - a);
            p.batch_arrivals.clear();
            p.phase = config_.yield ? Phase::Yield : Phase::Poll;
            p.phase_left = config_.yield ? config_.costs.yield_syscall : config_.costs.poll_syscall;
            break;
    }
    // Same process continues with its next phase, unless its slice is already over.
    if (now >= slice_end_) {
        preempt();
    } else {
        arm_segment();
    }
}

void OsCore::block_current() {
    Process& p = *procs_[static_cast<size_t>(current_)];
    ++p.stats.blocked;
    p.state = PState::Blocked;
    p.phase = Phase::Poll;  // on wake-up, poll() returns with what arrived
    p.phase_left = config_.costs.poll_syscall;
    p.wake_timer.arm_at(p.next_arrival);
    dispatch();
}

void OsCore::wake(int id) {
    account_to(sim_.now());
    Process& p = *procs_[static_cast<size_t>(id)];
    if (p.state != PState::Blocked) return;
    advance_ring(p, sim_.now());
    make_runnable(id, true);
    if (cpu_ == CpuState::Idle) {
        dispatch();
        return;
    }
    if (config_.scheduler == SchedulerKind::Cfs && cpu_ == CpuState::Running) {
        // CFS wakeup preemption: only when the sleeper is owed more than the granularity.
        const Process& cur = *procs_[static_cast<size_t>(current_)];
        if (p.vruntime + config_.cfs_wakeup_granularity < cur.vruntime) {
            slice_end_ = sim_.now();
            cpu_timer_.arm_at(sim_.now());
        }
    }
}

}  // namespace corelink
