// The migrator's main(): the registry comes from the generated registry.cpp linked beside it.
#include "runner/migrator_cli.hpp"

int main(int argc, char** argv) { return strata::run_migrator(strata::registry(), argc, argv); }
