#include "runner/fleet_targets.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "catalog/connection_options.hpp"

namespace strata {
namespace {

constexpr std::string_view kBlank = " \t\r\n";

std::string_view trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(kBlank);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kBlank) - first + 1);
}

bool is_url(std::string_view text) { return text.rfind("postgresql://", 0) == 0 || text.rfind("postgres://", 0) == 0; }

}  // namespace

std::vector<FleetTarget> parse_targets(std::string_view text, const std::string& file) {
  std::vector<FleetTarget> targets;
  std::map<std::string, unsigned> line_of_name;
  unsigned line = 0;
  while (!text.empty()) {
    ++line;
    const std::size_t end = text.find('\n');
    const std::string_view content = trimmed(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (content.empty() || content.front() == '#') continue;

    auto error = [&](const std::string& what) {
      return TargetsFileError(file + ":" + std::to_string(line) + ": error: " + what);
    };
    const std::size_t blank = content.find_first_of(kBlank);
    const std::string_view first = content.substr(0, blank);
    const std::string_view rest = blank == std::string_view::npos ? std::string_view() : trimmed(content.substr(blank));
    FleetTarget target;
    target.line = line;
    if (is_url(first)) {
      if (!rest.empty()) throw error("text after the URL (a line is `URL` or `NAME URL`)");
      target.conninfo = std::string(first);
    } else if (first.find('=') != std::string_view::npos) {
      target.conninfo = std::string(content);  // key=value pairs, no name
    } else {
      if (rest.empty())
        throw error("target '" + std::string(first) + "' has no connection string (a line is `URL` or `NAME URL`)");
      target.name = std::string(first);
      target.conninfo = std::string(rest);
    }
    if (std::optional<std::string> invalid = conninfo_error(target.conninfo)) {
      throw error("the connection string is not valid: " + std::string(trimmed(*invalid)));
    }
    if (target.name.empty()) target.name = describe_connection(target.conninfo);
    auto [seen, added] = line_of_name.emplace(target.name, line);
    if (!added) {
      throw error("target '" + target.name + "' is named on line " + std::to_string(seen->second) + " already");
    }
    targets.push_back(std::move(target));
  }
  if (targets.empty()) throw TargetsFileError(file + ": error: no targets (a line is `URL` or `NAME URL`)");
  return targets;
}

std::vector<FleetTarget> read_targets_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TargetsFileError(path + ": error: cannot read the targets file: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_targets(text.str(), path);
}

}  // namespace strata
