#include "generator/include_lines.hpp"

#include <algorithm>
#include <cctype>

namespace strata {

std::vector<IncludeLine> include_lines(std::string_view source) {
  // A line scan rather than std::regex: this runs over every model header on every scan.
  std::vector<IncludeLine> lines;
  const auto skip_blanks = [](std::string_view text) {
    return text.substr(std::min(text.size(), text.find_first_not_of(" \t")));
  };
  for (std::size_t start = 0; start < source.size();) {
    const std::size_t end = std::min(source.size(), source.find('\n', start));
    std::string_view line = skip_blanks(source.substr(start, end - start));
    start = end + 1;
    if (!line.starts_with('#')) continue;
    line = skip_blanks(line.substr(1));
    std::size_t word = 0;
    while (word < line.size() && (std::isalpha(static_cast<unsigned char>(line[word])) || line[word] == '_')) ++word;
    IncludeLine include{line.substr(0, word), {}, false};
    if (!include.directive.starts_with("include")) continue;
    line = skip_blanks(line.substr(word));
    if (!line.empty() && (line.front() == '<' || line.front() == '"')) {
      include.angled = line.front() == '<';
      const std::size_t close = line.find(include.angled ? '>' : '"', 1);
      if (close != std::string_view::npos) include.target = line.substr(1, close - 1);
    }
    lines.push_back(include);
  }
  return lines;
}

}  // namespace strata
