#include <iostream>
#include <string>
#include <vector>

#include "generator/strata_import_cli.hpp"

int main(int argc, char** argv) {
  return strata::run_strata_import(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
