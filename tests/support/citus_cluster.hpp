// A real, throwaway Citus cluster for tests (DESIGN.md, "Scale-out"): a coordinator and two
// workers, three ScratchClusters on 127.0.0.1 with shared_preload_libraries = 'citus', started on
// first use and always stopped at exit (ScratchCluster's guardian covers a killed test).
//
// Citus is built and installed by scripts/build-citus.sh (the ctest fixture `citus_build`); when
// citus.so is not installed, available() is false and the tests say so and skip.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace strata {
class ScratchCluster;
}

namespace strata::test {

class CitusCluster {
 public:
  // Whether PostgreSQL 15 has the Citus extension installed.
  static bool available();
  // The process's cluster: started on first use, stopped at exit.
  static CitusCluster& shared();

  // A fresh database on the three nodes with the extension created and the workers added to the
  // coordinator's metadata; returns its URL on the coordinator.
  std::string create_database();
  // The same database on a worker (0 or 1), for looking at shards.
  std::string worker_url(std::size_t worker, const std::string& coordinator_url) const;

  CitusCluster(const CitusCluster&) = delete;
  CitusCluster& operator=(const CitusCluster&) = delete;
  ~CitusCluster();

 private:
  CitusCluster();

  std::unique_ptr<ScratchCluster> coordinator_;
  std::vector<std::unique_ptr<ScratchCluster>> workers_;
  unsigned databases_created_ = 0;
};

}  // namespace strata::test
