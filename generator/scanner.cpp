#include "generator/scanner.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <type_traits>

#include "core/find_named.hpp"
#include "core/in_quotes.hpp"
#include "core/lint_rules.hpp"
#include "core/naming.hpp"
#include "core/sql_type.hpp"
#include "generator/annotation.hpp"
#include "generator/background_job.hpp"
#include "generator/cache_file.hpp"
#include "generator/clang_handles.hpp"
#include "generator/prelude_cache.hpp"
#include "generator/type_mapper.hpp"
#include "generator/unit_scan.hpp"

namespace strata {

namespace fs = std::filesystem;

std::string normalized_path(const std::string& path) {
  if (path.empty()) return path;
  return fs::absolute(fs::path(path)).lexically_normal().string();
}

std::vector<std::string> scan_arguments(const ScanOptions& options) {
  std::vector<std::string> arguments = {"-std=c++20", "-I", STRATA_INCLUDE_DIR, "-resource-dir",
                                        STRATA_CLANG_RESOURCE_DIR};
  for (const std::string& dir : options.include_dirs) {
    arguments.push_back("-I");
    arguments.push_back(dir);
  }
  arguments.insert(arguments.end(), options.compile_options.begin(), options.compile_options.end());
  return arguments;
}

namespace {

// Calls `visit(child)` for each child of `parent`; `visit` returns a CXChildVisitResult.
template <typename Visit>
void visit_children(CXCursor parent, Visit&& visit) {
  clang_visitChildren(
      parent,
      [](CXCursor child, CXCursor, CXClientData data) {
        return (*static_cast<std::remove_reference_t<Visit>*>(data))(child);
      },
      &visit);
}

// An annotation as found on a declaration.
struct FoundAnnotation {
  Annotation annotation;
  std::string call;  // macro_call(annotation), for messages
};

// Frees parsed units, each with its index, on a thread of its own: freeing the AST of the
// standard library and a thousand tables takes ~10 ms that the scan's caller spends on its own
// work meanwhile. The next scan and the process's exit wait for it.
BackgroundJob& unit_disposer() {
  static BackgroundJob disposer;
  return disposer;
}

class ModelScanner {
 public:
  ModelScanner(const ScanOptions& options, std::vector<std::string> headers, const std::set<std::string>* owned_files)
      : options_(options), headers_(std::move(headers)), owned_files_(owned_files) {}

  // The unit first, then its index.
  void dispose_in_background() {
    unit_disposer().start([unit = std::move(unit_), index = std::move(index_)]() mutable {
      unit.reset();
      index.reset();
    });
  }

  UnitScan run() {
    umbrella_path_ = normalized_path("strata-models-umbrella.cpp");
    for (const UnsavedFile& file : options_.unsaved_files) unsaved_paths_.insert(normalized_path(file.path));
    if (!parse()) return std::move(unit_scan_);
    collect_dependencies();
    if (has_errors(unit_scan_.parse.diagnostics)) return std::move(unit_scan_);

    collect_declarations(clang_getTranslationUnitCursor(unit_.get()));
    for (CXCursor enum_declaration : enums_) scan_enum(enum_declaration);
    for (CXCursor record : records_)
      if (!owned_files_ || owned_files_->count(location_of(record).file)) scan_record(record);
    for (const std::string& file : file_order_) {
      if (owned_files_ && !owned_files_->count(file)) continue;
      FileScan& scanned = files_[file];
      if (scanned == FileScan{}) continue;  // structs and enums without Strata annotations
      unit_scan_.files.emplace_back(file, std::move(scanned));
    }
    return std::move(unit_scan_);
  }

 private:
  // ---- parsing ----

  bool parse() {
    std::string umbrella;
    for (const std::string& header : headers_) {
      std::string escaped;
      for (char c : normalized_path(header)) {
        if (c == '"' || c == '\\') escaped += '\\';
        escaped += c;
      }
      umbrella += "#include \"" + escaped + "\"\n";
    }

    const std::vector<std::string> arguments = scan_arguments(options_);

    std::vector<std::string> unsaved_names;
    for (const UnsavedFile& file : options_.unsaved_files) unsaved_names.push_back(normalized_path(file.path));
    std::vector<CXUnsavedFile> unsaved;
    unsaved.push_back(CXUnsavedFile{umbrella_path_.c_str(), umbrella.c_str(), umbrella.size()});
    for (std::size_t i = 0; i < options_.unsaved_files.size(); ++i)
      unsaved.push_back(CXUnsavedFile{unsaved_names[i].c_str(), options_.unsaved_files[i].contents.c_str(),
                                      options_.unsaved_files[i].contents.size()});

    // Declarations from the precompiled prelude are not the models': visiting the unit skips them.
    index_ = clang::IndexHandle(clang_createIndex(/*excludeDeclarationsFromPCH=*/1, /*displayDiagnostics=*/0));
    std::optional<fs::path> pch;
    const std::vector<std::string> includes = prelude_includes_of_models();
    std::optional<PreludeCache> cache;
    if (!options_.prelude_cache_dir.empty() && !includes.empty()) {
      cache.emplace(options_.prelude_cache_dir, arguments);
      pch = cache->pch_for(includes);
    }
    CXErrorCode code = parse_unit(arguments, unsaved, pch);
    prelude_ = pch;
    if (pch && (code != CXError_Success || !unit_ || clang::has_errors(unit_.get()))) {
      prelude_.reset();
      // A stale prelude (a system header updated since) or models with errors: the result must
      // not depend on the cache, so parse without it, and refresh the prelude when that worked.
      code = parse_unit(arguments, unsaved, std::nullopt);
      if (code == CXError_Success && unit_ && !clang::has_errors(unit_.get()))
        cache->pch_for(includes, /*rebuild=*/true);
    }
    if (code != CXError_Success || !unit_) {
      error(SourceLocation{},
            "libclang could not parse the model headers (error code " + std::to_string(static_cast<int>(code)) + ")");
      return false;
    }

    unsigned count = clang_getNumDiagnostics(unit_.get());
    for (unsigned i = 0; i < count; ++i) {
      clang::DiagnosticHandle diagnostic(clang_getDiagnostic(unit_.get(), i));
      CXDiagnosticSeverity severity = clang_getDiagnosticSeverity(diagnostic.get());
      if (severity != CXDiagnostic_Error && severity != CXDiagnostic_Fatal) continue;
      SourceLocation location = location_of(clang_getDiagnosticLocation(diagnostic.get()));
      if (location.file == umbrella_path_) location = SourceLocation{};  // e.g. a header that does not exist
      error(location, clang::take(clang_getDiagnosticSpelling(diagnostic.get())));
    }
    return true;
  }

