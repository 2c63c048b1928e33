// table_move, before: reports in public, referenced by a foreign key
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("reports") STRATA_INDEX("ix_reports_title", "lower(title)") Report {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::string title;
};

struct STRATA_TABLE("report_pages") ReportPage {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_FK("reports.id") STRATA_INDEXED std::int64_t report_id;
};

}  // namespace model_pairs
