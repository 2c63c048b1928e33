# strata_include_root(TARGET <target> MODULE <dir> [PUBLIC|PRIVATE]): gives <target> an include
# root that holds only <dir> (a link in the build tree), so `#include "<dir>/x.hpp"` resolves and an
# include of a module the target does not link fails to build: the layout's dependency rules
# (core knows no generator or runner, generator and runner never include each other) are checked
# by the compiler instead of by review.
include_guard(GLOBAL)

function(strata_include_root)
  cmake_parse_arguments(ARG "PUBLIC;PRIVATE" "TARGET;MODULE" "" ${ARGN})
  set(root ${PROJECT_BINARY_DIR}/strata_include_roots/${ARG_MODULE})
  if(NOT EXISTS ${root}/${ARG_MODULE})
    file(MAKE_DIRECTORY ${root})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${ARG_MODULE} ${root}/${ARG_MODULE} SYMBOLIC)
  endif()
  set(scope PUBLIC)
  if(ARG_PRIVATE)
    set(scope PRIVATE)
  endif()
  target_include_directories(${ARG_TARGET} ${scope} $<BUILD_INTERFACE:${root}>)
endfunction()
