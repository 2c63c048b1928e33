# strata_add_migrations(): models -> revisions -> a migrator executable (DESIGN.md, "CMake").
#
#   strata_add_migrations(
#     NAME automl_app
#     MODELS models/tenant.hpp models/user.hpp
#     MIGRATIONS_DIR ${CMAKE_CURRENT_SOURCE_DIR}/migrations
#     GENERATED_DIR  ${CMAKE_CURRENT_SOURCE_DIR}/generated
#     DATABASE_URL_ENV AUTOML_DATABASE_URL
#     [INCLUDE_DIRECTORIES dir...] [COMPILE_OPTIONS opt...] [MIGRATOR migrator]
#     [HISTORY_TABLE name|schema.name]    # default public.strata_history; one per set sharing a database
#     [UNMANAGED pattern...]              # globs on schema.name `migrator check` never reports nor drops
#     [SQL_OBJECTS dir...]                # views, functions, triggers: one CREATE statement per *.sql file
#     [VERIFY]                            # prove every new revision at build time (migrations-verify)
#     [ONLINE])                           # revisions in online mode (strata-gen generate --online)
#
# Targets: `migrations` (generate when a model or anything it includes changed, refresh
# generated/, build the migrator), `migrations-check` (fails on model changes without a
# revision) and the migrator executable. Without the generator (STRATA_GENERATE=OFF, or a Strata
# package installed without it) the migrator is built from the committed generated/. Either way
# registry.cpp is compiled through `strata-registry --check`, so a revision file that differs
# from migrations/strata.sum fails the build with `<file>: edited` (see the end of the function).
# With VERIFY, `migrations-verify` (also run by `migrations`) proves each revision not proven yet
# with `<migrator> verify` on a scratch database: on $STRATA_VERIFY_URL, else on a cluster from
# `pg_config --bindir` whose data dir is kept in the build tree, so only the first proof pays initdb
# (runner/revision_proof.hpp).
include_guard(GLOBAL)

