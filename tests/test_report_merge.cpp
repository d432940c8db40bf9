// The merge contract of ReportAccumulator: any split of the records into shards, merged in
// any order, gives the report of accumulating everything in one place.
#include <algorithm>
#include <chrono>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "cskpi/error.hpp"
#include "cskpi/interaction_batch.hpp"
#include "cskpi/report.hpp"
#include "random_records.hpp"
#include "report_fixtures.hpp"

using cskpi::Interaction;
using fixtures::check_reports;
using fixtures::name;
using fixtures::random_records;

TEST_CASE("random shards merged in random order give the one-place report") {
    const auto records = random_records(20261125, 3000);
    std::mt19937_64 rng(7);
    for (const auto& options : fixtures::merge_option_sets()) {
        const cskpi::Report whole = cskpi::make_report(records, options);
        for (int trial = 0; trial < 4; ++trial) {
            const std::size_t shards = 2 + rng() % 7;
            std::vector<cskpi::ReportAccumulator> parts;
            for (std::size_t s = 0; s < shards; ++s) {
                parts.emplace_back(options);
            }
            for (const auto& r : records) {
                parts[rng() % shards].add(r);
            }
            std::shuffle(parts.begin(), parts.end(), rng);
            // Merge pairwise in a random tree, the way a map-reduce engine combines, by copy
            // or by move (which walks the smaller side) at random.
            while (parts.size() > 1) {
                const std::size_t i = rng() % (parts.size() - 1);
                if (rng() % 2 == 0) {
                    parts[i].merge(parts[i + 1]);
                } else {
                    parts[i].merge(std::move(parts[i + 1]));
                    CHECK(parts[i + 1].records() == 0);
                }
                parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(i) + 1);
            }
            CHECK(parts[0].records() == records.size());
            check_reports(parts[0].report(), whole);
        }
    }
}

TEST_CASE("merging an empty accumulator changes nothing") {
    const auto records = random_records(3, 200);
    cskpi::ReportAccumulator a;
    for (const auto& r : records) {
        a.add(r);
    }
    const auto before = a.report();
    const cskpi::ReportAccumulator empty;
    a.merge(empty);
    check_reports(a.report(), before);
    a.merge(cskpi::ReportAccumulator{});
    check_reports(a.report(), before);
}

TEST_CASE("merging cases into an accumulator that has none yet") {
    // `into` has more records than `from` (so a merge by move keeps it) but no case: all its
    // contacts were abandoned. Both merges fill its empty case table from `from`'s.
    const auto t0 = fixtures::at(2026, 5, 4);
    std::vector<Interaction> abandoned;
    for (std::size_t i = 0; i < 5; ++i) {
        abandoned.push_back({.id = name('x', i),
                             .case_id = name('k', i),
                             .started_at = t0,
                             .wait_seconds = 30.0,
                             .abandoned = true});
    }
    const std::vector<Interaction> handled{
        {.id = "h1", .case_id = "k1", .started_at = t0 + std::chrono::minutes{1}, .resolved = true},
        {.id = "h2", .case_id = "k2", .started_at = t0, .resolved = true},
        {.id = "h3", .case_id = "k2", .started_at = t0 + std::chrono::hours{1}, .resolved = true},
    };
    std::vector<Interaction> all = abandoned;
    all.insert(all.end(), handled.begin(), handled.end());
    const cskpi::Report whole = cskpi::make_report(all);
    REQUIRE(whole.overall.fcr.denominator == 2);  // k1 (one handled contact), k2 (two)
    REQUIRE(whole.overall.fcr.numerator == 1);
    for (const bool by_move : {false, true}) {
        cskpi::ReportAccumulator into;
        into.add(std::span(abandoned));
        cskpi::ReportAccumulator from;
        from.add(std::span(handled));
        if (by_move) {
            into.merge(std::move(from));
        } else {
            into.merge(from);
        }
        check_reports(into.report(), whole);
    }
}

