# Imports Strata::strata-gen, Strata::strata-registry and Strata::migrator_main from a Strata
# build tree (STRATA_BUILD_DIR), standing in for the package config Strata does not install yet.
# The link items mirror the `migrator` link line of Strata's own build (runner/CMakeLists.txt).
find_package(PostgreSQL REQUIRED)
find_library(BENCH_PQXX_STATIC NAMES libpqxx.a REQUIRED)

add_executable(Strata::strata-gen IMPORTED)
set_target_properties(Strata::strata-gen PROPERTIES IMPORTED_LOCATION ${STRATA_BUILD_DIR}/generator/strata-gen)

add_executable(Strata::strata-registry IMPORTED)
set_target_properties(Strata::strata-registry PROPERTIES IMPORTED_LOCATION ${STRATA_BUILD_DIR}/strata-registry)

add_library(Strata::migrator_main INTERFACE IMPORTED)
target_include_directories(Strata::migrator_main INTERFACE ${STRATA_SOURCE_DIR} ${STRATA_SOURCE_DIR}/include)
target_compile_features(Strata::migrator_main INTERFACE cxx_std_20)
target_link_libraries(Strata::migrator_main INTERFACE
  ${STRATA_BUILD_DIR}/runner/CMakeFiles/strata_migrator_main.dir/migrator_main.cpp.o
  ${STRATA_BUILD_DIR}/runner/libstrata_runner.a
  ${STRATA_BUILD_DIR}/core/libstrata_core.a
  ${BENCH_PQXX_STATIC}
  PostgreSQL::PostgreSQL)
