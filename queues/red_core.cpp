#include "red_core.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "src/input_error.h"

namespace corelink {

std::vector<QueueOption> RedParams::options() {
    using T = QueueOption::Type;
    return {
        {"red-min-th", T::Double, "5",
         "RED minimum threshold, in packets of the cheapest flow (work: units of typical cost)"},
        {"red-max-th", T::Double, "15", "RED maximum threshold, same unit as --red-min-th"},
        {"red-max-p", T::Double, "0.1", "RED marking probability at the maximum threshold (0..1)",
         0, 1},
        {"red-wq", T::Double, "0.002", "RED averaging weight w_q per arrival (0 < w_q <= 1)", 0, 1},
        {"red-gentle", T::Bool, "on",
         "gentle RED: ramp p from max-p to 1 between max-th and 2*max-th instead of forcing"},
        {"red-occupancy", T::String, "packets",
         "what RED averages: packets (count) or work (queued service time / typical cost)"},
    };
}

QueueOption RedParams::byte_mode_option() {
    return {"red-byte-mode", QueueOption::Type::Bool, "off",
            "RED byte mode: scale p_b by cost / largest cost seen (costlier packets marked more)"};
}

RedParams RedParams::from_options(const QueueOptionValues& o, bool with_byte_mode) {
    RedParams p;
    p.min_th = o.get_double("red-min-th");
    p.max_th = o.get_double("red-max-th");
    p.max_p = o.get_double("red-max-p");
    p.w_q = o.get_double("red-wq");
    p.gentle = o.get_bool("red-gentle");
    if (with_byte_mode) p.byte_mode = o.get_bool("red-byte-mode");
    const std::string& occ = o.get_string("red-occupancy");
    if (occ == "packets")
        p.occupancy = RedOccupancy::Packets;
    else if (occ == "work")
        p.occupancy = RedOccupancy::Work;
    else
        throw InputError(fmt::format("--red-occupancy: must be packets or work, got '{}'", occ));

    if (!(p.min_th >= 0.0))
        throw InputError(fmt::format("--red-min-th: must be a number >= 0, got {}", p.min_th));
    if (!(p.max_th > p.min_th))
        throw InputError(fmt::format("--red-max-th: must be greater than --red-min-th ({}), got {}",
                                     p.min_th, p.max_th));
    if (!(p.max_p >= 0.0 && p.max_p <= 1.0))
        throw InputError(
            fmt::format("--red-max-p: must be a probability in [0, 1], got {}", p.max_p));
    if (!(p.w_q > 0.0 && p.w_q <= 1.0))
        throw InputError(fmt::format("--red-wq: must be in (0, 1], got {}", p.w_q));
    return p;
}

RedEstimator::RedEstimator(const RedParams& params, SimTime idle_unit)
    : params_(params), idle_unit_(idle_unit), log1m_wq_(std::log1p(-params.w_q)) {
    // s converts idle time into samples and work into packets; zero would divide by zero.
    if (idle_unit.ps() <= 0)
        throw std::invalid_argument("RED needs a typical packet cost > 0 (QueueEnv::typical_cost)");
}

void RedEstimator::on_arrival(double occupancy, bool queue_empty, SimTime now,
                              SimTime empty_since) {
    if (!queue_empty) {
        avg_ += params_.w_q * (occupancy - avg_);
        return;
    }
    // The queue idled since empty_since: decay avg as if m empty samples had arrived
    // (docs/algorithms.md §1; m may be fractional). w_q = 1 has log1p(-1) = -inf: avg drops to 0.
    const double m = (now - empty_since) / idle_unit_;
    avg_ = m > 0.0 ? avg_ * std::exp(m * log1m_wq_) : avg_;
}

RedEstimator::Region RedEstimator::region() const {
    if (avg_ < params_.min_th) return Region::Below;
    const double forced_from = params_.gentle ? 2.0 * params_.max_th : params_.max_th;
    return avg_ < forced_from ? Region::Ramp : Region::Forced;
}

double RedEstimator::p_b() const {
    switch (region()) {
        case Region::Below: return 0.0;
        case Region::Forced: return 1.0;
        case Region::Ramp: break;
    }
    if (avg_ < params_.max_th)
        return params_.max_p * (avg_ - params_.min_th) / (params_.max_th - params_.min_th);
    // Gentle ramp (Floyd 2000): from max_p at max_th to 1 at 2·max_th.
    return params_.max_p + (1.0 - params_.max_p) * (avg_ - params_.max_th) / params_.max_th;
}

}  // namespace corelink
