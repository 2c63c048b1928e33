#include <iostream>
#include <string>
#include <vector>

#include "generator/strata_gen_cli.hpp"

int main(int argc, char** argv) {
  return strata::run_strata_gen(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
