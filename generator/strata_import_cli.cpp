#include "generator/strata_import_cli.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <ostream>

#include "catalog/connection_options.hpp"
#include "generator/import_command.hpp"
#include "generator/model_import.hpp"

namespace strata {

int run_strata_import(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  constexpr int kOk = 0, kFailed = 1, kUsage = 2, kCannotConnect = 3;
  CLI::App app{"strata-import: writes model headers from a live database (nothing written when an object cannot be)"};
  app.name("strata-import");
  ImportRequest request;
  app.add_option("--url-env", request.url_env, "the variable holding the database URL when --url is not given")
      ->default_val(request.url_env);
  add_import_options(app, request);
  const auto error_line = [&err]() -> std::ostream& { return err << "strata-import: error: "; };
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
    request.options.conninfo = resolve_conninfo(request.url, request.url_env);
    import_models(request.options, out, err);
    return kOk;
  } catch (const CLI::ParseError& error) {
    return app.exit(error, out, err) == 0 ? kOk : kUsage;
  } catch (const ImportConnectionError& error) {
    error_line() << error.what() << "\n";
    return kCannotConnect;
  } catch (const std::exception& error) {
    error_line() << error.what() << "\n";
    return kFailed;
  }
}

}  // namespace strata