  CXErrorCode parse_unit(const std::vector<std::string>& arguments, std::vector<CXUnsavedFile>& unsaved,
                         const std::optional<fs::path>& pch) {
    std::vector<const char*> argv = {"-x", "c++"};
    for (const std::string& argument : arguments) argv.push_back(argument.c_str());
    const std::string pch_path = pch ? pch->string() : "";
    if (pch) argv.insert(argv.end(), {"-include-pch", pch_path.c_str()});
    // Only declarations matter: skip function bodies, and do no end-of-unit template work.
    const unsigned flags = CXTranslationUnit_SkipFunctionBodies | CXTranslationUnit_Incomplete;
    unit_.reset();
    file_paths_.clear();  // CXFile handles belong to the unit
    CXTranslationUnit unit = nullptr;
    const CXErrorCode code =
        clang_parseTranslationUnit2(index_.get(), umbrella_path_.c_str(), argv.data(), static_cast<int>(argv.size()),
                                    unsaved.data(), static_cast<unsigned>(unsaved.size()), flags, &unit);
    unit_ = clang::TranslationUnitHandle(unit);
    return code;
  }

  // The prelude's headers: those the model headers themselves include (see prelude_cache.hpp).
  std::vector<std::string> prelude_includes_of_models() const {
    std::string sources;
    for (const std::string& header : options_.headers) {
      const std::string path = normalized_path(header);
      auto unsaved = std::find_if(options_.unsaved_files.begin(), options_.unsaved_files.end(),
                                  [&](const UnsavedFile& file) { return normalized_path(file.path) == path; });
      if (unsaved != options_.unsaved_files.end()) {
        sources += unsaved->contents;
      } else if (const std::optional<std::string> text = read_cache_file(path)) {
        sources += *text;  // one that cannot be read includes nothing here; the parse reports it
      }
      sources += '\n';
    }
    return prelude_includes(sources);
  }

  void collect_dependencies() {
    // System headers are left out, as gcc's -MMD does: they change with the toolchain, not the
    // models, and stat()ing hundreds of them would slow every no-op build.
    // The scan cache still needs to know them, to notice a toolchain update.
    struct Visit {
      CXTranslationUnit unit;
      std::set<std::string> files;
      std::set<std::string> system_files;
    } visit_data{unit_.get(), {}, {}};
    auto visit = [](CXFile file, CXSourceLocation*, unsigned, CXClientData data) {
      auto& state = *static_cast<Visit*>(data);
      const bool system = clang_Location_isInSystemHeader(clang_getLocationForOffset(state.unit, file, 0));
      (system ? state.system_files : state.files).insert(clang::take(clang_getFileName(file)));
    };
    clang_getInclusions(unit_.get(), visit, &visit_data);
    for (const std::string& file : visit_data.system_files) {
      std::error_code ignored;  // resolved as the dependencies are, below
      unit_scan_.system_files.push_back(fs::weakly_canonical(fs::path(file), ignored).string());
    }
    if (prelude_) {
      if (std::optional<std::vector<std::string>> inputs = PreludeCache::inputs_of(*prelude_))
        unit_scan_.system_files.insert(unit_scan_.system_files.end(), inputs->begin(), inputs->end());
      else
        unit_scan_.system_files_known = false;
    }
    const std::set<std::string>& files = visit_data.files;
    for (const std::string& file : files) {
      const std::string path = normalized_path(file);
      if (path == umbrella_path_ || unsaved_paths_.count(path)) continue;
      // Resolved through symlinks: toolchain paths such as .../12/../../../../include are only
      // lexically shorter, and a depfile entry that names no real file makes every build dirty.
      std::error_code ignored;
      const fs::path real = fs::weakly_canonical(fs::path(file), ignored);
      unit_scan_.parse.dependencies.push_back(real.empty() ? path : real.string());
    }
    std::sort(unit_scan_.parse.dependencies.begin(), unit_scan_.parse.dependencies.end());
    unit_scan_.parse.dependencies.erase(std::unique(unit_scan_.parse.dependencies.begin(), unit_scan_.parse.dependencies.end()),
                               unit_scan_.parse.dependencies.end());
  }

