// table_move, after: reports moved to schema archive and renamed (STRATA_RENAMED_FROM("public.reports"))
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("old_reports") STRATA_SCHEMA("archive") STRATA_RENAMED_FROM("public.reports")
    STRATA_INDEX("ix_reports_title", "lower(title)") Report {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::string title;
};

struct STRATA_TABLE("report_pages") ReportPage {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_FK("archive.old_reports.id") STRATA_INDEXED std::int64_t report_id;
};

}  // namespace model_pairs
