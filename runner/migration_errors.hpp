// The typed errors of the migrator. Each maps to one exit status of the `migrator` CLI (see
// migrator_cli.hpp), so callers catch by type rather than parse messages.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace strata {

// The database cannot be reached, or the connection was lost (exit 3). The message never
// contains a password: it is scrubbed before the error is thrown.
class ConnectError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An open connection broke (exit 3). libpqxx 6.4 closes the PGconn before throwing, so libpq's
// reason is gone and the message may be libpqxx's own ("Could not obtain client encoding"): the
// CLI adds what the server says now (connection_options.hpp's server_state()).
class LostConnectionError : public ConnectError {
 public:
  using ConnectError::ConnectError;
};

// The revision chain or the database's history is inconsistent (exit 5): several heads, a
// missing parent, a revision applied in the database that this migrator does not know, ...
class HistoryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An applied revision's recorded checksum differs from the compiled-in one (exit 5): its SQL was
// edited after it ran.
class ChecksumError : public HistoryError {
 public:
  ChecksumError(std::string revision, std::string stored, std::string expected)
      : HistoryError("checksum of applied revision " + revision + " changed: " + changed_parts(stored, expected) +
                     " edited after it ran (`stamp` records the current checksums)"),
        revision_(std::move(revision)),
        stored_(std::move(stored)),
        expected_(std::move(expected)) {}
  // Checksums are "<up>:<down>:<hooks>" (SHA-256 of up.sql, down.sql, the revision's .cpp); one
  // recorded by an earlier release is the up SQL's alone.
  static std::string changed_parts(const std::string& stored, const std::string& expected) {
    static const char* const kParts[] = {"its up SQL", "its down SQL", "its hooks (.cpp)"};
    auto split = [](const std::string& value) {
      std::vector<std::string> out{""};
      for (char c : value) {
        if (c == ':') {
          out.emplace_back();
        } else {
          out.back().push_back(c);
        }
      }
      return out;
    };
    std::vector<std::string> was = split(stored), is = split(expected);
    std::vector<std::string> changed;
    for (std::size_t i = 0; i < 3 && i < was.size(); ++i)
      if (i >= is.size() || was[i] != is[i]) changed.emplace_back(kParts[i]);
    if (changed.empty()) return "it was";
    std::string out;
    for (const std::string& part : changed) out += (out.empty() ? "" : " and ") + part;
    return out + (changed.size() > 1 ? " were" : " was");
  }
  const std::string& revision() const { return revision_; }
  const std::string& stored() const { return stored_; }
  const std::string& expected() const { return expected_; }

 private:
  std::string revision_;
  std::string stored_;
  std::string expected_;
};

// A target the user named cannot be planned (exit 2): unknown or ambiguous revision, +N past
// head, a downgrade target ahead of the current revision, ...
class TargetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The migration lock stayed held by another session for longer than --lock-wait (exit 4); the
// message names the holder.
class LockWaitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A statement (or a data hook) of a revision failed (exit 4). The revision's transaction was
// rolled back and its history row not written; `partially_applied` is true only when parts of the
// revision that PostgreSQL cannot run inside a transaction had already committed.
class StmtExecError : public std::runtime_error {
 public:
  StmtExecError(std::string revision, std::string file, unsigned line, std::string statement, std::string message,
                bool partially_applied = false)
      : std::runtime_error(file + (line ? ":" + std::to_string(line) : std::string()) + ": " + message),
        revision_(std::move(revision)),
        file_(std::move(file)),
        line_(line),
        statement_(std::move(statement)),
        message_(std::move(message)),
        partially_applied_(partially_applied) {}
  const std::string& revision() const { return revision_; }
  const std::string& file() const { return file_; }  // "0003_x.up.sql", or "0003_x.cpp" for a hook
  unsigned line() const { return line_; }            // 1-based line of the statement; 0 for a hook
  const std::string& statement() const { return statement_; }
  const std::string& message() const { return message_; }  // PostgreSQL's message
  bool partially_applied() const { return partially_applied_; }

 private:
  std::string revision_;
  std::string file_;
  unsigned line_;
  std::string statement_;
  std::string message_;
  bool partially_applied_;
};

}  // namespace strata
