// A ModelGraph written back as annotated C++ model headers (`strata-gen import`), such that
// scanning them gives the same graph: one header per table, <schema>/<table>.hpp, and one for the
// enums of each schema, <schema>/enums.hpp (the layout of models/: a header per topic, the schema
// a directory). Pure: the catalog is read elsewhere (catalog/schema_inspector.hpp); Mustache lays
// out the files, the annotations are written here.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model_graph.hpp"

namespace strata {

struct ModelHeaders {
  std::map<std::string, std::string> files;  // path relative to the output directory -> content
  // What the vocabulary cannot say, one line per object: "schema.table: not imported: why".
  // When not empty, `files` is incomplete and must not be written.
  std::vector<std::string> problems;
};

// `graph` as read from a database (inspect_schemas), its expressions in the server's spelling.
// The structs and enums go into namespace `cpp_namespace`::<schema> ("public" becomes public_).
ModelHeaders write_model_headers(const ModelGraph& graph, const std::string& cpp_namespace);

// The C++ member type that maps to `sql_type` (canonical spelling) without STRATA_TYPE, with
// STRATA_LENGTH for varchar(n) (`length`), or "" when there is none: the inverse of the scanner's
// type mapping (DESIGN.md, "Type mapping"), enums left out.
struct NaturalType {
  std::string cpp;  // "std::int64_t", "std::vector<std::string>"; "" when none
  std::optional<unsigned> length;
};
NaturalType natural_cpp_type(const std::string& sql_type);

}  // namespace strata
