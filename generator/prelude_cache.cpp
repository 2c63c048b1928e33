#include "generator/prelude_cache.hpp"

#include <unistd.h>

#include <algorithm>
#include <iterator>
#include <system_error>

#include "core/sha256.hpp"
#include "core/split.hpp"
#include "generator/cache_file.hpp"
#include "generator/clang_handles.hpp"
#include "generator/include_lines.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;

// C++20's library headers ([headers] tables 24 and 25).
constexpr std::string_view kStandardHeaders[] = {"algorithm",
                                                 "any",
                                                 "array",
                                                 "atomic",
                                                 "barrier",
                                                 "bit",
                                                 "bitset",
                                                 "cassert",
                                                 "cctype",
                                                 "cerrno",
                                                 "cfenv",
                                                 "cfloat",
                                                 "charconv",
                                                 "chrono",
                                                 "cinttypes",
                                                 "climits",
                                                 "clocale",
                                                 "cmath",
                                                 "codecvt",
                                                 "compare",
                                                 "complex",
                                                 "concepts",
                                                 "condition_variable",
                                                 "coroutine",
                                                 "csetjmp",
                                                 "csignal",
                                                 "cstdarg",
                                                 "cstddef",
                                                 "cstdint",
                                                 "cstdio",
                                                 "cstdlib",
                                                 "cstring",
                                                 "ctime",
                                                 "cuchar",
                                                 "cwchar",
                                                 "cwctype",
                                                 "deque",
                                                 "exception",
                                                 "execution",
                                                 "filesystem",
                                                 "format",
                                                 "forward_list",
                                                 "fstream",
                                                 "functional",
                                                 "future",
                                                 "initializer_list",
                                                 "iomanip",
                                                 "ios",
                                                 "iosfwd",
                                                 "iostream",
                                                 "istream",
                                                 "iterator",
                                                 "latch",
                                                 "limits",
                                                 "list",
                                                 "locale",
                                                 "map",
                                                 "memory",
                                                 "memory_resource",
                                                 "mutex",
                                                 "new",
                                                 "numbers",
                                                 "numeric",
                                                 "optional",
                                                 "ostream",
                                                 "queue",
                                                 "random",
                                                 "ranges",
                                                 "ratio",
                                                 "regex",
                                                 "scoped_allocator",
                                                 "semaphore",
                                                 "set",
                                                 "shared_mutex",
                                                 "source_location",
                                                 "span",
                                                 "sstream",
                                                 "stack",
                                                 "stdexcept",
                                                 "stop_token",
                                                 "streambuf",
                                                 "string",
                                                 "string_view",
                                                 "strstream",
                                                 "syncstream",
                                                 "system_error",
                                                 "thread",
                                                 "tuple",
                                                 "type_traits",
                                                 "typeindex",
                                                 "typeinfo",
                                                 "unordered_map",
                                                 "unordered_set",
                                                 "utility",
                                                 "valarray",
                                                 "variant",
                                                 "vector",
                                                 "version",
                                                 "cstdbool",
                                                 "ctgmath",
                                                 "cstdalign",
                                                 "ciso646",
                                                 "ccomplex",
                                                 "stdatomic.h"};

bool is_standard_header(std::string_view name) {
  return std::find(std::begin(kStandardHeaders), std::end(kStandardHeaders), name) != std::end(kStandardHeaders);
}

}  // namespace

std::vector<std::string> prelude_includes(std::string_view source) {
  std::vector<std::string> includes;
  for (const IncludeLine& line : include_lines(source)) {
    if (line.directive != "include" || !line.angled || line.target.empty()) continue;
    const std::string name(line.target);
    if (is_standard_header(name) && std::find(includes.begin(), includes.end(), name) == includes.end())
      includes.push_back(name);
  }
  return includes;
}

std::string prelude_source(const std::vector<std::string>& includes) {
  std::string source = "// Generated by strata-gen: the headers its scan precompiles.\n#pragma once\n";
  for (const std::string& include : includes) source += "#include <" + include + ">\n";
  return source;
}

PreludeCache::PreludeCache(fs::path dir, std::vector<std::string> arguments)
    : dir_(std::move(dir)), arguments_(std::move(arguments)) {}

