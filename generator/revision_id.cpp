#include "generator/revision_id.hpp"

#include <cstdio>
#include <regex>
#include <stdexcept>

namespace strata {
namespace {

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char raw : text) {
    const char c = (raw >= 'A' && raw <= 'Z') ? static_cast<char>(raw - 'A' + 'a') : raw;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string join_within_limit(const std::vector<std::string>& words) {
  std::string slug;
  for (const std::string& word : words) {
    if (slug.empty()) {
      slug = word.substr(0, kMaxSlugLength);
    } else if (slug.size() + 1 + word.size() <= kMaxSlugLength) {
      slug += "_" + word;
    } else {
      break;
    }
  }
  return slug;
}

}  // namespace

std::string make_slug(std::string_view message, const std::vector<std::string>& fallback_words) {
  if (std::string slug = join_within_limit(words_of(message)); !slug.empty()) return slug;
  std::vector<std::string> words;
  for (const std::string& fallback : fallback_words)
    for (std::string& word : words_of(fallback)) words.push_back(std::move(word));
  if (std::string slug = join_within_limit(words); !slug.empty()) return slug;
  return "revision";
}

std::string make_revision_id(int number, std::string_view slug) {
  if (number < 1 || number > kMaxRevisionNumber)
    throw std::invalid_argument("revision number " + std::to_string(number) + " is outside 0001..9999");
  char digits[8];
  std::snprintf(digits, sizeof digits, "%04d", number);
  return std::string(digits) + "_" + std::string(slug);
}

bool is_revision_id(std::string_view id) {
  static const std::regex pattern("[0-9]{4}_[a-z0-9]+(_[a-z0-9]+)*");
  return std::regex_match(id.begin(), id.end(), pattern);
}

std::optional<int> revision_number(std::string_view id) {
  if (!is_revision_id(id)) return std::nullopt;
  return std::stoi(std::string(id.substr(0, 4)));
}

std::string revision_namespace(std::string_view id) { return "r" + std::string(id); }

}  // namespace strata
