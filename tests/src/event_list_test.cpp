#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <vector>

#include "src/event_list.h"
#include "src/rng.h"

using namespace corelink;

namespace {
struct Recorder final : EventHandler {
    EventList& ev;
    std::vector<std::pair<int64_t, uint32_t>> fired;
    explicit Recorder(EventList& e) : ev(e) {}
    void handle_event(uint32_t tag) override { fired.emplace_back(ev.now().ps(), tag); }
};
}  // namespace

TEST_CASE("events fire in time order; equal times fire in scheduling order", "[event_list]") {
    // Expected: the contract of the event list (docs/style.md §4 item 6: determinism,
    // ties in insertion order).
    EventList ev;
    Recorder r(ev);
    ev.schedule_at(SimTime::from_ps(30), r, 1);
    ev.schedule_at(SimTime::from_ps(10), r, 2);
    ev.schedule_at(SimTime::from_ps(30), r, 3);
    ev.schedule_at(SimTime::from_ps(10), r, 4);
    ev.schedule_at(SimTime::from_ps(20), r, 5);
    while (ev.step()) {
    }
    const std::vector<std::pair<int64_t, uint32_t>> want{
        {10, 2}, {10, 4}, {20, 5}, {30, 1}, {30, 3}};
    CHECK(r.fired == want);
    CHECK(ev.dispatched() == 5);
}

TEST_CASE("a random schedule is dispatched sorted by (time, insertion order)", "[event_list]") {
    // Oracle: a stable sort of the schedule by time.
    EventList ev;
    Recorder r(ev);
    Rng rng(7);
    std::vector<std::pair<int64_t, uint32_t>> want;
    for (uint32_t i = 0; i < 5000; ++i) {
        const int64_t t = static_cast<int64_t>(rng.below(200));
        ev.schedule_at(SimTime::from_ps(t), r, i);
        want.emplace_back(t, i);
    }
    std::stable_sort(want.begin(), want.end(), [](auto& a, auto& b) { return a.first < b.first; });
    while (ev.step()) {
    }
    CHECK(r.fired == want);
}

TEST_CASE("events scheduled while dispatching keep the order", "[event_list]") {
    EventList ev;
    struct Chain final : EventHandler {
        EventList& ev;
        std::vector<uint32_t> order;
        explicit Chain(EventList& e) : ev(e) {}
        void handle_event(uint32_t tag) override {
            order.push_back(tag);
            if (tag == 1) ev.schedule_in(SimTime::zero(), *this, 3);  // same time, after 2
        }
    } c(ev);
    ev.schedule_at(SimTime::from_ps(5), c, 1);
    ev.schedule_at(SimTime::from_ps(5), c, 2);
    while (ev.step()) {
    }
    CHECK(c.order == std::vector<uint32_t>{1, 2, 3});
}

TEST_CASE("timers can be cancelled and moved", "[event_list][timer]") {
    EventList ev;
    Recorder r(ev);
    Timer t(ev, r, 9);

    SECTION("fires once at its deadline") {
        t.arm_at(SimTime::from_ps(100));
        while (ev.step()) {
        }
        CHECK(r.fired == std::vector<std::pair<int64_t, uint32_t>>{{100, 9}});
        CHECK_FALSE(t.armed());
    }
    SECTION("moved later fires only at the new deadline") {
        t.arm_at(SimTime::from_ps(100));
        t.arm_at(SimTime::from_ps(250));
        t.arm_at(SimTime::from_ps(400));
        while (ev.step()) {
        }
        CHECK(r.fired == std::vector<std::pair<int64_t, uint32_t>>{{400, 9}});
        // Moving later adds no heap entry: one entry, popped at 100, 400 (re-pushed once).
        CHECK(ev.dispatched() == 2);
    }
    SECTION("moved earlier fires at the earlier deadline, once") {
        t.arm_at(SimTime::from_ps(400));
        t.arm_at(SimTime::from_ps(50));
        while (ev.step()) {
        }
        CHECK(r.fired == std::vector<std::pair<int64_t, uint32_t>>{{50, 9}});
    }
    SECTION("cancelled never fires; re-armed after cancel fires") {
        t.arm_at(SimTime::from_ps(100));
        t.cancel();
        ev.run_until(SimTime::from_ps(150));
        CHECK(r.fired.empty());
        t.arm_at(SimTime::from_ps(300));
        while (ev.step()) {
        }
        CHECK(r.fired == std::vector<std::pair<int64_t, uint32_t>>{{300, 9}});
    }
    SECTION("a moved timer keeps its place among equal-time events by when it was armed") {
        t.arm_at(SimTime::from_ps(10));
        ev.schedule_at(SimTime::from_ps(200), r, 1);
        t.arm_at(SimTime::from_ps(200));  // armed after event 1 was scheduled
        ev.schedule_at(SimTime::from_ps(200), r, 2);
        while (ev.step()) {
        }
        CHECK(r.fired == std::vector<std::pair<int64_t, uint32_t>>{{200, 1}, {200, 9}, {200, 2}});
    }
}