TEST_CASE("a large case table: 200,000 cases in any order, counted exactly") {
    // Case k has one handled contact, resolved when k is even; every third case also has a
    // second handled contact a day later (so it is not resolved on first contact), and every
    // fifth an abandoned contact first, which does not count. Inquiries: all 200,000 cases;
    // resolved on first contact: even k not divisible by 3, i.e. 100,000 - 33,334 = 66,666.
    constexpr std::size_t kCases = 200'000;
    const auto t0 = fixtures::at(2026, 3, 1);
    std::vector<Interaction> records;
    for (std::size_t k = 0; k < kCases; ++k) {
        Interaction first;
        first.id = name('c', k);
        first.case_id = name('k', k);
        first.agent_id = k % 2 == 0 ? "even" : "odd";
        first.started_at = t0 + std::chrono::seconds{static_cast<long>(k)};
        first.resolved = k % 2 == 0;
        if (k % 5 == 0) {
            Interaction abandoned = first;
            abandoned.id = name('x', k);
            abandoned.abandoned = true;
            abandoned.started_at -= std::chrono::minutes{5};
            abandoned.agent_id = "nobody";
            records.push_back(abandoned);
        }
        records.push_back(first);
        if (k % 3 == 0) {
            Interaction again = first;
            again.id = name('d', k);
            again.started_at += std::chrono::hours{24};
            again.agent_id = "later";
            records.push_back(again);
        }
    }
    std::mt19937_64 rng(11);
    auto shuffled = records;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    const cskpi::ReportOptions options{.group_by = {cskpi::Dimension::agent_id}};
    const cskpi::Report in_order = cskpi::make_report(records, options);
    cskpi::ReportAccumulator one_by_one(options);
    for (const auto& r : shuffled) {
        one_by_one.add(r);
    }
    const cskpi::Report any_order = one_by_one.report();
    // Two shards of 100,000+ cases each, merged by copy and by move: the merge's own
    // pipeline (slots grown up front, lookups prefetched) on tables beyond the caches.
    for (const bool by_move : {false, true}) {
        cskpi::ReportAccumulator left(options);
        cskpi::ReportAccumulator right(options);
        const std::size_t half = shuffled.size() / 2;
        left.add(std::span(shuffled).first(half));
        right.add(std::span(shuffled).subspan(half));
        if (by_move) {
            left.merge(std::move(right));
        } else {
            left.merge(right);
        }
        check_reports(left.report(), in_order);
    }
    REQUIRE(in_order.overall.fcr.value.has_value());
    CHECK(in_order.overall.fcr.numerator == 66'666);
    CHECK(in_order.overall.fcr.denominator == kCases);
    check_reports(any_order, in_order);
    // Attribution goes to the first handled contact: never to "later" or "nobody".
    REQUIRE(in_order.groups.size() == 4);
    CHECK(in_order.groups[0].key.values[0] == "even");
    CHECK(in_order.groups[0].kpis.fcr.denominator == kCases / 2);
    CHECK(in_order.groups[0].kpis.fcr.numerator == 66'666);
    CHECK(in_order.groups[1].key.values[0] == "later");
    CHECK(in_order.groups[1].kpis.fcr.denominator == 0);
    CHECK(in_order.groups[2].key.values[0] == "nobody");
    CHECK(in_order.groups[2].kpis.fcr.denominator == 0);
    CHECK(in_order.groups[3].kpis.fcr.denominator == kCases / 2);
    CHECK(in_order.groups[3].kpis.fcr.numerator == 0);
}

TEST_CASE("an accumulator cannot merge itself") {
    cskpi::ReportAccumulator a;
    a.add(random_records(5, 10));
    CHECK_THROWS_AS(a.merge(a), cskpi::InvalidArgument);
    CHECK_THROWS_AS(a.merge(std::move(a)), cskpi::InvalidArgument);
    CHECK(a.records() == 10);
}

TEST_CASE("a merge by move keeps the larger state, leaves the other empty, checks options") {
    const cskpi::ReportOptions options{.group_by = {cskpi::Dimension::queue}};
    const auto records = random_records(17, 900);
    const cskpi::Report whole = cskpi::make_report(records, options);
    const auto split = [&](std::size_t at) {
        std::pair<cskpi::ReportAccumulator, cskpi::ReportAccumulator> parts{options, options};
        parts.first.add(std::span(records).first(at));
        parts.second.add(std::span(records).subspan(at));
        return parts;
    };
    // Into an empty accumulator, from a larger one, from a smaller one.
    for (const std::size_t at : {std::size_t{0}, std::size_t{100}, std::size_t{800}}) {
        auto [into, from] = split(at);
        into.merge(std::move(from));
        CHECK(into.records() == records.size());
        CHECK(from.records() == 0);
        check_reports(into.report(), whole);
        // The emptied side is a usable accumulator with the same options.
        CHECK(from.options() == options);
        check_reports(from.report(), cskpi::ReportAccumulator(options).report());
        from.add(records.front());
        CHECK(from.records() == 1);
    }
    cskpi::ReportAccumulator by_team({.group_by = {cskpi::Dimension::team}});
    by_team.add(records.front());
    cskpi::ReportAccumulator by_queue(options);
    CHECK_THROWS_AS(by_queue.merge(std::move(by_team)), cskpi::InvalidArgument);
    CHECK(by_team.records() == 1);
}

TEST_CASE("a refused merge names the first option that differs, with both values") {
    using cskpi::Dimension;
    // The message of merging a state made with `theirs` into one made with `mine`.
    const auto refusal = [](const cskpi::ReportOptions& theirs, const cskpi::ReportOptions& mine) {
        cskpi::ReportAccumulator a(mine);
        try {
            a.merge(cskpi::ReportAccumulator(theirs));
        } catch (const cskpi::InvalidArgument& e) {
            return std::string(e.what());
        }
        return std::string("merged");
    };
    // Default options but for one change.
    const auto changed = [](const auto& change) {
        cskpi::ReportOptions o;
        change(o);
        return o;
    };
    const cskpi::ReportOptions defaults;
    const std::string prefix =
        "ReportAccumulator::merge: other = accumulator was built with different options (";
    const auto by = [&](std::vector<Dimension> dims) {
        return changed([&](cskpi::ReportOptions& o) { o.group_by = dims; });
    };
    CHECK(refusal(by({Dimension::team}), by({Dimension::agent_id})) ==
          prefix + "group_by team, not agent_id)");
    CHECK(refusal(defaults, by({Dimension::queue, Dimension::channel})) ==
          prefix + "group_by none, not queue,channel)");
    CHECK(refusal(changed([](auto& o) { o.period = cskpi::Period::week; }), defaults) ==
          prefix + "period week, not none)");
    CHECK(refusal(changed([](auto& o) { o.utc_offset = cskpi::parse_utc_offset("+05:30"); }),
                  defaults) == prefix + "utc_offset +05:30, not +00:00)");
    CHECK(refusal(changed([](auto& o) { o.time_zone = "Europe/Berlin"; }), defaults) ==
          prefix + "time_zone Europe/Berlin, not none)");
    CHECK(refusal(changed([](auto& o) {
                      o.csat = {7, 6};
                  }),
                  defaults) == prefix + "csat scale 6/7, not 4/5)");
    CHECK(refusal(changed([](auto& o) { o.service_level_seconds = 30; }), defaults) ==
          prefix + "service_level_seconds 30, not 20)");
    CHECK(refusal(changed([](auto& o) { o.short_abandon_seconds = 0; }), defaults) ==
          prefix + "short_abandon_seconds 0, not 5)");
    CHECK(refusal(changed([](auto& o) { o.abandon_mode = cskpi::AbandonMode::ignore; }),
                  defaults) == prefix + "abandon_mode ignore, not against)");
    CHECK(refusal(changed([](auto& o) { o.fcr_mode = cskpi::FcrMode::window; }), defaults) ==
          prefix + "fcr_mode window, not case)");
    CHECK(refusal(changed([](auto& o) { o.fcr_window = std::chrono::hours{48}; }), defaults) ==
          prefix + "fcr_window_ms 172800000, not 604800000)");
    CHECK(refusal(defaults, defaults) == "merged");
}

TEST_CASE("FCR state grows with cases, not with repeat contacts (memory_bytes)") {
    const auto t0 = fixtures::at(2026, 3, 1);
    const auto contact = [&](std::size_t number, std::size_t case_number) {
        return Interaction{.id = name('c', number),
                           .case_id = name('k', case_number),
                           .agent_id = "a",
                           .started_at = t0 + std::chrono::seconds{static_cast<long>(number)},
                           .resolved = true};
    };
    // One case: its state is the same after 1 and after 200,000 contacts.
    cskpi::ReportAccumulator one_case;
    one_case.add(contact(0, 0));
    const std::size_t after_first = one_case.memory_bytes();
    for (std::size_t n = 1; n < 200'000; ++n) {
        one_case.add(contact(n, 0));
    }
    CHECK(one_case.memory_bytes() == after_first);
    CHECK(one_case.report().overall.fcr.denominator == 1);

    // 100,000 cases of one contact each, and the same cases with five contacts each.
    constexpr std::size_t kCases = 100'000;
    cskpi::ReportAccumulator single;
    cskpi::ReportAccumulator repeated;
    for (std::size_t k = 0; k < kCases; ++k) {
        single.add(contact(k, k));
    }
    for (std::size_t round = 0; round < 5; ++round) {
        for (std::size_t k = 0; k < kCases; ++k) {
            repeated.add(contact(round * kCases + k, k));
        }
    }
    CHECK(repeated.records() == 5 * single.records());
    CHECK(repeated.memory_bytes() == single.memory_bytes());
    // At least the 32-byte entry of each case, at most a few hundred bytes a case in all
    // (storage grows in doubling steps).
    CHECK(single.memory_bytes() >= kCases * 32);
    CHECK(single.memory_bytes() <= kCases * 256);

    // Mode flag keeps no per-case state at all.
    cskpi::ReportAccumulator flags({.fcr_mode = cskpi::FcrMode::flag});
    for (std::size_t k = 0; k < kCases; ++k) {
        flags.add(contact(k, k));
    }
    CHECK(flags.memory_bytes() < 64 * 1024);

    // Mode window keeps every handled contact with a customer: a 24-byte entry and the id
    // (10,000 customers of ten contacts each here), not a string, vector and map node each.
    cskpi::ReportAccumulator window({.fcr_mode = cskpi::FcrMode::window});
    for (std::size_t k = 0; k < kCases; ++k) {
        Interaction r = contact(k, k);
        r.customer_id = name('u', k % 10'000);
        window.add(r);
    }
    CHECK(window.memory_bytes() >= kCases * 24);
    CHECK(window.memory_bytes() <= kCases * 64);
    CHECK(window.report().overall.fcr.denominator == 10'000);  // one a customer: all repeats
}

TEST_CASE("long case keys and ids: lengths on either side of the one-byte length") {
    // Six cases whose keys differ only in length or in their last character, one handled
    // resolved contact each: six inquiries, all resolved, if no two keys are confused. A
    // seventh case has two contacts at the same time whose 301-character ids differ in the
    // last one: the first by id ("...a", agent "first") gets the inquiry, not resolved.
    const auto t0 = fixtures::at(2026, 6, 1);
    std::vector<Interaction> records;
    const std::vector<std::string> keys{std::string(254, 'k'),          std::string(255, 'k'),
                                        std::string(256, 'k'),          std::string(70'000, 'k'),
                                        std::string(70'000, 'k') + "x", std::string(1, 'k')};
    for (std::size_t i = 0; i < keys.size(); ++i) {
        records.push_back({.id = keys[i] + "-contact",
                           .case_id = keys[i],
                           .agent_id = "single",
                           .started_at = t0 + std::chrono::minutes{static_cast<long>(i)},
                           .resolved = true});
    }
    const std::string long_id(300, 'i');
    records.push_back({.id = long_id + "b",
                       .case_id = std::string(300, 'c'),
                       .agent_id = "second",
                       .started_at = t0,
                       .resolved = true});
    records.push_back({.id = long_id + "a",
                       .case_id = std::string(300, 'c'),
                       .agent_id = "first",
                       .started_at = t0,
                       .resolved = true});
    const cskpi::ReportOptions options{.group_by = {cskpi::Dimension::agent_id}};
    const auto check = [](const cskpi::Report& r) {
        CHECK(r.overall.fcr.denominator == 7);
        CHECK(r.overall.fcr.numerator == 6);
        REQUIRE(r.groups.size() == 3);  // first, second, single
        CHECK(r.groups[0].kpis.fcr.denominator == 1);
        CHECK(r.groups[0].kpis.fcr.numerator == 0);
        CHECK(r.groups[1].kpis.fcr.denominator == 0);
        CHECK(r.groups[2].kpis.fcr.denominator == 6);
    };
    check(cskpi::make_report(records, options));
    // Split so that each half's entries are copied through the other's arena by a merge.
    for (const bool by_move : {false, true}) {
        cskpi::ReportAccumulator left(options);
        cskpi::ReportAccumulator right(options);
        for (std::size_t i = 0; i < records.size(); ++i) {
            (i % 2 == 0 ? left : right).add(records[i]);
        }
        if (by_move) {
            left.merge(std::move(right));
        } else {
            left.merge(right);
        }
        check(left.report());
    }
}

TEST_CASE("a moved-from accumulator is an empty one with default options") {
    const cskpi::ReportOptions by_queue{.group_by = {cskpi::Dimension::queue}};
    const auto records = random_records(23, 300);
    cskpi::ReportAccumulator source(by_queue);
    source.add(std::span(records));
    const cskpi::ReportAccumulator moved(std::move(source));
    CHECK(moved.records() == records.size());
    // NOLINTBEGIN(bugprone-use-after-move): the moved-from state is defined
    CHECK(source.records() == 0);
    CHECK(source.options() == cskpi::ReportOptions{});
    CHECK(source.memory_bytes() == cskpi::ReportAccumulator().memory_bytes());
    check_reports(source.report(), cskpi::ReportAccumulator().report());
    source.add(records.front());  // usable again, with default options
    CHECK(source.records() == 1);
    cskpi::ReportAccumulator other;
    cskpi::ReportAccumulator emptied(std::move(other));
    emptied.merge(std::move(other));  // merging a moved-from accumulator adds nothing
    CHECK(emptied.records() == 0);
    // NOLINTEND(bugprone-use-after-move)
    CHECK_THROWS_AS(source.merge(moved), cskpi::InvalidArgument);  // options differ
}

TEST_CASE("copies of one contact in different groups: the smaller group, in any order") {
    // The same contact delivered twice, once with agent a2 and once with a1: its case goes
    // to a1 (the smaller key) whatever order the copies come in, however they are sharded
    // and merged, and from a batch. Two handled contacts: not resolved on first contact.
    const auto t0 = fixtures::at(2026, 7, 1);
    const Interaction in_a2{.id = "c",
                            .customer_id = "u",
                            .case_id = "K",
                            .agent_id = "a2",
                            .started_at = t0,
                            .resolved = true};
    Interaction in_a1 = in_a2;
    in_a1.agent_id = "a1";
    const Interaction other{.id = "x",
                            .customer_id = "v",
                            .case_id = "L",
                            .agent_id = "a3",
                            .started_at = t0 + std::chrono::minutes{1},
                            .resolved = true};
    // Mode window the same way: the first copy is the customer's inquiry (not resolved: its
    // twin follows at once), in a1.
    for (const auto mode : {cskpi::FcrMode::case_based, cskpi::FcrMode::window}) {
        CAPTURE(cskpi::to_string(mode));
        const cskpi::ReportOptions options{.group_by = {cskpi::Dimension::agent_id},
                                           .fcr_mode = mode};
        const auto check = [](const cskpi::Report& r) {
            REQUIRE(r.groups.size() == 3);
            CHECK(r.groups[0].key.values[0] == "a1");
            CHECK(r.groups[0].kpis.fcr.denominator == 1);
            CHECK(r.groups[0].kpis.fcr.numerator == 0);
            CHECK(r.groups[1].kpis.fcr.denominator == 0);
            CHECK(r.groups[2].kpis.fcr.denominator == 1);
            CHECK(r.overall.fcr.denominator == 2);
        };
        check(cskpi::make_report(std::vector<Interaction>{in_a2, in_a1, other}, options));
        check(cskpi::make_report(std::vector<Interaction>{in_a1, in_a2, other}, options));
        for (const bool by_move : {false, true}) {
            for (const bool swap_sides : {false, true}) {
                cskpi::ReportAccumulator left(options);
                cskpi::ReportAccumulator right(options);
                left.add(swap_sides ? in_a1 : in_a2);
                right.add(swap_sides ? in_a2 : in_a1);
                right.add(other);  // the larger side: a merge by move keeps it
                if (by_move) {
                    left.merge(std::move(right));
                } else {
                    left.merge(right);
                }
                check(left.report());
            }
        }
        cskpi::InteractionBatch batch;
        batch.append(std::vector<Interaction>{in_a2, other, in_a1});
        cskpi::ReportAccumulator from_batch(options);
        from_batch.add(batch);
        check(from_batch.report());
    }
}
