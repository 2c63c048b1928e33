// Queries the kill-and-rerun tests (migrator_cli_test, citus_test) compare before the kill, after
// it and after the rerun.
#pragma once

#include <string>

namespace strata::test {

// public.accounts's row count and an md5 of every id and name (a NULL name apart from 'NULL'):
// no row or value may be lost.
inline const std::string kAccountsRowsDigestSql =
    "SELECT count(*) || ' ' || md5(string_agg(id || ':' || coalesce(quote_literal(name), 'NULL'), ',' ORDER BY id)) "
    "FROM public.accounts";

// Every revision in public.strata_history with the part it has reached ("whole" when applied).
inline const std::string kHistoryProgressSql =
    "SELECT string_agg(revision || '@' || coalesce(partial_step::text, 'whole'), ',' ORDER BY revision) "
    "FROM public.strata_history";

}  // namespace strata::test
