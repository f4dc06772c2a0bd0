// An OS-scheduled CPU core shared by P packet-processing processes: the KBNets 2017 §3 testbed
// (FastClick processes pinned to one core, each polling its own netmap NIC RX ring) as a model.
//
// Each process runs the FastClick main loop of §3.1:
//     while (1) { [sched_yield();] poll(); process_batch(); ioctl(TXSYNC); }
// poll() blocks while the ring is empty and wakes on an arrival; process_batch() takes up to
// `batch_pkts` packets and spends (base + extra [+ cache refill]) cycles on each; TXSYNC is a
// syscall. An OS scheduler (round robin with a quantum, or a CFS-like fair share) picks which
// runnable process owns the core; every switch costs `context_switch`. A process switched in
// behind another finds its cache partly or wholly overwritten (§3.1: "a large number of
// processes fighting for the cache means there is little or no data in the cache when a process
// is re-scheduled ... the maximum decrease is reached at 25 contending processes"). It pays the
// refill in two parts, both scaled by the evicted fraction f(P), which grows with the number of
// processes P sharing the core and is 1 from `refill_saturation_processes` on:
//   - per switch-in: its fixed working set (code, Click graph, element state, ring metadata,
//     page tables) is fetched again before it does anything else;
//   - per packet of the first batch after the switch-in: that batch's descriptors and packet
//     buffers waited in memory while the others ran, so each packet misses.
// The per-switch part is what makes small rings (Fig. 4) and quantum-cut batches (Fig. 3, 10000
// cycles) expensive; the per-packet part is what a large batch cannot amortise.
//
// Arrivals are generated lazily: no event exists for a packet while its process is not looking.
// A ring's occupancy is brought up to date (exactly, arrival by arrival, with exact drops at a
// full ring) whenever its process polls, and at sync(). A blocked process has one wake-up timer
// at its next arrival. Events per simulated batch are therefore O(1), independent of the rate.
//
// Ring slots follow netmap: a batch's slots stay owned by the process until the batch has been
// processed, so a ring of R slots buffers at most R packets in total (waiting + being processed).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "src/event_list.h"
#include "src/rng.h"
#include "src/sim_time.h"
#include "src/simulation.h"

namespace corelink {

enum class SchedulerKind { RoundRobin, Cfs };
enum class ArrivalKind { Deterministic, Poisson };

// Per-operation costs of the core. Defaults are the calibrated values (docs/oscore-calibration.md
// says which paper numbers fixed which constant; the rest are a-priori values named there).
struct OsCoreCosts {
    double clock_hz = 3.0e9;                // a-priori: a 3 GHz server core
    double base_cycles_per_packet = 193.0;  // calibrated: Fig. 3, 1 process, 1000 cycles, 2.5 Mpps
    // poll() (netmap rxsync) and ioctl(TXSYNC) cost the same; calibrated: Fig. 2, 5 processes
    // without yield, 5.1 Mpps (the tail of tiny batches is paid in these syscalls).
    SimTime poll_syscall = SimTime::from_ns(1140);
    SimTime tx_syscall = SimTime::from_ns(1140);
    SimTime yield_syscall = SimTime::from_ns(200);  // a-priori: sched_yield entry/exit
    SimTime context_switch = SimTime::from_us(2);   // a-priori: Linux switch incl. scheduler
    // Cache refill at saturation (P >= refill_saturation_processes); below, both are scaled by
    // refill_fraction(P). A refill cut short by the end of a slice starts over next time.
    // Per switch-in: calibrated, Fig. 3, 30 processes, plain forwarding, 3.5 Mpps.
    double refill_switch_cycles = 175000.0;
    // Per packet of the first batch after a switch-in: a-priori, about two cache lines per
    // packet (its header line; RX/TX descriptors and netmap slots, 16 B each) missing to DRAM
    // at ~80 ns each: 160 ns = 480 cycles at 3 GHz.
    double refill_packet_cycles = 480.0;
    double refill_saturation_processes = 25.0;  // §3.1: "maximum decrease ... at 25"

