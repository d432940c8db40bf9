// The interaction generator. The model, in short (bench/README.md has the details):
//
// - Contacts start at the ticks of an arrival process whose rate follows the hour of day, the
//   day of week and a few holidays; there are exactly `records` ticks inside the period.
// - A tick starts a new case, or, when a follow-up of an earlier case is due, that follow-up
//   (a repeat contact after an unresolved or reopened contact, or a retry after an abandon).
// - Records are emitted in the order contacts end (ended_at, else started_at), a few of them
//   hours late, so the output is only roughly sorted by started_at.
//
// All arithmetic that decides a value is integer arithmetic (see detail.hpp).

#include <algorithm>
#include <array>
#include <queue>
#include <string>
#include <vector>

#include "cskpi/error.hpp"
#include "cskpi_generator/generator.hpp"
#include "detail.hpp"

namespace cskpi::generator {

namespace {

using detail::mul_div;
using detail::Rng;

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::uint32_t kNone = UINT32_MAX;
constexpr std::uint8_t kMaxContactsPerCase = 8;
constexpr std::uint64_t kMillion = 1'000'000;

constexpr std::array<const char*, 8> kQueueNames = {
    "general", "billing", "tech_support", "orders", "sales", "returns", "account", "retention"};
constexpr std::array<std::uint32_t, 8> kQueueWeights = {25, 20, 20, 12, 10, 6, 5, 2};
constexpr std::size_t kSalesQueue = 4;

// In the order of cskpi::Channel: phone, email, chat, social, sms, self_service, other.
constexpr std::array<std::uint32_t, 7> kChannelWeights = {50, 17, 22, 4, 3, 3, 1};

// Contact volume by hour of day (UTC) and by ISO weekday (Monday first).
constexpr std::array<std::uint32_t, 24> kHourWeights = {
    2, 1, 1, 1, 1, 2, 4, 8, 14, 18, 20, 20, 17, 18, 19, 18, 16, 12, 9, 7, 6, 5, 4, 3};
constexpr std::array<std::uint32_t, 7> kWeekdayWeights = {120, 110, 105, 100, 95, 50, 35};

// Survey answers. CSAT 1..5 by the contact's resolved flag: true, absent, false.
constexpr std::array<std::array<std::uint32_t, 5>, 3> kCsatWeights = {{
    {2, 3, 7, 28, 60},
    {5, 6, 14, 33, 42},
    {20, 18, 22, 24, 16},
}};
// NPS 0..10 by CSAT 1..5.
constexpr std::array<std::array<std::uint32_t, 11>, 5> kNpsWeights = {{
    {20, 15, 15, 12, 10, 8, 8, 5, 3, 2, 2},
    {6, 6, 10, 12, 14, 14, 12, 10, 8, 4, 4},
    {2, 2, 3, 5, 8, 14, 18, 18, 16, 8, 6},
    {1, 1, 1, 2, 3, 5, 10, 20, 25, 18, 14},
    {1, 1, 1, 1, 1, 2, 4, 8, 16, 28, 37},
}};
// CES 1..7 (7 = very easy) by CSAT 1..5.
constexpr std::array<std::array<std::uint32_t, 7>, 5> kCesWeights = {{
    {30, 25, 20, 12, 7, 4, 2},
    {15, 22, 25, 18, 10, 6, 4},
    {5, 10, 18, 27, 22, 12, 6},
    {2, 4, 8, 16, 30, 25, 15},
    {1, 2, 3, 8, 18, 30, 38},
}};

std::uint32_t holiday_percent(std::chrono::sys_days day) {
    const std::chrono::year_month_day ymd{day};
    const auto m = static_cast<unsigned>(ymd.month());
    const auto d = static_cast<unsigned>(ymd.day());
    if (m == 12 && d == 24) {
        return 60;
    }
    if (m == 12 && d == 25) {
        return 20;
    }
    if (m == 12 && d == 26) {
        return 50;
    }
    if (m == 12 && d == 31) {
        return 70;
    }
    if (m == 1 && d == 1) {
        return 25;
    }
    return 100;
}

int digits(std::uint64_t n) {
    int d = 1;
    while (n >= 10) {
        n /= 10;
        ++d;
    }
    return d;
}

std::int64_t floor_to(std::int64_t t, std::int64_t step) {
    std::int64_t r = t % step;
    if (r < 0) {
        r += step;
    }
    return t - r;
}

double seconds(std::int64_t ms) {
    return static_cast<double>(ms) / 1000.0;
}

Timestamp at_ms(std::int64_t ms) {
    return Timestamp{std::chrono::milliseconds{ms}};
}

/// A contact of an existing case that is due: a repeat contact or a retry after an abandon.
struct FollowUp {
    std::int64_t due = 0;
    std::uint64_t seq = 0;
    std::uint64_t case_no = 0;
    std::int64_t case_start = 0;
    std::uint32_t customer = kNone;
    std::uint32_t prev_agent = kNone;
    std::uint16_t queue = 0;
    std::uint8_t channel = 0;
    std::uint8_t contacts = 0;  // contacts of the case so far
    bool has_case_id = true;
    bool prev_self_service = false;
    bool retry = false;
};

struct DueLater {
    bool operator()(const FollowUp& a, const FollowUp& b) const noexcept {
        return a.due != b.due ? a.due > b.due : a.seq > b.seq;
    }
};

/// A generated record waiting in the output heap, keyed by its export time.
struct OutKey {
    std::int64_t key;
    std::uint64_t seq;
    std::uint32_t slot;
};

struct OutLater {
    bool operator()(const OutKey& a, const OutKey& b) const noexcept {
        return a.key != b.key ? a.key > b.key : a.seq > b.seq;
    }
};

struct Agent {
    std::string id;
    std::uint32_t team = 0;
    std::uint64_t speed_permille = 1000;  // scales talk, wrap and handle times
    std::uint8_t quality = 1;             // 0 weak, 1 typical, 2 strong
};

struct Queue {
    std::string name;
    std::uint32_t weight = 0;
    std::uint64_t wait_permille = 1000;  // scales queue waits
    std::vector<std::uint32_t> agents;
};

std::uint64_t scale_threshold(std::uint64_t thr, std::uint64_t num, std::uint64_t den) {
    const detail::U128 p = detail::mul_wide(thr, num);
    if (p.hi >= den) {
        return UINT64_MAX;
    }
    return mul_div(thr, num, den);
}

void check_fraction(const char* name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
        throw InvalidArgument("InteractionGenerator", name, std::to_string(value),
                              "is outside [0, 1]");
    }
}

void check_range(const char* name, std::uint64_t value, std::uint64_t lo, std::uint64_t hi) {
    if (value < lo || value > hi) {
        throw InvalidArgument(
            "InteractionGenerator", name, std::to_string(value),
            "is outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
}

/// A contact's channel and direction, and what they imply for its record.
struct Contact {
    Channel channel = Channel::phone;
    Direction direction = Direction::inbound;
    bool callback = false;      // the agent of the case's last contact calls the customer back
    std::int64_t t = 0;         // start: whole seconds for phone and email
    std::uint64_t step = 0;     // duration step, ms
    bool self_service = false;  // no agent, no queue
    bool queued = false;        // waits in a queue: inbound phone or chat
    std::uint8_t contacts = 0;  // contacts of the case, this one included
};

/// The agent and times of a handled contact.
struct Handling {
    std::uint32_t agent = kNone;
    std::uint64_t speed = 1000;  // the agent's speed_permille
    std::uint8_t quality = 1;    // the agent's quality
    std::int64_t answered = 0;
    std::uint64_t wait = 0;
    std::uint64_t talk = 0;
    std::uint64_t hold = 0;
    std::uint64_t wrap = 0;
    std::uint64_t handle = 0;
    std::int64_t first_response = -1;  // none when negative
    std::int64_t end = -1;             // no ended_at when negative
};

/// How a handled contact leaves its case.
struct Outcome {
    bool follows = false;  // another contact of the case is due
    bool resolved = false;
};

}  // namespace

struct InteractionGenerator::Impl {
    GeneratorOptions opts;
    Rng rng;
    std::uint64_t survey_thr;
    std::uint64_t abandon_thr;
    std::uint64_t repeat_thr;
    std::uint64_t step_ms;

    std::vector<Agent> agents;
    std::vector<Queue> queues;
    std::vector<std::string> teams;
    int agent_width = 3;

    // The arrival process: hourly buckets of the period with their weights; the virtual length
    // of a bucket is weight x 1 h, and ticks are spread evenly in virtual time.
    std::int64_t start_ms = 0;
    std::vector<std::uint32_t> weight;
    std::vector<std::uint64_t> cum;  // virtual start of each bucket, size buckets + 1
    std::uint32_t max_weight = 1;
    std::uint64_t exp_mean;
    std::uint64_t v = 0;
    std::size_t bucket = 0;
    std::uint64_t ticks = 0;  // contacts generated
    std::int64_t next_tick_ms = 0;

    std::uint64_t cases = 0;
    std::uint64_t followup_seq = 0;
    std::priority_queue<FollowUp, std::vector<FollowUp>, DueLater> followups;

    std::vector<Interaction> slots;
    std::vector<std::uint32_t> free_slots;
    std::priority_queue<OutKey, std::vector<OutKey>, OutLater> out;
    std::uint64_t produced = 0;

    explicit Impl(const GeneratorOptions& o)
        : opts(o),
          rng(detail::mix(o.seed, 0x696e746572616374ULL)),
          survey_thr(detail::probability_threshold(o.survey_fraction)),
          abandon_thr(detail::probability_threshold(o.abandon_rate)),
          repeat_thr(detail::probability_threshold(o.repeat_contact_probability)),
          step_ms(o.duration_step_ms),
          exp_mean(detail::table_mean(detail::kExp1)) {
        build_agents();
        build_calendar();
        if (opts.records > 0) {
            advance_tick();
        }
    }

    void build_agents() {
        const std::uint32_t n_agents = opts.agents;
        const std::uint32_t n_teams = opts.teams;
        const std::uint32_t n_queues = opts.queues;
        agent_width = std::max(3, digits(n_agents));
        for (std::uint32_t t = 0; t < n_teams; ++t) {
            std::string name;
            detail::assign_id(name, "t-", t + 1U, 2);
            teams.push_back(std::move(name));
        }
        for (std::uint32_t a = 0; a < n_agents; ++a) {
            Rng r(detail::mix(opts.seed, 0x6167656e74000000ULL + a));
            Agent agent;
            detail::assign_id(agent.id, "a-", a + 1U, agent_width);
            agent.team = a % n_teams;
            agent.speed_permille = r.between(800, 1250);
            const std::uint64_t q = r.below(100);
            agent.quality = q < 20 ? 0 : q < 80 ? 1 : 2;
            agents.push_back(std::move(agent));
        }
        // Team i % teams serves queue i % queues, for i < max(teams, queues): every team serves
        // at least one queue and every queue has at least one team.
        std::vector<std::vector<bool>> serves(n_teams, std::vector<bool>(n_queues, false));
        for (std::uint32_t i = 0; i < std::max(n_teams, n_queues); ++i) {
            serves[i % n_teams][i % n_queues] = true;
        }
        for (std::uint32_t q = 0; q < n_queues; ++q) {
            Rng r(detail::mix(opts.seed, 0x7175657565000000ULL + q));
            Queue queue;
            if (q < kQueueNames.size()) {
                queue.name = kQueueNames[q];
                queue.weight = kQueueWeights[q];
            } else {
                detail::assign_id(queue.name, "queue-", q + 1U, 2);
                queue.weight = 5;
            }
            queue.wait_permille = r.between(700, 1500);
            for (std::uint32_t a = 0; a < n_agents; ++a) {
                if (serves[agents[a].team][q]) {
                    queue.agents.push_back(a);
                }
            }
            if (queue.agents.empty()) {  // fewer agents than teams: anyone takes it
                for (std::uint32_t a = 0; a < n_agents; ++a) {
                    queue.agents.push_back(a);
                }
            }
            queues.push_back(std::move(queue));
        }
    }

    void build_calendar() {
        start_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(opts.start.time_since_epoch())
                .count();
        const std::size_t hours = std::size_t{opts.span_days} * 24;
        weight.resize(hours);
        cum.resize(hours + 1);
        cum[0] = 0;
        for (std::size_t h = 0; h < hours; ++h) {
            const std::chrono::sys_days day = opts.start + std::chrono::days{h / 24};
            const unsigned wd = std::chrono::weekday{day}.iso_encoding() - 1;
            weight[h] = kHourWeights[h % 24] * kWeekdayWeights[wd] * holiday_percent(day) / 100;
            max_weight = std::max(max_weight, weight[h]);
            cum[h + 1] = cum[h] + std::uint64_t{weight[h]} * static_cast<std::uint64_t>(kHour);
        }
    }

    /// Computes the start time of tick number `ticks`: the remaining virtual time divided by
    /// the remaining ticks, times an Exp(1) draw, so the last tick lands near the period's end.
    void advance_tick() {
        const std::uint64_t total = cum.back();
        const std::uint64_t remaining = opts.records - ticks;
        const std::uint64_t gap =
            mul_div(total - v, rng.sample(detail::kExp1), remaining * exp_mean);
        v = std::min(v + gap, total - 1);
        while (cum[bucket + 1] <= v) {
            ++bucket;
        }
        next_tick_ms = start_ms + static_cast<std::int64_t>(bucket) * kHour +
                       static_cast<std::int64_t>((v - cum[bucket]) / weight[bucket]);
    }

    std::uint64_t quantize(std::uint64_t ms, std::uint64_t step) const {
        return std::max(step, ms / step * step);
    }

    std::uint32_t pick_customer() {
        // A tenth of the customers (the first ids) open 40% of the cases on top of their share
        // of the rest: frequent contacts, for retention and window-mode FCR.
        const std::uint64_t n = opts.customers;
        const std::uint64_t frequent = std::max<std::uint64_t>(1, n / 10);
        return static_cast<std::uint32_t>(rng.chance(40, 100) ? rng.below(frequent) : rng.below(n));
    }

    FollowUp new_case(std::int64_t t) {
        FollowUp c;
        c.case_no = ++cases;
        c.case_start = t;
        c.queue = static_cast<std::uint16_t>(rng.pick(queues_weights()));
        c.channel = static_cast<std::uint8_t>(rng.pick(kChannelWeights));
        const auto ch = static_cast<Channel>(c.channel);
        const bool anonymous = (ch == Channel::phone || ch == Channel::chat) && rng.chance(2, 100);
        c.customer = anonymous ? kNone : pick_customer();
        c.has_case_id = rng.chance(92, 100);
        return c;
    }

    std::vector<std::uint32_t> queue_weight_cache;
    const std::vector<std::uint32_t>& queues_weights() {
        if (queue_weight_cache.empty()) {
            for (const auto& q : queues) {
                queue_weight_cache.push_back(q.weight);
            }
        }
        return queue_weight_cache;
    }

    void push_followup(FollowUp f) {
        f.seq = followup_seq++;
        followups.push(f);
    }

    std::uint32_t acquire_slot() {
        if (!free_slots.empty()) {
            const std::uint32_t s = free_slots.back();
            free_slots.pop_back();
            return s;
        }
        slots.emplace_back();
        return static_cast<std::uint32_t>(slots.size() - 1);
    }

    void generate_contact() {
        const std::int64_t tick = next_tick_ms;
        FollowUp ctx;
        const bool follow_up = !followups.empty() && followups.top().due <= tick;
        if (follow_up) {
            ctx = followups.top();
            followups.pop();
        } else {
            ctx = new_case(tick);
        }
        const std::uint32_t slot = acquire_slot();
        const std::int64_t key = fill(slots[slot], ctx, tick, follow_up);
        out.push(OutKey{key, ticks, slot});
        ++ticks;
        if (ticks < opts.records) {
            advance_tick();
        }
    }

    /// Fills `r` with contact number `ticks` of case `ctx` at time `tick`; returns its export
    /// time. The random draws are made in a fixed order, which the output depends on.
    std::int64_t fill(Interaction& r, const FollowUp& ctx, std::int64_t tick, bool follow_up) {
        const Contact contact = route(ctx, tick, follow_up);
        start_record(r, ctx, contact);
        std::int64_t key = (contact.queued && rng.bernoulli(abandon_thr)) ? abandon(r, ctx, contact)
                                                                          : handle(r, ctx, contact);
        // A few records are exported hours late.
        if (rng.chance(3, 1000)) {
            key += static_cast<std::int64_t>(rng.between(1, 48)) * kHour;
        }
        return key;
    }

    Contact route(const FollowUp& ctx, std::int64_t tick, bool follow_up) {
        Contact c;
        c.channel = static_cast<Channel>(ctx.channel);
        if (!follow_up) {
            if (c.channel == Channel::phone && rng.chance(2, 100)) {
                c.direction = Direction::outbound;  // proactive call
            }
        } else if (!ctx.retry) {
            if (ctx.prev_self_service) {
                c.channel = rng.chance(60, 100) ? Channel::phone : Channel::chat;  // escalation
            } else if (!rng.chance(75, 100)) {
                c.channel = static_cast<Channel>(rng.pick(kChannelWeights));
            }
            if (c.channel == Channel::phone && ctx.prev_agent != kNone && rng.chance(20, 100)) {
                c.direction = Direction::outbound;  // the agent calls the customer back
                c.callback = true;
            }
        }
        const bool phone_like = c.channel == Channel::phone || c.channel == Channel::email;
        c.t = phone_like ? floor_to(tick, kSecond) : tick;
        c.step = c.channel == Channel::phone ? 1000 : step_ms;
        c.self_service = c.channel == Channel::self_service;
        c.queued = c.direction == Direction::inbound &&
                   (c.channel == Channel::phone || c.channel == Channel::chat);
        c.contacts = static_cast<std::uint8_t>(ctx.contacts + 1);
        return c;
    }

    /// Sets the identity and dimensions of `r` and clears the rest: slots are reused, so every
    /// field is written.
    void start_record(Interaction& r, const FollowUp& ctx, const Contact& c) {
        detail::assign_id(r.id, "i-", ticks + 1, 8);
        if (ctx.customer == kNone) {
            r.customer_id.clear();
        } else {
            detail::assign_id(r.customer_id, "c-", std::uint64_t{ctx.customer} + 1, 7);
        }
        if (ctx.has_case_id) {
            detail::assign_id(r.case_id, "k-", ctx.case_no, 8);
        } else {
            r.case_id.clear();
        }
        if (c.self_service) {
            r.queue.clear();
        } else {
            r.queue = queues[ctx.queue].name;
        }
        r.agent_id.clear();
        r.team.clear();
        r.channel = c.channel;
        r.direction = c.direction;
        r.started_at = at_ms(c.t);
        r.answered_at.reset();
        r.ended_at.reset();
        r.wait_seconds.reset();
        r.talk_seconds.reset();
        r.hold_seconds.reset();
        r.wrap_seconds.reset();
        r.handle_seconds.reset();
        r.abandoned = false;
        r.resolved.reset();
        r.first_contact_resolution.reset();
        r.first_response_seconds.reset();
        r.resolution_seconds.reset();
        r.csat.reset();
        r.nps.reset();
        r.ces.reset();
        r.revenue.reset();
    }

    /// An abandoned contact, which may be retried; returns when it ended.
    std::int64_t abandon(Interaction& r, const FollowUp& ctx, const Contact& c) {
        // About a third within 5 s (short abandons, 5 s itself included).
        std::uint64_t wait = 0;
        if (rng.chance(35, 100)) {
            wait = c.channel == Channel::phone ? rng.between(0, 5) * 1000
                                               : rng.between(0, 5000) / c.step * c.step;
        } else {
            wait = 5000 + quantize(mul_div(rng.sample(detail::kExp1), 45'000, kMillion), c.step);
        }
        const std::int64_t end = c.t + static_cast<std::int64_t>(wait);
        r.abandoned = true;
        r.wait_seconds = seconds(static_cast<std::int64_t>(wait));
        r.ended_at = at_ms(end);
        if (ctx.has_case_id && rng.chance(1, 2)) {
            r.case_id.clear();  // no ticket was touched
        }
        if (c.contacts < kMaxContactsPerCase && rng.chance(60, 100)) {
            FollowUp retry = ctx;
            retry.channel = static_cast<std::uint8_t>(c.channel);
            retry.contacts = c.contacts;
            retry.retry = true;
            retry.prev_self_service = false;
            retry.due = end + static_cast<std::int64_t>(rng.between(1, 60)) * kMinute;
            push_followup(retry);
        }
        return end;
    }

    /// A handled contact; returns when it ended, or its start when it has no end.
    std::int64_t handle(Interaction& r, const FollowUp& ctx, const Contact& c) {
        Handling h = pick_agent(r, ctx, c);
        answer(r, ctx, c, h);
        draw_work_times(c, h);
        if (h.end >= 0) {
            r.ended_at = at_ms(h.end);
        }
        record_handle_times(r, c, h);
        const Outcome outcome = resolve(r, ctx, c, h);
        answer_survey(r, ctx, h, outcome);
        add_revenue(r, ctx, h);
        if (outcome.follows) {
            schedule_repeat(ctx, c, h);
        }
        return h.end >= 0 ? h.end : c.t;
    }

    Handling pick_agent(Interaction& r, const FollowUp& ctx, const Contact& c) {
        Handling h;
        if (!c.self_service) {
            const std::uint64_t same_pct = c.channel == Channel::email ? 70 : 35;
            if (ctx.prev_agent != kNone && (c.callback || rng.chance(same_pct, 100))) {
                h.agent = ctx.prev_agent;
            } else {
                const Queue& queue = queues[ctx.queue];
                h.agent = queue.agents[rng.below(queue.agents.size())];
            }
            r.agent_id = agents[h.agent].id;
            r.team = teams[agents[h.agent].team];
        }
        h.speed = h.agent == kNone ? 1000 : agents[h.agent].speed_permille;
        h.quality = h.agent == kNone ? 1 : agents[h.agent].quality;
        return h;
    }

    /// The wait in the queue, longer when the hour is busy, or the ring time of an outbound
    /// call.
    void answer(Interaction& r, const FollowUp& ctx, const Contact& c, Handling& h) {
        h.answered = c.t;
        if (c.queued) {
            const std::uint64_t base = c.channel == Channel::phone ? 12'500 : 25'000;
            const std::uint64_t load = 400 + 1200ULL * weight[bucket] / max_weight;
            const std::uint64_t mean = base * queues[ctx.queue].wait_permille / 1000 * load / 1000;
            h.wait = mul_div(rng.sample(detail::kExp1), mean, kMillion) / c.step * c.step;
            r.wait_seconds = seconds(static_cast<std::int64_t>(h.wait));
            // answered_at = started_at + wait_seconds: left out as redundant, as many
            // exports do (it also keeps records short).
            h.answered = c.t + static_cast<std::int64_t>(h.wait);
        } else if (c.direction == Direction::outbound) {
            h.answered = c.t + static_cast<std::int64_t>(rng.between(3, 25)) * kSecond;
            r.answered_at = at_ms(h.answered);
        }
    }

    void draw_work_times(const Contact& c, Handling& h) {
        const std::uint64_t step = c.step;
        switch (c.channel) {
            case Channel::phone:
                h.talk = quantize(rng.sample(detail::kPhoneTalk) * h.speed / 1000, step);
                h.hold = rng.chance(35, 100) ? quantize(rng.sample(detail::kHold), step) : 0;
                h.wrap = quantize(rng.sample(detail::kWrap) * h.speed / 1000, step);
                h.end = h.answered + static_cast<std::int64_t>(h.talk + h.hold);
                break;
            case Channel::chat:
                h.talk = quantize(rng.sample(detail::kChatTalk) * h.speed / 1000, step);
                h.wrap = quantize(rng.sample(detail::kWrap) * 6 / 10, step);
                h.end = h.answered + static_cast<std::int64_t>(h.talk);
                break;
            case Channel::email:
                h.handle = quantize(rng.sample(detail::kEmailHandle) * h.speed / 1000, step);
                h.first_response = floor_to(
                    static_cast<std::int64_t>(rng.sample(detail::kEmailFirstResponse)), kSecond);
                break;
            case Channel::self_service:
                h.end = c.t +
                        static_cast<std::int64_t>(quantize(rng.sample(detail::kSelfService), step));
                break;
            default:  // social, sms, other: short asynchronous work
                h.handle = quantize(rng.sample(detail::kAsyncHandle) * h.speed / 1000, step);
                if (c.channel != Channel::other) {
                    h.first_response =
                        floor_to(static_cast<std::int64_t>(rng.sample(detail::kAsyncFirstResponse)),
                                 kSecond);
                }
        }
    }

    /// Handle data: mostly the parts, sometimes only the total, sometimes nothing.
    void record_handle_times(Interaction& r, const Contact& c, const Handling& h) {
        if (c.channel == Channel::phone || c.channel == Channel::chat) {
            const std::uint64_t form = rng.below(100);
            if (form < 84) {
                r.talk_seconds = seconds(static_cast<std::int64_t>(h.talk));
                if (c.channel == Channel::phone) {
                    r.hold_seconds = seconds(static_cast<std::int64_t>(h.hold));
                }
                if (!rng.chance(6, 100)) {
                    r.wrap_seconds = seconds(static_cast<std::int64_t>(h.wrap));
                }
            } else if (form < 97) {
                r.handle_seconds = seconds(static_cast<std::int64_t>(h.talk + h.hold + h.wrap));
            }
        } else if (!c.self_service && rng.chance(80, 100)) {
            r.handle_seconds = seconds(static_cast<std::int64_t>(h.handle));
        }
        if (h.first_response >= 0) {
            r.first_response_seconds = seconds(h.first_response);
        }
    }

    /// Does the case continue? Weak agents cause more repeat contacts.
    bool case_continues(const Contact& c, const Handling& h) {
        if (c.contacts >= kMaxContactsPerCase) {
            return false;
        }
        if (c.self_service) {
            return rng.chance(45, 100);
        }
        const std::uint64_t thr = h.quality == 0   ? scale_threshold(repeat_thr, 13, 10)
                                  : h.quality == 2 ? scale_threshold(repeat_thr, 8, 10)
                                                   : repeat_thr;
        return rng.bernoulli(thr);
    }

    Outcome resolve(Interaction& r, const FollowUp& ctx, const Contact& c, const Handling& h) {
        Outcome outcome;
        outcome.follows = case_continues(c, h);
        outcome.resolved =
            outcome.follows ? rng.chance(18, 100) : rng.chance(c.self_service ? 70 : 88, 100);
        if (!rng.chance(7, 100)) {
            r.resolved = outcome.resolved;
        }
        if (outcome.resolved && h.first_response >= 0 && c.channel != Channel::other) {
            const std::uint64_t extra = rng.sample(detail::kResolutionExtra);
            const std::int64_t total =
                (c.t - ctx.case_start) + h.first_response +
                static_cast<std::int64_t>(c.channel == Channel::email ? extra : extra / 4);
            r.resolution_seconds = seconds(floor_to(total, kSecond));
        }
        return outcome;
    }

    /// Survey answers follow the resolution, the agent's quality and a long wait.
    void answer_survey(Interaction& r, const FollowUp& ctx, const Handling& h,
                       const Outcome& outcome) {
        if (h.agent == kNone || !rng.bernoulli(survey_thr)) {
            return;
        }
        const std::size_t state = !r.resolved ? 1 : *r.resolved ? 0 : 2;
        int csat = static_cast<int>(rng.pick(kCsatWeights[state])) + 1;
        if (h.quality == 0 && csat > 1 && rng.chance(15, 100)) {
            --csat;
        } else if (h.quality == 2 && csat < 5 && rng.chance(15, 100)) {
            ++csat;
        }
        if (h.wait > 60'000 && csat > 1 && rng.chance(20, 100)) {
            --csat;
        }
        r.csat = csat;
        const auto row = static_cast<std::size_t>(csat - 1);
        if (rng.chance(55, 100)) {
            r.nps = static_cast<int>(rng.pick(kNpsWeights[row]));
        }
        if (rng.chance(40, 100)) {
            r.ces = static_cast<int>(rng.pick(kCesWeights[row])) + 1;
        }
        if (rng.chance(35, 100)) {
            const bool fcr = ctx.contacts == 0 && outcome.resolved && !outcome.follows;
            r.first_contact_resolution = rng.chance(5, 100) ? !fcr : fcr;
        }
    }

    /// Revenue: upsells, mostly in the sales queue.
    void add_revenue(Interaction& r, const FollowUp& ctx, const Handling& h) {
        if (h.agent != kNone && rng.chance(ctx.queue == kSalesQueue ? 30 : 1, 100)) {
            const std::uint64_t cents =
                std::max<std::uint64_t>(100, rng.sample(detail::kRevenueCents));
            r.revenue = static_cast<double>(cents) / 100.0;
        }
    }

    void schedule_repeat(const FollowUp& ctx, const Contact& c, const Handling& h) {
        FollowUp next = ctx;
        next.channel = static_cast<std::uint8_t>(c.channel);
        next.contacts = c.contacts;
        next.retry = false;
        next.prev_agent = h.agent;
        next.prev_self_service = c.self_service;
        const std::int64_t from =
            h.end >= 0 ? h.end : c.t + std::max<std::int64_t>(h.first_response, 0);
        next.due = from + static_cast<std::int64_t>(rng.sample(detail::kRepeatDelay));
        push_followup(next);
    }

    bool next(Interaction& result) {
        while (true) {
            if (!out.empty()) {
                // Every contact not generated yet starts at or after the next tick (rounded
                // down to the second), so records up to that time are final.
                const std::int64_t bound =
                    ticks < opts.records ? floor_to(next_tick_ms, kSecond) : INT64_MAX;
                if (out.top().key <= bound) {
                    const std::uint32_t slot = out.top().slot;
                    out.pop();
                    std::swap(result, slots[slot]);
                    free_slots.push_back(slot);
                    ++produced;
                    return true;
                }
            }
            if (ticks >= opts.records) {
                return false;
            }
            generate_contact();
        }
    }
};

InteractionGenerator::InteractionGenerator(const GeneratorOptions& options) {
    GeneratorOptions o = options;
    check_range("records", o.records, 0, 1'000'000'000'000ULL);
    check_range("agents", o.agents, 1, 1'000'000);
    check_range("queues", o.queues, 1, 99);
    check_range("teams", o.teams, 1, 10'000);
    check_range("span_days", o.span_days, 1, 36'600);
    check_range("duration_step_ms", o.duration_step_ms, 1, 60'000);
    check_fraction("survey_fraction", o.survey_fraction);
    check_fraction("abandon_rate", o.abandon_rate);
    check_fraction("repeat_contact_probability", o.repeat_contact_probability);
    check_fraction("dirty_fraction", o.dirty_fraction);
    if (o.customers == 0) {
        o.customers = std::max<std::uint64_t>(1, o.records / 4);
    }
    check_range("customers", o.customers, 1, UINT32_MAX - 1);
    impl_ = std::make_unique<Impl>(o);
}

InteractionGenerator::~InteractionGenerator() = default;
InteractionGenerator::InteractionGenerator(InteractionGenerator&&) noexcept = default;
InteractionGenerator& InteractionGenerator::operator=(InteractionGenerator&&) noexcept = default;

bool InteractionGenerator::next(Interaction& out) {
    return impl_->next(out);
}

std::uint64_t InteractionGenerator::produced() const noexcept {
    return impl_->produced;
}

const GeneratorOptions& InteractionGenerator::options() const noexcept {
    return impl_->opts;
}

std::vector<Interaction> generate_interactions(const GeneratorOptions& options) {
    InteractionGenerator gen(options);
    std::vector<Interaction> records;
    records.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(options.records, 1U << 24U)));
    Interaction r;
    while (gen.next(r)) {
        records.push_back(r);
    }
    return records;
}

}  // namespace cskpi::generator