  // Struct and enum definitions outside system headers, in namespaces and nested in structs.
  // Namespace-level definitions are also noted by name (FileScan::definitions).
  void collect_declarations(CXCursor parent, bool namespace_level = true) {
    visit_children(parent, [this, namespace_level](CXCursor cursor) {
      if (clang_Location_isInSystemHeader(clang_getCursorLocation(cursor))) return CXChildVisit_Continue;
      switch (cursor.kind) {
        case CXCursor_Namespace:
        case CXCursor_LinkageSpec: collect_declarations(cursor, namespace_level); break;
        case CXCursor_StructDecl:
        case CXCursor_ClassDecl:
          if (clang_isCursorDefinition(cursor)) {
            note_file_of(cursor);
            if (namespace_level) note_definition(cursor);
            records_.push_back(cursor);
            collect_declarations(cursor, false);
          }
          break;
        case CXCursor_EnumDecl:
          if (clang_isCursorDefinition(cursor)) {
            note_file_of(cursor);
            if (namespace_level) note_definition(cursor);
            enums_.push_back(cursor);
          }
          break;
        case CXCursor_UnionDecl:
        case CXCursor_VarDecl:
        case CXCursor_FunctionDecl:
        case CXCursor_ClassTemplate:
        case CXCursor_FunctionTemplate:
          if (namespace_level && clang_isCursorDefinition(cursor)) {
            note_file_of(cursor);
            note_definition(cursor);
          }
          break;
        case CXCursor_TypedefDecl:
        case CXCursor_TypeAliasDecl:
          if (namespace_level) {
            note_file_of(cursor);
            note_definition(cursor, clang::take(clang_getTypeSpelling(
                                        clang_getCanonicalType(clang_getTypedefDeclUnderlyingType(cursor)))));
          }
          break;
        default: break;
      }
      return CXChildVisit_Continue;
    });
  }

  // A name defined twice is an error only a parse of both files finds; an alias may be declared
  // again, as the same type.
  void note_definition(CXCursor cursor, const std::string& aliased = "") {
    std::string name = clang::take(clang_getCursorUSR(cursor));
    if (!aliased.empty()) name += " = " + aliased;
    file_scan_of(cursor).definitions.push_back(std::move(name));
  }

  // ---- diagnostics ----

  SourceLocation location_of(CXSourceLocation location) {
    CXFile file = nullptr;
    unsigned line = 0, column = 0;
    clang_getExpansionLocation(location, &file, &line, &column, nullptr);
    if (!file) return SourceLocation{};
    // Normalized once per file: every member records its location (9000 normalizations at 1000
    // tables cost a tenth of the scan's own work, bench/RESULTS.md, session 21).
    auto [path, inserted] = file_paths_.try_emplace(file);
    if (inserted) path->second = normalized_path(clang::take(clang_getFileName(file)));
    return SourceLocation{path->second, line, column};
  }
  SourceLocation location_of(CXCursor cursor) { return location_of(clang_getCursorLocation(cursor)); }

  void error(SourceLocation location, std::string message) {
    (out_ ? out_->diagnostics : unit_scan_.parse.diagnostics)
        .push_back(Diagnostic{Diagnostic::Severity::Error, std::move(location), std::move(message)});
  }

  // ---- annotations ----

  // The Strata annotations of `declaration`, in source order; unknown keys, keys not allowed on
  // `target` and non-repeatable keys given twice are reported and left out.
  std::vector<FoundAnnotation> annotations_of(CXCursor declaration, AnnotationTarget target,
                                              const std::string& subject) {
    std::vector<FoundAnnotation> found;
    visit_children(declaration, [&](CXCursor child) {
      if (child.kind != CXCursor_AnnotateAttr) return CXChildVisit_Continue;
      std::optional<Annotation> annotation = parse_annotation(clang::take(clang_getCursorSpelling(child)));
      if (!annotation) return CXChildVisit_Continue;
      std::string call = macro_call(*annotation);
      bool repeated = !is_repeatable(annotation->key) &&
                      std::any_of(found.begin(), found.end(),
                                  [&](const FoundAnnotation& f) { return f.annotation.key == annotation->key; });
      if (!is_known_annotation(annotation->key))
        error(location_of(declaration), "unknown Strata annotation " + call + " on " + subject);
      else if (!is_allowed_on(annotation->key, target))
        error(location_of(declaration), call + " is not allowed on " + subject);
      else if (repeated)
        error(location_of(declaration), call + " is given more than once on " + subject);
      else
        found.push_back(FoundAnnotation{std::move(*annotation), std::move(call)});
      return CXChildVisit_Continue;
    });
    return found;
  }

  static const FoundAnnotation* find(const std::vector<FoundAnnotation>& annotations, std::string_view key) {
    auto it = std::find_if(annotations.begin(), annotations.end(),
                           [&](const FoundAnnotation& f) { return f.annotation.key == key; });
    return it == annotations.end() ? nullptr : &*it;
  }

