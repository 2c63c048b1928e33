// The standard-library headers that model headers include, parsed once into a precompiled header kept in a cache
// directory. Most of a scan's parse is the standard library (<chrono> and <string> alone are ~100k lines in C++20),
// which does not change between runs; the models do.
//
// Only standard headers are hoisted into the prelude: the standard lets a program include them
// in any order ([using.headers]), so including them ahead of the models changes no meaning, and
// they are system headers, which the scan's dependency list leaves out anyway. Project headers
// (<strata/annotate.hpp> included) are parsed with the models as before.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

// The `#include <...>` names in `source` that the prelude may hold, the standard C++ library's
// headers, in order of first appearance. Lines are matched as written (a
// conditional include is hoisted too; a header that does not exist makes the prelude fail to
// build, and the scan then runs without it).
std::vector<std::string> prelude_includes(std::string_view source);

// The prelude header's text for `includes`.
std::string prelude_source(const std::vector<std::string>& includes);

class PreludeCache {
 public:
  // `arguments`: the clang arguments of the scan without "-x c++" (the prelude must be parsed
  // with exactly the options the models are).
  PreludeCache(std::filesystem::path dir, std::vector<std::string> arguments);

  // The precompiled header of `includes`, built into the cache directory if it is not there yet
  // (or `rebuild`); nullopt when it cannot be built, in which case the scan goes without. A
  // prelude is precompiled the second time it is wanted: the first call only records it and
  // returns nullopt, so a build tree that scans once never pays for precompiling.
  std::optional<std::filesystem::path> pch_for(const std::vector<std::string>& includes, bool rebuild = false) const;

  // The files a prelude from pch_for holds (canonical paths), which a scan that loads it does not
  // list; nullopt when the list is missing.
  static std::optional<std::vector<std::string>> inputs_of(const std::filesystem::path& pch);

 private:
  void remove_other_preludes(const std::string& current_stem) const;
  static std::filesystem::path input_list_of(const std::filesystem::path& pch);

  std::filesystem::path dir_;
  std::vector<std::string> arguments_;
};

}  // namespace strata