std::optional<fs::path> PreludeCache::pch_for(const std::vector<std::string>& includes, bool rebuild) const {
  // Named after everything the precompiled header depends on but the headers' own timestamps,
  // which clang checks when it loads it.
  const std::string source = prelude_source(includes);
  std::string key = clang::take(clang_getClangVersion()) + "\n" + source;
  for (const std::string& argument : arguments_) key += "\n" + argument;
  const std::string stem = "prelude-" + sha256_hex(key).substr(0, 16);
  const fs::path header = dir_ / (stem + ".hpp");
  const fs::path pch = dir_ / (stem + ".pch");
  const fs::path inputs = input_list_of(pch);

  std::error_code error;
  if (!rebuild && fs::exists(pch, error) && fs::exists(inputs, error)) return pch;
  fs::create_directories(dir_, error);
  if (!rebuild && !fs::exists(header, error)) {
    // First use of this prelude: precompiling costs more than the plain parse it would save once
    // (bench/RESULTS.md), and a fresh build tree that scans once, as CI's does, would only pay for
    // it. The header marks it wanted; the next scan that needs it precompiles it.
    if (write_cache_file(header, source)) remove_other_preludes(stem);
    return std::nullopt;
  }
  if (!fs::exists(header, error) && !write_cache_file(header, source)) return std::nullopt;

  std::vector<const char*> argv = {"-x", "c++-header"};
  for (const std::string& argument : arguments_) argv.push_back(argument.c_str());
  CXTranslationUnit raw = nullptr;
  const std::string header_path = header.string();
  const clang::IndexHandle index(clang_createIndex(/*excludeDeclarationsFromPCH=*/0, /*displayDiagnostics=*/0));
  const CXErrorCode code = clang_parseTranslationUnit2(
      index.get(), header_path.c_str(), argv.data(), static_cast<int>(argv.size()), nullptr, 0,
      CXTranslationUnit_Incomplete | CXTranslationUnit_ForSerialization | CXTranslationUnit_SkipFunctionBodies, &raw);
  const clang::TranslationUnitHandle unit(raw);  // disposed of before the index
  if (code != CXError_Success || !unit || clang::has_errors(unit.get())) return std::nullopt;
  // The files it holds, for the scan cache: a scan that loads the prelude does not list them.
  std::string input_list;
  clang_getInclusions(
      unit.get(),
      [](CXFile file, CXSourceLocation*, unsigned, CXClientData data) {
        std::error_code ignored;
        *static_cast<std::string*>(data) +=
            fs::weakly_canonical(fs::path(clang::take(clang_getFileName(file))), ignored).string() + "\n";
      },
      &input_list);
  if (!write_cache_file(inputs, input_list)) return std::nullopt;
  const fs::path temporary = pch.string() + ".tmp." + std::to_string(::getpid());
  if (clang_saveTranslationUnit(unit.get(), temporary.c_str(), clang_defaultSaveOptions(unit.get())) !=
      CXSaveError_None) {
    fs::remove(temporary, error);
    return std::nullopt;
  }
  fs::rename(temporary, pch, error);
  if (error) {
    fs::remove(temporary, error);
    return std::nullopt;
  }
  remove_other_preludes(stem);
  return pch;
}

// A cache directory serves one migration set, whose models need one prelude at a time: the
// others (an include since removed, an older toolchain) would only pile up, ~7 MB each. A scan
// still loading one of them falls back to a plain parse.
void PreludeCache::remove_other_preludes(const std::string& current_stem) const {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir_, error)) {
    const fs::path& path = entry.path();
    const std::string name = path.filename().string();
    const bool prelude_file = name.starts_with("prelude-") && (path.extension() == ".pch" || path.extension() == ".hpp" ||
                                                               path.extension() == ".inputs");
    if (prelude_file && path.stem().string() != current_stem) fs::remove(path, error);
  }
}

fs::path PreludeCache::input_list_of(const fs::path& pch) {
  fs::path inputs = pch;
  return inputs.replace_extension(".inputs");
}

std::optional<std::vector<std::string>> PreludeCache::inputs_of(const fs::path& pch) {
  const std::optional<std::string> list = read_cache_file(input_list_of(pch));
  if (!list) return std::nullopt;
  std::vector<std::string> inputs;
  for (std::string_view input : split_nonempty(*list, '\n')) inputs.emplace_back(input);
  return inputs;
}

}  // namespace strata