  // The parsed value of `found`, or nullopt after reporting "<call> on <subject>: <why>".
  template <typename T>
  std::optional<T> value_of(const FoundAnnotation& found, Parsed<T> (*parser)(std::string_view), CXCursor declaration,
                            const std::string& subject) {
    Parsed<T> parsed = parser(found.annotation.value.value_or(""));
    if (!parsed.value) error(location_of(declaration), found.call + " on " + subject + ": " + parsed.error);
    return parsed.value;
  }

  // STRATA_ALLOW("rule") on `key` (a table or column): a known lint rule, else an error.
  void allow_rule(const FoundAnnotation& found, CXCursor declaration, const std::string& subject,
                  const std::string& key) {
    std::optional<std::string> rule = value_of(found, parse_text, declaration, subject);
    if (!rule) return;
    const std::vector<std::string_view>& known = lint_rule_names();
    if (std::find(known.begin(), known.end(), *rule) == known.end()) {
      std::string names;
      for (std::string_view name : known) names += (names.empty() ? "" : ", ") + std::string(name);
      error(location_of(declaration),
            found.call + " on " + subject + ": unknown rule '" + *rule + "' (rules: " + names + ")");
      return;
    }
    out_->allowed_rules[key].insert(*rule);
  }

  std::string schema_of(const std::vector<FoundAnnotation>& annotations, CXCursor declaration,
                        const std::string& subject) {
    const FoundAnnotation* schema = find(annotations, "schema");
    if (!schema) return "public";
    if (schema->annotation.value.value_or("").empty()) {
      error(location_of(declaration), "empty schema name in " + schema->call + " on " + subject);
      return "public";
    }
    return value_of(*schema, parse_name, declaration, subject).value_or("public");
  }

  // A struct or enum that declares a table or an enum type (`kind`): what its annotations name.
  struct Declared {
    std::string subject;  // "struct \"Orders\"", for messages
    std::vector<FoundAnnotation> annotations;
    std::string name;
    std::string schema;
    std::string key;  // schema.name
    SourceLocation location;
  };

  // Nothing when `declaration` has no Strata annotation, or (reported) lacks the `kind` one
  // (STRATA_TABLE, STRATA_ENUM), names nothing valid, or repeats a key declared before.
  std::optional<Declared> declared(CXCursor declaration, AnnotationTarget target, const std::string& noun,
                                   const std::string& kind, const std::string& macro) {
    out_ = &file_scan_of(declaration);
    Declared out;
    out.subject = noun + " " + in_quotes(clang::take(clang_getCursorSpelling(declaration)));
    out.annotations = annotations_of(declaration, target, out.subject);
    if (out.annotations.empty()) return std::nullopt;
    const FoundAnnotation* kind_annotation = find(out.annotations, kind);
    if (!kind_annotation) {
      error(location_of(declaration), out.annotations.front().call + " on " + out.subject + " without " + macro);
      return std::nullopt;
    }
    std::optional<std::string> name = value_of(*kind_annotation, parse_name, declaration, out.subject);
    out.schema = schema_of(out.annotations, declaration, out.subject);
    if (!name) return std::nullopt;
    out.name = *name;
    out.key = qualified(out.schema, out.name);
    out.location = location_of(declaration);
    if (auto previous = out_->locations.find(out.key); previous != out_->locations.end()) {
      error(out.location,
            "duplicate " + kind + " " + in_quotes(out.key) + " (first declared at " + describe(previous->second) + ")");
      return std::nullopt;
    }
    out_->locations[out.key] = out.location;
    return out;
  }

  // Files are merged in the order the unit declares their first struct or enum.
  void note_file_of(CXCursor declaration) {
    const std::string file = location_of(declaration).file;
    if (files_.try_emplace(file).second) file_order_.push_back(file);
  }

  // The part of the scan of the file that declares `declaration`.
  FileScan& file_scan_of(CXCursor declaration) { return files_[location_of(declaration).file]; }

  // ---- enums ----

  void scan_enum(CXCursor declaration) {
    const std::optional<Declared> found = declared(declaration, AnnotationTarget::Enum, "enum", "enum", "STRATA_ENUM");
    if (!found) return;
    const std::string& subject = found->subject;
    const std::string& schema = found->schema;
    const std::string& name = found->name;
    if (const FoundAnnotation* renamed = find(found->annotations, "renamed_from"))
      if (auto old_name = value_of(*renamed, parse_name, declaration, subject))
        out_->renames.enums[found->key] = *old_name;

    EnumType enum_type{name, {}};
    visit_children(declaration, [&](CXCursor child) {
      if (child.kind != CXCursor_EnumConstantDecl) return CXChildVisit_Continue;
      const std::string enumerator = clang::take(clang_getCursorSpelling(child));
      const std::string label_subject = "enumerator " + in_quotes(enumerator) + " of " + subject;
      const std::vector<FoundAnnotation> label_annotations =
          annotations_of(child, AnnotationTarget::Enumerator, label_subject);
      std::string label = enumerator;
      if (const FoundAnnotation* sql_label = find(label_annotations, "label"))
        label = value_of(*sql_label, parse_text, child, label_subject).value_or(enumerator);
      if (std::find(enum_type.labels.begin(), enum_type.labels.end(), label) != enum_type.labels.end()) {
        error(location_of(child), label_subject + ": label " + in_quotes(label) + " is given twice");
        return CXChildVisit_Continue;
      }
      const std::string label_key = qualified(schema, name, label);
      out_->locations[label_key] = location_of(child);
      if (const FoundAnnotation* renamed = find(label_annotations, "renamed_from"))
        if (auto old_label = value_of(*renamed, parse_name, child, label_subject))
          out_->renames.enum_labels[label_key] = *old_label;
      enum_type.labels.push_back(label);
      return CXChildVisit_Continue;
    });
    enum_types_[clang::take(clang_getCursorUSR(declaration))] = enum_sql_type(schema, name);
    out_->graph.schema(schema).enums.push_back(std::move(enum_type));
  }

