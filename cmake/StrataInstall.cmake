# Install rules and the CMake package `Strata`: after `cmake --install`, another project calls
# find_package(Strata) and strata_add_migrations() and gets its own migrator.
#
# Two export sets: StrataTargets (libraries, migrator main, strata-registry: no libclang) and
# StrataGeneratorTargets (strata-gen, and the strata-import it runs from its own directory), so a
# package built with STRATA_GENERATE=OFF is complete without the generator, and StrataConfig.cmake
# loads the generator only when it was installed.
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(STRATA_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/Strata)

# Headers: the public API under include/strata/; core/, catalog/ and runner/ beside it, because the
# libraries' install include directory is include/strata and they include "core/x.hpp".
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/strata/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/strata FILES_MATCHING PATTERN "*.hpp")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/core/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/strata/core FILES_MATCHING PATTERN "*.hpp")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/catalog/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/strata/catalog FILES_MATCHING PATTERN "*.hpp")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runner/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/strata/runner FILES_MATCHING PATTERN "*.hpp")

# Installed names match the in-tree aliases: Strata::migrator_main, Strata::strata-registry, ...
set_target_properties(strata_migrator_main PROPERTIES EXPORT_NAME migrator_main)
set_target_properties(strata_pqxx_static PROPERTIES EXPORT_NAME pqxx_static)
set_target_properties(strata_core PROPERTIES EXPORT_NAME core)
set_target_properties(strata_catalog PROPERTIES EXPORT_NAME catalog)
set_target_properties(strata_runner PROPERTIES EXPORT_NAME runner)
set_target_properties(strata_api PROPERTIES EXPORT_NAME api)
set_target_properties(strata_warnings PROPERTIES EXPORT_NAME warnings)

install(TARGETS strata_api strata_warnings strata_core strata_catalog strata_runner strata_pqxx_static
                strata_migrator_main strata-registry
  EXPORT StrataTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  OBJECTS DESTINATION ${CMAKE_INSTALL_LIBDIR}/strata/objects)
install(EXPORT StrataTargets NAMESPACE Strata:: DESTINATION ${STRATA_INSTALL_CMAKEDIR})

if(TARGET strata-gen)
  install(TARGETS strata-gen strata-import EXPORT StrataGeneratorTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(EXPORT StrataGeneratorTargets NAMESPACE Strata:: DESTINATION ${STRATA_INSTALL_CMAKEDIR})
endif()

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/StrataConfig.cmake.in
  ${PROJECT_BINARY_DIR}/StrataConfig.cmake
  INSTALL_DESTINATION ${STRATA_INSTALL_CMAKEDIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/StrataConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/StrataConfig.cmake
  ${PROJECT_BINARY_DIR}/StrataConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/StrataMigrations.cmake
  DESTINATION ${STRATA_INSTALL_CMAKEDIR})
