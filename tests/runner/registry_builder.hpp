// Builds a strata::Registry in memory for tests: the storage the generated registry.cpp would
// hold in static data, owned here. Checksums are computed as the generator does (SHA-256 of the
// up SQL) unless a test sets one.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/sha256.hpp"
#include "strata/revision.hpp"

namespace strata::test {

class RegistryBuilder {
 public:
  explicit RegistryBuilder(std::string name = "strata_test", std::string database_url_env = "STRATA_TEST_MIGRATOR_URL")
      : name_(std::move(name)), database_url_env_(std::move(database_url_env)) {}

  RegistryBuilder(const RegistryBuilder&) = delete;
  RegistryBuilder& operator=(const RegistryBuilder&) = delete;

  // Adds a revision; returns its info so a test can attach hooks or a snapshot.
  RevisionInfo& add(std::string_view id, std::string_view parent, std::string_view up_sql, std::string_view down_sql,
                    std::string_view message = "") {
    RevisionInfo& info = infos_.emplace_back();
    info.id = keep(id);
    info.parent = keep(parent);
    info.message = keep(message.empty() ? id : message);
    info.created_at = keep("2024-05-01T12:00:00Z");
    Entry& entry = entries_.emplace_back();
    entry.info = &info;
    entry.up_sql = keep(up_sql);
    entry.down_sql = keep(down_sql);
    // As the generator computes it; the hooks' part stands for the revision's .cpp.
    entry.checksum = keep(sha256_hex(up_sql) + ":" + sha256_hex(down_sql) + ":" + sha256_hex(id));
    return info;
  }

  // The schema at head (Registry::head_snapshot_json), what `check` compares with.
  void set_head_snapshot(std::string_view snapshot_json) { head_snapshot_json_ = keep(snapshot_json); }
  // Registry::history_table: "name" or "schema.name"; unset: the default table.
  void set_history_table(std::string_view table) { history_table_ = keep(table); }
  void set_checksum(std::string_view id, std::string_view checksum) {
    for (Entry& entry : entries_) {
      if (entry.info->id == id) entry.checksum = keep(checksum);
    }
  }

  // The registry over everything added so far (valid until the next add()).
  const Registry& registry() {
    revisions_.clear();
    for (const Entry& entry : entries_) revisions_.push_back(Revision{entry.info, entry.up_sql, entry.down_sql, entry.checksum});
    registry_ = Registry{name_, database_url_env_, head_snapshot_json_, revisions_.data(), revisions_.size(), history_table_};
    return registry_;
  }

 private:
  struct Entry {
    const RevisionInfo* info = nullptr;
    std::string_view up_sql;
    std::string_view down_sql;
    std::string_view checksum;
  };

  std::string_view keep(std::string_view text) { return strings_.emplace_back(text); }

  std::string name_;
  std::string database_url_env_;
  std::string_view head_snapshot_json_;
  std::string_view history_table_;
  std::deque<std::string> strings_;  // a deque never moves its elements: the views stay valid
  std::deque<RevisionInfo> infos_;
  std::deque<Entry> entries_;
  std::vector<Revision> revisions_;
  Registry registry_;
};

}  // namespace strata::test
