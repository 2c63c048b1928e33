// The build-time proof of a migration set's revisions (`migrator verify`, the migrations-verify
// target; DESIGN.md Part 2, "Build-time proof and the schema contract").
//
// On a scratch database, for every revision whose checksum (up SQL, down SQL and .cpp) is not in
// the cache: introspect at the parent; upgrade (hooks run); introspect and, for the head, compare
// with the embedded snapshot; downgrade; introspect and compare with the parent's; upgrade again.
// Revisions already proven are only upgraded through, to reach the next one's parent; when every
// revision is cached, no database is touched at all.
//
// The revisions are run by the executor (run_upgrade/run_downgrade, the history table included)
// and read back by the schema inspector, exactly as `migrator upgrade` and `check` would.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "strata/revision.hpp"

namespace strata {

// A revision that failed its proof; the message is the first difference:
// "0002_x: up leaves column public.t.c, snapshot says no column public.t.c",
// "0002_x: down does not restore: column public.t.c is left behind (the parent has none)",
// "0002_x: up fails: <the executor's message>".
class ProofError : public std::runtime_error {
 public:
  ProofError(std::string revision, const std::string& message)
      : std::runtime_error(revision + ": " + message), revision_(std::move(revision)) {}
  const std::string& revision() const { return revision_; }

 private:
  std::string revision_;
};

struct ProofOptions {
  // A server where scratch databases may be created and dropped (a libpq URL or key=value
  // string); nullopt: a throwaway cluster (runner/scratch_cluster.hpp) is started and stopped.
  std::optional<std::string> server;
  // The cache of proven revisions in the build tree, one "id checksum" line each; "" for none.
  std::string cache_file;
  // Without a server: the throwaway cluster's data dir kept in the build tree ("": none kept).
  std::string cluster_dir;
  std::ostream* progress = nullptr;
};

struct ProofResult {
  std::vector<std::string> proven;  // revisions proven by this run
  std::size_t cached = 0;           // revisions skipped: proven before with the same checksum
};

// Throws ProofError for the first revision that fails; ConnectError / ScratchClusterError when
// no scratch database can be had. The cache records each revision as soon as it is proven.
ProofResult prove_revisions(const Registry& registry, const ProofOptions& options);

}  // namespace strata
