# The revision writer and strata-registry: migrations directory, strata.sum, registry emitter.
# Free of libclang, so the top-level CMakeLists.txt may include this file even when
# STRATA_GENERATE=OFF (the migrator build runs `strata-registry --check`); the generator
# directory includes it too, hence the guard.
include_guard(GLOBAL)
find_package(CLI11 REQUIRED)

# Templates become C++ string constants at configure time; editing one re-runs the configure step.
set(strata_template_definitions "")
foreach(strata_template revision.cpp up.sql down.sql registry.cpp schema.hpp)
  set(strata_template_file ${CMAKE_CURRENT_LIST_DIR}/templates/${strata_template}.mustache)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${strata_template_file})
  file(READ ${strata_template_file} strata_template_text)
  string(FIND "${strata_template_text}" ")strata_template\"" strata_template_clash)
  if(NOT strata_template_clash EQUAL -1)
    message(FATAL_ERROR "${strata_template_file} contains the raw-string delimiter )strata_template\"")
  endif()
  string(REPLACE "." "_" strata_template_stem ${strata_template})
  set(strata_template_names_revision_cpp kRevisionCpp)
  set(strata_template_names_up_sql kUpSql)
  set(strata_template_names_down_sql kDownSql)
  set(strata_template_names_registry_cpp kRegistryCpp)
  set(strata_template_names_schema_hpp kSchemaHpp)
  string(APPEND strata_template_definitions
    "extern const std::string_view ${strata_template_names_${strata_template_stem}};\n"
    "const std::string_view ${strata_template_names_${strata_template_stem}} = R\"strata_template(${strata_template_text})strata_template\";\n\n")
endforeach()
configure_file(${CMAKE_CURRENT_LIST_DIR}/revision_templates_embedded.cpp.in
  ${CMAKE_CURRENT_BINARY_DIR}/strata_generated/revision_templates_embedded.cpp @ONLY)

add_library(strata_revision_writer STATIC
  ${CMAKE_CURRENT_LIST_DIR}/revision_writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/migration_set.cpp
  ${CMAKE_CURRENT_LIST_DIR}/strata_sum.cpp
  ${CMAKE_CURRENT_LIST_DIR}/registry_emitter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/schema_header_emitter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/directory_transaction.cpp
  ${CMAKE_CURRENT_LIST_DIR}/atomic_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/build_stamp.cpp
  ${CMAKE_CURRENT_LIST_DIR}/revision_id.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cpp_literal.cpp
  ${CMAKE_CURRENT_LIST_DIR}/revision_templates.cpp
  ${CMAKE_CURRENT_BINARY_DIR}/strata_generated/revision_templates_embedded.cpp)
strata_include_root(TARGET strata_revision_writer MODULE generator)
target_link_libraries(strata_revision_writer PUBLIC strata_core PRIVATE strata_warnings)

# strata-registry: verifies strata.sum and refreshes generated/registry.cpp without libclang.
add_executable(strata-registry ${CMAKE_CURRENT_LIST_DIR}/strata_registry_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/compiler_command.cpp)
target_link_libraries(strata-registry PRIVATE strata_revision_writer CLI11::CLI11 strata_warnings)
add_executable(Strata::strata-registry ALIAS strata-registry)