function(strata_add_migrations)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "VERIFY;ONLINE"
    "NAME;MIGRATIONS_DIR;GENERATED_DIR;DATABASE_URL_ENV;MIGRATOR;HISTORY_TABLE"
    "MODELS;INCLUDE_DIRECTORIES;COMPILE_OPTIONS;UNMANAGED;SQL_OBJECTS")
  foreach(required NAME MODELS MIGRATIONS_DIR GENERATED_DIR DATABASE_URL_ENV)
    if(NOT ARG_${required})
      message(FATAL_ERROR "strata_add_migrations: ${required} is required")
    endif()
  endforeach()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "strata_add_migrations: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_MIGRATOR)
    set(ARG_MIGRATOR migrator)
  endif()

  set(models "")
  foreach(model IN LISTS ARG_MODELS)
    cmake_path(ABSOLUTE_PATH model BASE_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} NORMALIZE OUTPUT_VARIABLE model)
    list(APPEND models ${model})
  endforeach()
  set(sql_object_dirs "")
  foreach(dir IN LISTS ARG_SQL_OBJECTS)
    cmake_path(ABSOLUTE_PATH dir BASE_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} NORMALIZE OUTPUT_VARIABLE dir)
    list(APPEND sql_object_dirs ${dir})
  endforeach()
  set(include_dirs "")
  foreach(dir IN LISTS ARG_INCLUDE_DIRECTORIES)
    cmake_path(ABSOLUTE_PATH dir BASE_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} NORMALIZE OUTPUT_VARIABLE dir)
    list(APPEND include_dirs ${dir})
  endforeach()

  # An installed package's strata-gen finds <strata/annotate.hpp> through the package's include
  # directory (StrataConfig.cmake sets it); in-tree, strata-gen knows the source include directory.
  if(STRATA_ANNOTATE_INCLUDE_DIR)
    list(APPEND include_dirs ${STRATA_ANNOTATE_INCLUDE_DIR})
  endif()

  set(work ${CMAKE_CURRENT_BINARY_DIR}/strata/${ARG_NAME})
  set(registry ${ARG_GENERATED_DIR}/registry.cpp)
  set(set_args
    --name ${ARG_NAME} --migrations ${ARG_MIGRATIONS_DIR} --generated ${ARG_GENERATED_DIR}
    --url-env ${ARG_DATABASE_URL_ENV})
  if(ARG_HISTORY_TABLE)
    list(APPEND set_args --history-table ${ARG_HISTORY_TABLE})
  endif()
  foreach(pattern IN LISTS ARG_UNMANAGED)
    list(APPEND set_args --unmanaged ${pattern})
  endforeach()

  if(TARGET Strata::strata-gen)
    # The generator's own command line lives in one file, so that people can run
    # `strata-gen --config <file> inspect|diff|...` by hand with the same settings.
    set(config ${work}/strata-gen.ini)
    set(config_text "name=${ARG_NAME}\nmigrations=${ARG_MIGRATIONS_DIR}\ngenerated=${ARG_GENERATED_DIR}\nurl-env=${ARG_DATABASE_URL_ENV}\nprelude-cache=${work}/prelude-cache\n")
    if(ARG_HISTORY_TABLE)
      string(APPEND config_text "history-table=${ARG_HISTORY_TABLE}\n")
    endif()
    if(ARG_UNMANAGED)
      string(JOIN "\",\"" joined ${ARG_UNMANAGED})
      string(APPEND config_text "unmanaged=[\"${joined}\"]\n")
    endif()
    if(ARG_ONLINE)
      string(APPEND config_text "online=true\n")
    endif()
    string(JOIN "\",\"" models_joined ${models})
    string(APPEND config_text "models=[\"${models_joined}\"]\n")
    if(sql_object_dirs)
      string(JOIN "\",\"" joined ${sql_object_dirs})
      string(APPEND config_text "sql-objects=[\"${joined}\"]\n")
    endif()
    if(include_dirs)
      string(JOIN "\",\"" joined ${include_dirs})
      string(APPEND config_text "include=[\"${joined}\"]\n")
    endif()
    if(ARG_COMPILE_OPTIONS)
      string(JOIN "\",\"" joined ${ARG_COMPILE_OPTIONS})
      string(APPEND config_text "compile-option=[\"${joined}\"]\n")
    endif()
    file(CONFIGURE OUTPUT ${config} CONTENT "${config_text}" @ONLY)

    # Runs when a model or a header a model includes changed, a SQL object file or directory
    # (a file added or removed) did, or the migrations directory did
    # (depfile): a revision added or removed (the directory's mtime) or written or accepted by
    # `strata-gen hash` (strata.sum). Not each revision file: Ninja re-parses a custom command's
    # depfile as text on every build, which with thousands of files dominated a no-op build; a
    # hand edit strata.sum does not record is caught by the registry's compile (below).
    # registry.cpp is rewritten only when its content changes, so nothing relinks otherwise.
    add_custom_command(
      OUTPUT ${work}/generate.stamp
      BYPRODUCTS ${registry}
      COMMAND Strata::strata-gen --config ${config} generate
              --depfile ${work}/generate.d --stamp ${work}/generate.stamp
      DEPENDS ${models} ${config} Strata::strata-gen
      DEPFILE ${work}/generate.d
      WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
      COMMENT "strata: generating migrations for ${ARG_NAME}"
      VERBATIM)
    set(gate ${work}/generate.stamp)

    add_custom_target(migrations-check-${ARG_NAME}
      COMMAND Strata::strata-gen --config ${config} check
      WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
      COMMENT "strata: checking that ${ARG_NAME} models match migrations/"
      VERBATIM)
  else()
    # No generator here: the migrator is built from the committed generated/, verified by the
    # registry's compile (below).
    set(gate "")

    # Without the generator the models cannot be compared: check what can be, strata.sum and
    # the registry.
    add_custom_target(migrations-check-${ARG_NAME}
      COMMAND Strata::strata-registry ${set_args} --check
      COMMENT "strata: checking ${ARG_NAME} migrations against strata.sum (no generator: models not compared)"
      VERBATIM)
  endif()
  if(NOT TARGET migrations-check)
    add_custom_target(migrations-check)
  endif()
  add_dependencies(migrations-check migrations-check-${ARG_NAME})

  # registry.cpp embeds every revision's SQL and includes each migrations/NNNN_slug.cpp, so a new
  # revision needs no re-configure: the migrator's only source is this one file.
  add_executable(${ARG_MIGRATOR} ${registry} ${gate})
  target_include_directories(${ARG_MIGRATOR} PRIVATE ${ARG_MIGRATIONS_DIR})
  target_link_libraries(${ARG_MIGRATOR} PRIVATE Strata::migrator_main)

  # What the migrator embeds is what was reviewed: registry.cpp is compiled through
  # `strata-registry --check -- <compiler>`, which fails with `<file>: edited|removed|added`
  # when a revision file differs from strata.sum (or registry.cpp from the files), and otherwise
  # adds every file strata.sum covers to the compiler's depfile. Ninja keeps a compile's depfile
  # in its binary deps log, so an edit re-runs the compile and the check, and a no-op build only
  # stat()s the files (bench/RESULTS.md). A launcher the project already set (ccache) still runs.
  set_property(TARGET ${ARG_MIGRATOR} PROPERTY CXX_COMPILER_LAUNCHER
    $<TARGET_FILE:Strata::strata-registry> ${set_args} --check -- ${CMAKE_CXX_COMPILER_LAUNCHER})
  get_target_property(registry_tool Strata::strata-registry ALIASED_TARGET)
  if(registry_tool)
    add_dependencies(${ARG_MIGRATOR} ${registry_tool})  # in-tree: built before it launches
  endif()

  if(NOT TARGET migrations)
    add_custom_target(migrations)
  endif()
  add_dependencies(migrations ${ARG_MIGRATOR})

  if(ARG_VERIFY)
    # Runs when the migrator was relinked (a revision added or changed, or the runner rebuilt);
    # the cache in the build tree keeps revisions proven before from being proven again, so a
    # no-op build runs nothing and a new revision costs its own proof only (bench/RESULTS.md).
    add_custom_command(
      OUTPUT ${work}/verify.stamp
      COMMAND ${ARG_MIGRATOR} verify --cache ${work}/proven-revisions.txt --cluster-dir ${work}/verify-cluster
      COMMAND ${CMAKE_COMMAND} -E touch ${work}/verify.stamp
      DEPENDS ${ARG_MIGRATOR}
      COMMENT "strata: proving the ${ARG_NAME} revisions (up, down, up again) on a scratch database"
      VERBATIM)
    add_custom_target(migrations-verify-${ARG_NAME} DEPENDS ${work}/verify.stamp)
    if(NOT TARGET migrations-verify)
      add_custom_target(migrations-verify)
    endif()
    add_dependencies(migrations-verify migrations-verify-${ARG_NAME})
    add_dependencies(migrations migrations-verify-${ARG_NAME})
  endif()
endfunction()
