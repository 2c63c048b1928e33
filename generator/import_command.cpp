#include "generator/import_command.hpp"

#include <CLI/CLI.hpp>

namespace strata {

void add_import_options(CLI::App& command, ImportRequest& request) {
  command.add_option("--url", request.url,
                     "the database (a libpq URL or key=value string; default: the --url-env variable, else "
                     "libpq's PG* variables)");
  command.add_option("--schemas", request.options.schemas, "the schemas to import, comma-separated (default: all)")
      ->delimiter(',');
  command.add_option("--out", request.options.out_dir, "the directory to write (absent or empty)")->required();
  command.add_option("--ignore", request.options.ignore,
                     "a glob on schema.name left out of the import (repeatable; *.alembic_version and "
                     "*.strata_history always are)");
  command.add_option("--namespace", request.options.cpp_namespace, "the C++ namespace of the models")
      ->default_val("models");
}

std::vector<std::string> import_arguments(const ImportRequest& request) {
  // One argument per option, its value after "=": a value that starts with "-" stays a value, and
  // nothing is quoted (no shell reads them).
  const auto option = [](const std::string& name, const std::string& value) { return "--" + name + "=" + value; };
  std::vector<std::string> arguments = {option("url-env", request.url_env)};
  if (request.url) arguments.push_back(option("url", *request.url));
  for (const std::string& schema : request.options.schemas) arguments.push_back(option("schemas", schema));
  arguments.push_back(option("out", request.options.out_dir.string()));
  for (const std::string& glob : request.options.ignore) arguments.push_back(option("ignore", glob));
  arguments.push_back(option("namespace", request.options.cpp_namespace));
  return arguments;
}

}  // namespace strata
