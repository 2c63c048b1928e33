// `import`'s command line, declared once for its two front doors: `strata-import` (the importer,
// which links libpq) and `strata-gen import`, which hands the request over to strata-import so
// that strata-gen itself does not load libpq and the twenty libraries behind it on every run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "generator/model_import.hpp"

namespace CLI {
class App;
}

namespace strata {

struct ImportRequest {
  std::optional<std::string> url;  // --url; else the variable `url_env` names, else libpq's PG* variables
  std::string url_env = "DATABASE_URL";
  ImportOptions options;  // all but its conninfo, which the importer resolves
};

// import's own options (--url, --schemas, --out, --ignore, --namespace), parsed into `request`.
// --url-env is the caller's: strata-gen's is a global option.
void add_import_options(CLI::App& command, ImportRequest& request);

// The strata-import arguments that parse back into `request`, --url-env included.
std::vector<std::string> import_arguments(const ImportRequest& request);

}  // namespace strata
