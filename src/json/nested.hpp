#pragma once
// Computes a mapping's `each` walks over one record, for any JSON tree a reader holds: the
// simdjson DOM of the bulk path and the nlohmann values of the in-memory one walk the same
// steps through a small adapter. Internal.
//
// An adapter `Tree` has: `using Node`; `static bool child(Node, std::string_view token, Node&)`
// (an object member or an array index); `static bool is_array(Node)`; `template <class F>
// static bool each_element(Node, F)` calling F(Node) until it returns false, and returning
// false then; `static Captured value(Node)`.

#include <string_view>
#include <vector>

#include "compiled_mapping.hpp"
#include "decode.hpp"

namespace cskpi::json::detail {

template <typename Tree>
class NestedWalk {
  public:
    using Node = typename Tree::Node;

    // Fills the slot of every walk of `m` from the record `root`.
    static void fill(const CompiledMapping& m, Node root, std::vector<Captured>& slots) {
        for (const NestedSource& source : m.nested) {
            NestedWalk walk(source);
            walk.step(root, 0);
            slots[static_cast<std::size_t>(source.slot)] = walk.result();
        }
    }

  private:
    explicit NestedWalk(const NestedSource& source) : source_(source) {}

    static bool resolve(Node from, const std::vector<std::string>& tokens, Node& out) {
        out = from;
        for (const std::string& token : tokens) {
            if (!Tree::child(out, token, out)) {
                return false;
            }
        }
        return true;
    }

    // Returns false once the reducer needs no more matches (`first`). The recursion is as
    // deep as the walk has steps, which the mapping bounds.
    bool step(Node at, std::size_t index) {
        if (index == source_.steps.size()) {
            return match(at);
        }
        const NestedStep& s = source_.steps[index];
        if (s.when) {
            locals_.assign(s.locals.size(), Captured{});
            for (std::size_t i = 0; i < s.locals.size(); ++i) {
                Node value;
                if (resolve(at, s.locals[i], value)) {
                    locals_[i] = Tree::value(value);
                }
            }
            return !evaluate(*s.when, locals_) || step(at, index + 1);
        }
        Node next;
        if (!resolve(at, s.tokens, next)) {
            return true;
        }
        if (Tree::is_array(next)) {
            return Tree::each_element(next, [&](Node element) { return step(element, index + 1); });
        }
        return step(next, index + 1);
    }

    bool match(Node at) {
        using Reduce = NestedSource::Reduce;
        if (source_.reduce == Reduce::count) {
            ++count_;
            return true;
        }
        Node found;
        if (!resolve(at, source_.value_tokens, found)) {
            return true;
        }
        const Captured c = Tree::value(found);
        if (c.type == Captured::Type::null) {
            return true;
        }
        if (source_.reduce != Reduce::sum) {
            value_ = c;
            return source_.reduce == Reduce::last;
        }
        if (c.type != Captured::Type::number) {
            value_ = c;  // the field reports the type it cannot add up
            return false;
        }
        value_.type = Captured::Type::number;
        value_.number += c.number;
        return true;
    }

    Captured result() const {
        if (source_.reduce != NestedSource::Reduce::count) {
            return value_;  // a sum of no values is missing, like the value of no match
        }
        Captured c;
        c.type = Captured::Type::number;
        c.integral = true;
        c.integer = static_cast<std::int64_t>(count_);
        c.number = static_cast<double>(count_);
        return c;
    }

    const NestedSource& source_;
    std::vector<Captured> locals_;
    Captured value_;
    std::size_t count_ = 0;
};

// For inputs without a tree (CSV rows, which hold no arrays): every walk finds nothing.
inline void fill_nested_without_tree(const CompiledMapping& m, std::vector<Captured>& slots) {
    for (const NestedSource& source : m.nested) {
        Captured c;
        if (source.reduce == NestedSource::Reduce::count) {
            c.type = Captured::Type::number;
            c.integral = true;
        }
        slots[static_cast<std::size_t>(source.slot)] = c;
    }
}

}  // namespace cskpi::json::detail
