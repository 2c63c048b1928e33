// Plays operations on a ModelGraph: what the schema looks like after a migration, without a
// database. apply(A, diff(A, B)) == B and apply(B, reverse(diff(A, B))) == A.
//
// Each operation is checked against the graph first (the table exists, the column does not yet,
// nothing still depends on what is dropped, the "from" side matches, ...); an operation that
// does not fit throws ApplyError naming the operation and the problem, and leaves the graph as
// it was. The graph stays canonical (ModelGraph::canonicalize order).
//
// The schema rule: a schema other than "public" exists exactly when CreateSchema made it (an
// empty one included) and DropSchema removes it (only when empty). "public" is never created nor
// dropped by an operation: its entry appears when something is created in it and disappears
// when it becomes empty, so a canonical graph never holds an empty "public" entry.
#pragma once

#include <memory>
#include <stdexcept>
#include <vector>

#include "core/model_graph.hpp"
#include "core/operation.hpp"

namespace strata {

class ApplyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Called as apply(graph, op) or apply(graph, ops). A function object rather than two functions:
// the arguments live partly in namespace std, so an unqualified call would also find std::apply
// by argument-dependent lookup and fail to compile; an object name turns that lookup off.
struct ApplyOperations {
  void operator()(ModelGraph& graph, const Operation& op) const;
  void operator()(ModelGraph& graph, const std::vector<Operation>& ops) const;
};
inline constexpr ApplyOperations apply{};

class IndexNames;  // apply.cpp: what a stream of operations has read of the graph's index names

// Plays operations on one graph one at a time, each as apply(graph, op) would, for a caller that
// decides the next operation from the graph so far (diff's StepEmitter, assess()). Linear over a
// stream, where apply(graph, op) per operation reads each schema's index names anew; the graph
// must change through the player only while it lives.
class OperationPlayer {
 public:
  explicit OperationPlayer(ModelGraph& graph);
  ~OperationPlayer();
  OperationPlayer(const OperationPlayer&) = delete;
  OperationPlayer& operator=(const OperationPlayer&) = delete;
  void operator()(const Operation& op);

 private:
  ModelGraph& graph_;
  std::unique_ptr<IndexNames> index_names_;
};

}  // namespace strata