    SimTime cycles(double n) const { return cycles_time(n, clock_hz); }
    // Fraction of a process's cache contents the others have evicted when `processes` share the
    // core: 0 alone, growing linearly (each other process overwrites the same share), 1 from
    // refill_saturation_processes on.
    double refill_fraction(int processes) const;
    // The two refill costs, in cycles, when `processes` share the core.
    double refill_switch_cycles_at(int processes) const {
        return refill_switch_cycles * refill_fraction(processes);
    }
    double refill_packet_cycles_at(int processes) const {
        return refill_packet_cycles * refill_fraction(processes);
    }
};

struct ProcessSpec {
    double offered_pps = 0.0;              // this process's share of the NIC's offered load
    double extra_cycles_per_packet = 0.0;  // the paper's "additional cycles per packet"
    bool track_latency = false;            // keep per-packet arrival times (for ping latency)
};

struct OsCoreConfig {
    std::vector<ProcessSpec> processes;
    int64_t ring_slots = 1024;  // §3.1: "fairly large buffer rings (1024 packets) per process"
    int64_t batch_pkts = 1024;  // "and similar FastClick batches"
    bool yield = true;          // sched_yield() before poll(), the paper's fix (§3.1, Fig. 2)
    SchedulerKind scheduler = SchedulerKind::RoundRobin;
    SimTime quantum = SimTime::from_ms(1);  // round robin time slice
    // CFS-like: slice = max(latency / runnable, min_granularity); a woken task preempts the
    // current one when its virtual runtime is smaller by more than wakeup_granularity.
    SimTime cfs_latency = SimTime::from_ms(6);
    SimTime cfs_min_granularity = SimTime::from_us(750);
    SimTime cfs_wakeup_granularity = SimTime::from_ms(1);
    ArrivalKind arrivals = ArrivalKind::Poisson;
    OsCoreCosts costs;
};

// Counters of one process. Packets: offered = processed + dropped + queued, exactly.
struct ProcessStats {
    uint64_t offered = 0;      // arrivals at the ring
    uint64_t dropped = 0;      // arrivals that found the ring full
    uint64_t processed = 0;    // packets whose processing finished
    uint64_t batches = 0;      // polls that returned at least one packet
    uint64_t switched_in = 0;  // times the scheduler gave it the core
    uint64_t preempted = 0;    // times it lost the core at the end of its slice (or to a wakeup)
    uint64_t blocked = 0;      // polls that found the ring empty and slept
    SimTime cpu_time;          // time it held the core (syscalls, packets and refill)
    SimTime refill_time;       // part of cpu_time spent refilling the cache (both parts)
};

// Counters of the core. busy + switching + idle = elapsed, exactly, in picoseconds.
struct CoreStats {
    SimTime busy;       // a process was running
    SimTime switching;  // a context switch was in progress
    SimTime idle;       // nothing was runnable
    uint64_t context_switches = 0;
};

class OsCore final : public EventHandler {
public:
    OsCore(Simulation& sim, OsCoreConfig config);
    OsCore(const OsCore&) = delete;
    OsCore& operator=(const OsCore&) = delete;
    ~OsCore() override;

    // Brings every ring and every time counter up to now(). Call before reading statistics.
    void sync();

    int processes() const { return static_cast<int>(procs_.size()); }
    const OsCoreConfig& config() const { return config_; }
    const ProcessStats& stats(int p) const;
    const CoreStats& core_stats() const { return core_; }
    // Packets in process p's ring not yet processed (waiting, or in the batch in progress).
    int64_t queued(int p) const;
    // Histogram of batch sizes taken by process p: index n counts batches of n packets.
    const std::vector<uint64_t>& batch_histogram(int p) const;
    // Latency (arrival at the ring to the end of the TX syscall), per packet, for processes with
    // track_latency set. Cleared by clear_samples().
    const std::vector<SimTime>& latencies(int p) const;
    // Forgets batch histograms and latency samples (counters are cumulative: diff snapshots).
    void clear_samples();

    void handle_event(uint32_t tag) override;

private:
    struct Process;
    enum class CpuState { Idle, Switching, Running };

    void advance_ring(Process& p, SimTime t);
    void account_to(SimTime t);
    void dispatch();
    void start_running();
    void arm_segment();
    void on_segment_end();
    void phase_done();
    void preempt();
    void block_current();
    void wake(int p);
    bool others_runnable() const;
    void make_runnable(int p, bool woken);
    int pick_next();
    SimTime slice_length() const;

    Simulation& sim_;
    OsCoreConfig config_;
    std::vector<std::unique_ptr<Process>> procs_;
    CoreStats core_;
    CpuState cpu_ = CpuState::Idle;
    SimTime acct_from_;          // counters are accounted up to here
    int current_ = -1;           // running (or being switched in) process, -1 when idle
    int last_ran_ = -1;          // whose working set is in the cache
    std::deque<int> run_queue_;  // runnable, not running (round robin order)
    SimTime slice_end_ = SimTime::never();
    SimTime run_from_;      // when the current run segment started
    SimTime min_vruntime_;  // CFS
    int yielded_ = -1;      // CFS: the task that just yielded is picked last
    Timer cpu_timer_;
};

}  // namespace corelink