  // ---- tables ----

  struct TableBeingScanned {
    std::string schema;
    Table table;
    std::vector<std::string> member_pk;  // columns marked STRATA_PK, in declaration order
    std::map<std::string, SourceLocation> columns_seen;
  };

  // The data members of `record`, those of its base classes first.
  static void collect_fields(CXCursor record, std::vector<CXCursor>& fields) {
    std::vector<CXCursor> own;
    visit_children(record, [&](CXCursor child) {
      if (child.kind == CXCursor_CXXBaseSpecifier) {
        CXCursor base = clang_getTypeDeclaration(clang_getCanonicalType(clang_getCursorType(child)));
        if (!clang_Cursor_isNull(base)) collect_fields(base, fields);
      } else if (child.kind == CXCursor_FieldDecl) {
        own.push_back(child);
      }
      return CXChildVisit_Continue;
    });
    fields.insert(fields.end(), own.begin(), own.end());
  }

  // STRATA_DISTRIBUTED_BY / STRATA_COLOCATE_WITH / STRATA_REFERENCE_TABLE of a struct; a
  // colocation target without a schema is in the table's schema.
  std::optional<Distribution> distribution_of(const std::vector<FoundAnnotation>& annotations, CXCursor record,
                                              const Declared& declared_table) {
    const FoundAnnotation* distributed_by = find(annotations, "distributed_by");
    const FoundAnnotation* colocate_with = find(annotations, "colocate_with");
    const FoundAnnotation* reference = find(annotations, "reference_table");
    const std::string& subject = declared_table.subject;
    if (reference && (distributed_by || colocate_with)) {
      error(declared_table.location, "table " + in_quotes(declared_table.key) + " is STRATA_REFERENCE_TABLE and " +
                                         (distributed_by ? distributed_by : colocate_with)->call +
                                         "; a table is either distributed or a reference table");
      return std::nullopt;
    }
    if (reference) return Distribution{Distribution::Kind::Reference, "", ""};
    if (colocate_with && !distributed_by) {
      error(declared_table.location, colocate_with->call + " on " + subject +
                                         " without STRATA_DISTRIBUTED_BY; only a distributed table is colocated");
      return std::nullopt;
    }
    if (!distributed_by) return std::nullopt;
    std::optional<std::string> column = value_of(*distributed_by, parse_name, record, subject);
    if (!column) return std::nullopt;
    Distribution distribution{Distribution::Kind::Distributed, *column, ""};
    if (colocate_with) {
      std::optional<std::string> target = value_of(*colocate_with, parse_name, record, subject);
      if (!target) return std::nullopt;
      distribution.colocate_with =
          target->find('.') == std::string::npos ? qualified(declared_table.schema, *target) : *target;
    }
    return distribution;
  }

