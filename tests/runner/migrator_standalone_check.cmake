# The shipped migrator stands alone: `ldd` shows neither libpqxx (linked statically) nor libclang
# (the generator's, never the migrator's), and copied into an empty directory it still runs:
# `--help`, and `upgrade head --sql`, which needs no database and no migrations/ beside it.
#
#   cmake -DMIGRATOR=<path to migrator> -DWORK_DIR=<scratch dir> -P migrator_standalone_check.cmake
foreach(required MIGRATOR WORK_DIR)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "migrator_standalone_check: -D${required}=... is required")
  endif()
endforeach()

execute_process(COMMAND ldd ${MIGRATOR} OUTPUT_VARIABLE libraries ERROR_VARIABLE ldd_error RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "ldd ${MIGRATOR} failed (${status}): ${ldd_error}")
endif()
foreach(forbidden libpqxx libclang libLLVM)
  if(libraries MATCHES "${forbidden}")
    message(FATAL_ERROR "${MIGRATOR} links ${forbidden} dynamically:\n${libraries}")
  endif()
endforeach()

# A fresh, empty directory holding only the copied executable.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
file(COPY ${MIGRATOR} DESTINATION ${WORK_DIR})
cmake_path(GET MIGRATOR FILENAME name)
set(copy ${WORK_DIR}/${name})

execute_process(COMMAND ${copy} --help WORKING_DIRECTORY ${WORK_DIR}
  OUTPUT_VARIABLE help ERROR_VARIABLE help_error RESULT_VARIABLE status)
if(NOT status EQUAL 0 OR NOT help MATCHES "upgrade")
  message(FATAL_ERROR "`${name} --help` in an empty directory failed (${status}):\n${help}${help_error}")
endif()

# No database: the URL variables are removed so nothing could connect.
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=AUTOML_DATABASE_URL --unset=DATABASE_URL
                        --unset=PGHOST --unset=PGPORT --unset=PGDATABASE ${copy} upgrade head --sql
  WORKING_DIRECTORY ${WORK_DIR}
  OUTPUT_VARIABLE script ERROR_VARIABLE script_error RESULT_VARIABLE status)
if(NOT status EQUAL 0 OR NOT script MATCHES "CREATE TABLE" OR NOT script MATCHES "strata_history")
  message(FATAL_ERROR "`${name} upgrade head --sql` in an empty directory failed (${status}):\n${script_error}")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
