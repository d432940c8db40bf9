#pragma once
// One include for Catch2 v2 (Debian 12's 2.13) and v3, so every test source builds with both.

#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