  void scan_record(CXCursor record) {
    const std::optional<Declared> declared_table =
        declared(record, AnnotationTarget::Struct, "struct", "table", "STRATA_TABLE");
    if (!declared_table) return;
    const std::string& subject = declared_table->subject;
    const std::string& schema = declared_table->schema;
    const std::string& table_key = declared_table->key;
    const SourceLocation& location = declared_table->location;

    TableBeingScanned scanned;
    scanned.schema = schema;
    scanned.table.name = declared_table->name;
    std::set<std::string> struct_foreign_keys;  // declared by STRATA_FOREIGN_KEY

    std::vector<CXCursor> fields;
    collect_fields(record, fields);
    scanned.table.columns.reserve(fields.size());
    for (CXCursor field : fields) scan_member(scanned, field);

    Table& table = scanned.table;
    table.primary_key.name = primary_key_name(table.name);
    table.primary_key.columns = scanned.member_pk;
    for (const FoundAnnotation& found : declared_table->annotations) {
      const std::string& key = found.annotation.key;
      if (key == "primary_key") {
        if (!scanned.member_pk.empty()) {
          error(location, "table " + in_quotes(table_key) + " has both STRATA_PK members and " + found.call +
                              "; declare the primary key one way");
        }
        if (auto columns = value_of(found, parse_column_list, record, subject)) table.primary_key.columns = *columns;
      } else if (key == "unique_together") {
        if (auto named = value_of(found, parse_named_columns, record, subject))
          table.uniques.push_back(UniqueConstraint{named->name, named->columns});
      } else if (key == "index" || key == "unique_index") {
        if (auto named = value_of(found, parse_named_index_keys, record, subject))
          table.indexes.push_back(Index{named->name, named->columns, key == "unique_index"});
      } else if (key == "foreign_key") {
        if (auto fk = value_of(found, parse_composite_foreign_key, record, subject)) {
          table.foreign_keys.push_back(
              ForeignKey{fk->name, fk->columns, fk->schema.value_or(schema), fk->table, fk->ref_columns});
          struct_foreign_keys.insert(fk->name);
        }
      } else if (key == "check_table") {
        if (auto named = value_of(found, parse_named_expression, record, subject))
          table.checks.push_back(CheckConstraint{named->name, named->expression});
      } else if (key == "row_security") {
        table.row_security = true;
      } else if (key == "policy") {
        if (auto policy = value_of(found, parse_policy, record, subject)) add_policy(table, *policy, found, location);
      } else if (key == "comment") {
        table.comment = value_of(found, parse_text, record, subject);
      } else if (key == "renamed_from") {
        if (auto old_name = value_of(found, parse_name, record, subject)) out_->renames.tables[table_key] = *old_name;
      } else if (key == "allow") {
        allow_rule(found, record, subject, table_key);
      }
    }
    complete_indexes_and_keys(declared_table->annotations, record, subject, table, struct_foreign_keys);
    table.distribution = distribution_of(declared_table->annotations, record, *declared_table);
    // WITH CHECK and roles name their policy: read after every STRATA_POLICY of the struct.
    for (const FoundAnnotation& found : declared_table->annotations) {
      const std::string& key = found.annotation.key;
      if (key == "policy_check") {
        if (auto named = value_of(found, parse_named_expression, record, subject))
          if (Policy* policy = declared_policy(table, named->name, found, location)) {
            if (policy->command == "SELECT" || policy->command == "DELETE")
              error(location, found.call + ": a " + policy->command + " policy has no WITH CHECK");
            else
              policy->check_expr = named->expression;
          }
      } else if (key == "policy_roles") {
        if (auto named = value_of(found, parse_named_roles, record, subject))
          if (Policy* policy = declared_policy(table, named->name, found, location)) set_roles(*policy, *named, found, location);
      }
    }
    if (!table.row_security && !table.policies.empty())
      error(location, "policy " + in_quotes(table.policies.front().name) + " on table " + in_quotes(table_key) +
                          ", which has no STRATA_ROW_SECURITY (PostgreSQL would not apply it)");
    out_->graph.schema(schema).tables.push_back(std::move(table));
  }

  void add_policy(Table& table, const PolicyDeclaration& declared, const FoundAnnotation& found,
                  const SourceLocation& location) {
    if (find_named(table.policies, declared.name)) {
      error(location, found.call + ": policy " + in_quotes(declared.name) + " is declared twice");
      return;
    }
    if (declared.command == "INSERT" && declared.using_expr) {
      error(location, found.call + ": an INSERT policy has no USING; give \"\" and STRATA_POLICY_CHECK");
      return;
    }
    if (declared.command != "INSERT" && !declared.using_expr) {
      error(location, found.call + ": the USING expression is empty (only an INSERT policy has none)");
      return;
    }
    table.policies.push_back(Policy{declared.name, declared.command, declared.using_expr, std::nullopt, {}});
  }

  Policy* declared_policy(Table& table, const std::string& name, const FoundAnnotation& found,
                          const SourceLocation& location) {
    Policy* policy = find_named(table.policies, name);
    if (!policy) error(location, found.call + " names policy " + in_quotes(name) + ", which no STRATA_POLICY declares");
    return policy;
  }

  // PUBLIC (any spelling) alone is the default, an empty list; with other roles it is refused
  // rather than quoted into a role of that name.
  void set_roles(Policy& policy, const NamedRoles& named, const FoundAnnotation& found, const SourceLocation& location) {
    std::vector<std::string> roles;
    for (const std::string& role : named.roles) {
      std::string lower = role;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower != "public") roles.push_back(role);
    }
    if (!roles.empty() && roles.size() != named.roles.size())
      error(location, found.call + ": PUBLIC includes every role; give it alone");
    if (!policy.roles.empty()) error(location, found.call + ": the roles of policy " + in_quotes(policy.name) + " are given twice");
    policy.roles = std::move(roles);
  }