TEST_CASE("run_until stops at the horizon and advances the clock", "[event_list]") {
    EventList ev;
    Recorder r(ev);
    ev.schedule_at(SimTime::from_ps(10), r, 1);
    ev.schedule_at(SimTime::from_ps(20), r, 2);
    ev.schedule_at(SimTime::from_ps(21), r, 3);
    ev.run_until(SimTime::from_ps(20));
    CHECK(r.fired.size() == 2);
    CHECK(ev.now() == SimTime::from_ps(20));
    CHECK(ev.pending() == 1);
}

TEST_CASE("SimTime unit helpers are exact at picosecond resolution", "[sim_time]") {
    CHECK(SimTime::from_ms(10).ps() == 10'000'000'000);
    CHECK(SimTime::from_us(1.5).ps() == 1'500'000);
    CHECK(SimTime::from_ns(3).ps() == 3'000);
    // 1500 bytes at 1 Gb/s = 12 µs; at 100 Mb/s = 120 µs.
    CHECK(serialization_time(1500, 1e9) == SimTime::from_us(12));
    CHECK(serialization_time(1500, 100e6) == SimTime::from_us(120));
    // 3000 cycles at 3 GHz = 1 µs.
    CHECK(cycles_time(3000, 3e9) == SimTime::from_us(1));
    CHECK(rate_bps(1'250'000, SimTime::from_sec(1)) == Approx(10e6));
}

TEST_CASE("many parked timers fire in (deadline, arming order), across the wheel and beyond it",
          "[event_list][timer]") {
    // Oracle: each armed timer fires once, at the deadline of its last arm_at, and timers due at
    // the same time fire in the order of those last arm_at calls (the event list's tie rule);
    // cancelled ones never fire. Deadlines reach 4 s, past the wheel's span (~1.1 s), and
    // about 20 timers share each deadline, so buckets hold more than one storage block.
    EventList ev;
    Recorder r(ev);
    Rng rng(11);
    constexpr uint32_t kTimers = 4000;
    std::vector<std::unique_ptr<Timer>> timers;
    struct Want {
        int64_t when_ps;
        uint64_t armed;  // index of the last arm_at
        uint32_t tag;
    };
    std::vector<Want> want(kTimers);
    uint64_t arms = 0;
    std::vector<bool> cancelled(kTimers, false);
    auto arm = [&](uint32_t i, int64_t when_ps) {
        timers[i]->arm_at(SimTime::from_ps(when_ps));
        want[i] = Want{when_ps, arms++, i};
    };
    for (uint32_t i = 0; i < kTimers; ++i) {
        timers.push_back(std::make_unique<Timer>(ev, r, i));
        arm(i, SimTime::from_ms(20).ps() * static_cast<int64_t>(1 + rng.below(200)));
    }
    for (uint32_t i = 0; i < kTimers; ++i) {
        if (i % 5 == 0) arm(i, want[i].when_ps / 2);                            // earlier
        if (i % 11 == 0) arm(i, want[i].when_ps + SimTime::from_ms(100).ps());  // later
        if (i % 7 == 0) {
            timers[i]->cancel();
            cancelled[i] = true;
        }
    }
    std::vector<Want> live;
    for (uint32_t i = 0; i < kTimers; ++i)
        if (!cancelled[i]) live.push_back(want[i]);
    std::sort(live.begin(), live.end(), [](const Want& a, const Want& b) {
        return a.when_ps != b.when_ps ? a.when_ps < b.when_ps : a.armed < b.armed;
    });
    std::vector<std::pair<int64_t, uint32_t>> expected;
    for (const Want& w : live) expected.emplace_back(w.when_ps, w.tag);
    while (ev.step()) {
    }
    CHECK(r.fired == expected);
    CHECK(ev.empty());
}

TEST_CASE("parked-timer storage stops growing in a periodic steady state", "[event_list][timer]") {
    // 1000 timers each re-armed, when it fires, for exactly 200 wheel buckets (2^30 ps each)
    // later: from the second period on, every bucket receives the same entries as one period
    // before, so the number of parked entries (and of storage blocks they need) repeats with
    // the period and the block pool, which grows only at a new peak, stops growing. The fire
    // count oracle: a timer first due at phase p fires floor((T - p) / D) + 1 times up to T.
    EventList ev;
    const SimTime period = SimTime::from_ps(int64_t{200} << 30);
    struct Rearm final : EventHandler {
        Timer timer;
        SimTime period;
        uint64_t fired = 0;
        Rearm(EventList& ev, SimTime d) : timer(ev, *this), period(d) {}
        void handle_event(uint32_t) override {
            ++fired;
            timer.arm_in(period);
        }
    };
    std::vector<std::unique_ptr<Rearm>> flows;
    for (int64_t i = 0; i < 1000; ++i) {
        flows.push_back(std::make_unique<Rearm>(ev, period));
        flows.back()->timer.arm_at(SimTime::from_us(37 * i));
    }
    ev.run_until(period * 3);
    const size_t blocks_after_warmup = ev.parked_blocks();
    ev.run_until(period * 20);
    CHECK(blocks_after_warmup > 0);
    CHECK(ev.parked_blocks() == blocks_after_warmup);
    const SimTime end = period * 20;
    for (int64_t i = 0; i < 1000; ++i) {
        const SimTime phase = SimTime::from_us(37 * i);
        CHECK(flows[static_cast<size_t>(i)]->fired ==
              static_cast<uint64_t>((end - phase).ps() / period.ps() + 1));
    }
}
