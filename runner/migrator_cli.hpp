// The `migrator` command line: Alembic's verbs over the compiled-in registry.
//
//   migrator [--url URL] [--lock-timeout D] [--statement-timeout D] [--lock-wait D] [--single-transaction] COMMAND
//     upgrade [head|REV|+N] [--sql [--from REV]]    apply revisions up to the target (default head)
//     downgrade REV|-N|base [--sql [--from REV]]    revert revisions after the target
//     current                                       the applied revision, "(head)" when at head
//     history [--verbose]                           the chain, newest first; --verbose: dates,
//                                                   checksums, applied or not (connects)
//     heads                                         the head revision(s)
//     stamp REV|head|base                           rewrite the history without running SQL
//     status                                        current, head and the pending revisions
//     check                                         exit 0 iff at head and no schema drift
// Global options may stand before or after the command. REV is a revision id or a unique prefix.
//
// Fleets: upgrade [head|REV], status, check and current take --targets FILE instead of --url (one
// database per line, runner/fleet_targets.hpp) with --parallel N, --canary K, --continue-on-error
// and --json (runner/fleet.hpp): a progress line per target on stderr, a summary table (or JSON)
// on stdout; the exit status is the worst of the targets' (a malformed FILE: 2, "FILE:LINE: error: ...").
//
// Exit status: 0 ok · 1 check found a difference · 2 usage (bad option, unknown command, malformed
// or out-of-range duration, unknown/ambiguous target, target in the wrong direction) · 3 cannot
// connect (or the connection was lost) · 4 a migration failed and was rolled back (or another
// database operation failed, or --lock-wait expired) · 5 history problem (several heads, unknown
// revision in the database, checksum of an applied revision changed, a gap; a damaged history
// table: column missing or of another type, a NULL, no privilege; an empty or missing history on
// a database that has the set's tables).
//
// stdout carries the data (SQL of --sql and check, current, history, heads, status); stderr the
// progress lines ("[3/14] 0003_x … 12 ms") and errors ("migrator: error: ..."). No output
// contains a password: a database is named by describe_connection() (host, port, dbname, user),
// and the value of --url is overwritten in the process's argv once read (`ps` shows asterisks).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "strata/revision.hpp"

namespace strata {

namespace exit_status {
inline constexpr int kOk = 0;
inline constexpr int kDifference = 1;
inline constexpr int kUsage = 2;
inline constexpr int kCannotConnect = 3;
inline constexpr int kMigrationFailed = 4;
inline constexpr int kHistoryProblem = 5;
}  // namespace exit_status

int run_migrator(const Registry& registry, int argc, char** argv);
// The same with the arguments after the program name and explicit streams (for tests).
int run_migrator(const Registry& registry, const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace strata