  // The struct annotations that complete an index, a unique constraint or a foreign key declared
  // on the struct by its name: STRATA_INDEX_WHERE/_USING/_INCLUDE, STRATA_NULLS_NOT_DISTINCT,
  // STRATA_FOREIGN_KEY_ON_DELETE/_ON_UPDATE. Each may be given once per name.
  void complete_indexes_and_keys(const std::vector<FoundAnnotation>& annotations, CXCursor record,
                                 const std::string& subject, Table& table, const std::set<std::string>& struct_fks) {
    const SourceLocation location = location_of(record);
    std::set<std::pair<std::string, std::string>> seen;  // (key, name)
    const auto once = [&](const FoundAnnotation& found, const std::string& name) {
      if (seen.emplace(found.annotation.key, name).second) return true;
      error(location, found.call + " on " + subject + ": given twice for " + in_quotes(name));
      return false;
    };
    const auto index_named = [&](const FoundAnnotation& found, const std::string& name) -> Index* {
      auto it =
          std::find_if(table.indexes.begin(), table.indexes.end(), [&](const Index& i) { return i.name == name; });
      if (it == table.indexes.end()) {
        error(location, found.call + " on " + subject + ": no STRATA_INDEX or STRATA_UNIQUE_INDEX named " +
                            in_quotes(name) + " on it");
        return nullptr;
      }
      return once(found, name) ? &*it : nullptr;
    };
    for (const FoundAnnotation& found : annotations) {
      const std::string& key = found.annotation.key;
      if (key == "index_where") {
        if (auto named = value_of(found, parse_named_expression, record, subject))
          if (Index* index = index_named(found, named->name)) index->where = named->expression;
      } else if (key == "index_using") {
        if (auto named = value_of(found, parse_index_method, record, subject))
          if (Index* index = index_named(found, named->index)) index->method = named->method;
      } else if (key == "index_include") {
        if (auto named = value_of(found, parse_named_columns, record, subject))
          if (Index* index = index_named(found, named->name)) index->include = named->columns;
      } else if (key == "nulls_not_distinct") {
        const std::optional<std::string> name = value_of(found, parse_name, record, subject);
        if (!name) continue;
        auto unique = std::find_if(table.uniques.begin(), table.uniques.end(),
                                   [&](const UniqueConstraint& u) { return u.name == *name; });
        auto index = std::find_if(table.indexes.begin(), table.indexes.end(),
                                  [&](const Index& i) { return i.name == *name && i.unique; });
        if (unique == table.uniques.end() && index == table.indexes.end())
          error(location, found.call + " on " + subject + ": no unique constraint or unique index named " +
                              in_quotes(*name) + " on it");
        else if (once(found, *name))
          (unique != table.uniques.end() ? unique->nulls_not_distinct : index->nulls_not_distinct) = true;
      } else if (key == "foreign_key_on_delete" || key == "foreign_key_on_update") {
        const auto named = value_of(found, parse_named_fk_action, record, subject);
        if (!named) continue;
        auto fk = std::find_if(table.foreign_keys.begin(), table.foreign_keys.end(),
                               [&](const ForeignKey& f) { return f.name == named->name; });
        if (fk == table.foreign_keys.end() || !struct_fks.count(named->name))
          error(location,
                found.call + " on " + subject + ": no STRATA_FOREIGN_KEY named " + in_quotes(named->name) + " on it");
        else if (once(found, named->name))
          (key == "foreign_key_on_delete" ? fk->on_delete : fk->on_update) = named->action;
      }
    }
  }

  // map_type of a member's type. A mapping depends on the canonical type alone, so one found
  // serves every member of that type (a thousand tables repeat a dozen types); a failure is not
  // kept, its message spells the member's own type.
  MappedType mapped_type(CXType type) {
    const CXType canonical = clang_getCanonicalType(type);
    const std::pair<CXTypeKind, const void*> key{canonical.kind, canonical.data[0]};
    if (const auto known = mapped_types_.find(key); known != mapped_types_.end()) return known->second;
    MappedType mapped = map_type(type, [this](CXCursor declaration) -> std::optional<std::string> {
      auto it = enum_types_.find(clang::take(clang_getCursorUSR(declaration)));
      if (it == enum_types_.end()) return std::nullopt;
      return it->second;
    });
    if (mapped.error.empty()) mapped_types_.emplace(key, mapped);
    return mapped;
  }

