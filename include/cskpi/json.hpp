#pragma once
/// \file
/// The umbrella header of the JSON adapter (target cskpi::json): mappings and presets,
/// readers, timestamps, and the report as JSON. Includes the core umbrella.
///
/// Example: `#include <cskpi/json.hpp>` then `cskpi::json::Mapping::preset("amazon-connect")`.

#include "cskpi/cskpi.hpp"
#include "cskpi/json/business_hours.hpp"
#include "cskpi/json/mapping.hpp"
#include "cskpi/json/reader.hpp"
#include "cskpi/json/report_json.hpp"
#include "cskpi/json/table.hpp"
#include "cskpi/json/timestamp.hpp"
