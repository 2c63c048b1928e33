// One job at a time on a thread of its own, for work whose result the caller does not wait for
// (the scan cache written, a parsed unit freed): starting a job first waits for the previous one,
// wait() waits for the current one, and an owner that keeps its BackgroundJob in a
// function-local static has the process's exit wait for it too.
#pragma once

#include <thread>
#include <utility>

namespace strata {

class BackgroundJob {
 public:
  template <typename Job>
  void start(Job&& job) {
    wait();
    thread_ = std::jthread(std::forward<Job>(job));
  }
  void wait() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::jthread thread_;
};

}  // namespace strata