  void scan_member(TableBeingScanned& scanned, CXCursor field) {
    const std::string member = clang::take(clang_getCursorSpelling(field));
    const std::string subject = "member " + in_quotes(member);
    const SourceLocation location = location_of(field);
    std::vector<FoundAnnotation> annotations = annotations_of(field, AnnotationTarget::Member, subject);

    if (find(annotations, "transient")) {
      std::string others;
      for (const FoundAnnotation& found : annotations)
        if (found.annotation.key != "transient") others += (others.empty() ? "" : ", ") + found.call;
      if (!others.empty())
        error(location, "STRATA_TRANSIENT member " + in_quotes(member) +
                            " is not persisted and takes no other annotation (" + others + ")");
      return;
    }

    Table& table = scanned.table;
    Column column;
    column.name = member;
    if (const FoundAnnotation* found = find(annotations, "column"))
      column.name = value_of(*found, parse_name, field, subject).value_or(member);

    const std::string column_key = qualified(scanned.schema, table.name, column.name);
    if (auto previous = scanned.columns_seen.find(column.name); previous != scanned.columns_seen.end()) {
      error(location, "duplicate column " + in_quotes(column.name) + " in table " +
                          in_quotes(qualified(scanned.schema, table.name)) + " (first declared at " +
                          describe(previous->second) + ")");
      return;
    }
    scanned.columns_seen[column.name] = location;
    out_->locations[column_key] = location;

    CXType type = clang_getCursorType(field);
    const FoundAnnotation* explicit_type = find(annotations, "type");
    const FoundAnnotation* length = find(annotations, "length");
    if (explicit_type) {
      if (auto sql_type = value_of(*explicit_type, parse_type, field, subject))
      {
        column.type = canonical_sql_type(*sql_type);
        out_->explicit_types.push_back(ExplicitColumnType{scanned.schema, table.name, column.name});
      }
      column.nullable = optional_value_type(type).has_value();
      if (length)
        error(location, length->call + " on " + subject + " conflicts with " + explicit_type->call +
                            "; write the length in the type");
    } else {
      MappedType mapped = mapped_type(type);
      if (!mapped.error.empty()) error(location, "member " + in_quotes(member) + " " + mapped.error);
      column.type = mapped.sql_type;
      column.nullable = mapped.nullable;
      if (length && mapped.error.empty()) {
        if (!mapped.is_string)
          error(location, length->call + " on " + subject + ": only std::string members take a length");
        else if (auto n = value_of(*length, parse_length, field, subject))
          column.type = "character varying(" + std::to_string(*n) + ")";
      }
    }

    const FoundAnnotation* nullable = find(annotations, "nullable");
    const FoundAnnotation* not_null = find(annotations, "not_null");
    if (nullable && not_null)
      error(location, subject + " has both STRATA_NULLABLE and STRATA_NOT_NULL");
    else if (nullable)
      column.nullable = true;
    else if (not_null)
      column.nullable = false;

    const FoundAnnotation* fk = find(annotations, "fk");
    std::optional<ForeignKey> foreign_key;
    if (fk) {
      if (auto target = value_of(*fk, parse_fk_target, field, subject)) {
        foreign_key = ForeignKey{foreign_key_name(table.name, column.name, target->table),
                                 {column.name},
                                 target->schema.value_or(scanned.schema),
                                 target->table,
                                 {target->column}};
      }
    }

    for (const FoundAnnotation& found : annotations) {
      const std::string& key = found.annotation.key;
      if (key == "pk") {
        scanned.member_pk.push_back(column.name);
      } else if (key == "identity") {
        column.identity = true;
      } else if (key == "unique") {
        table.uniques.push_back(UniqueConstraint{unique_constraint_name(table.name, column.name), {column.name}});
      } else if (key == "indexed") {
        table.indexes.push_back(Index{index_name(table.name, column.name), {column.name}, false});
      } else if (key == "default") {
        column.default_expr = value_of(found, parse_expression, field, subject);
      } else if (key == "generated") {
        column.generated = value_of(found, parse_expression, field, subject);
        for (const char* other : {"default", "identity"})
          if (const FoundAnnotation* conflict = find(annotations, other))
            error(location, found.call + " on " + subject + " conflicts with " + conflict->call +
                                ": a generated column has neither a default nor an identity");
      } else if (key == "check") {
        if (auto expression = value_of(found, parse_expression, field, subject))
          table.checks.push_back(CheckConstraint{check_constraint_name(table.name, column.name), *expression});
      } else if (key == "comment") {
        column.comment = value_of(found, parse_text, field, subject);
      } else if (key == "renamed_from") {
        if (auto old_name = value_of(found, parse_name, field, subject))
          out_->renames.columns[column_key] = *old_name;
      } else if (key == "allow") {
        allow_rule(found, field, subject, column_key);
      } else if (key == "on_delete" || key == "on_update") {
        if (!fk) {
          error(location, found.call + " on " + subject + " without STRATA_FK");
        } else if (auto action = value_of(found, parse_fk_action, field, subject); action && foreign_key) {
          (key == "on_delete" ? foreign_key->on_delete : foreign_key->on_update) = *action;
        }
      }
    }
    if (foreign_key) table.foreign_keys.push_back(std::move(*foreign_key));
    table.columns.push_back(std::move(column));
  }

  const ScanOptions& options_;
  std::vector<std::string> headers_;
  const std::set<std::string>* owned_files_;
  UnitScan unit_scan_;
  std::map<std::string, FileScan> files_;  // by file path
  std::vector<std::string> file_order_;    // the files in the order the unit declared their first enum or table
  FileScan* out_ = nullptr;                // the file of the declaration being scanned
  std::string umbrella_path_;
  std::map<CXFile, std::string> file_paths_;  // location_of's normalized paths; CXFile is stable within the unit
  std::set<std::string> unsaved_paths_;
  clang::IndexHandle index_;  // declared before unit_: the unit is disposed of first
  clang::TranslationUnitHandle unit_;
  std::optional<fs::path> prelude_;  // the precompiled prelude the unit was parsed with
  std::vector<CXCursor> records_;
  std::vector<CXCursor> enums_;
  std::map<std::string, std::string> enum_types_;  // USR of a STRATA_ENUM enum -> its SQL type
  std::map<std::pair<CXTypeKind, const void*>, MappedType> mapped_types_;  // by canonical type (mapped_type)
};

}  // namespace

UnitScan scan_unit(const ScanOptions& options, std::vector<std::string> headers,
                   const std::set<std::string>* owned_files) {
  unit_disposer().wait();  // libclang is never used from two threads at once
  ModelScanner scanner(options, std::move(headers), owned_files);
  UnitScan unit = scanner.run();
  scanner.dispose_in_background();
  return unit;
}

std::string libclang_version() { return clang::take(clang_getClangVersion()); }

}  // namespace strata
