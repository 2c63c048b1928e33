# strata_include_root(TARGET <target> MODULE <dir> [PUBLIC|PRIVATE]): gives <target> an include
# root that holds only <dir> (a link in the build tree), so `#include "<dir>/x.hpp"` resolves and an
# include of a module the target does not link fails to build: the layout's dependency rules
# (core knows no generator or runner, generator and runner never include each other) are checked
# by the compiler instead of by review. <dir> may be nested (generator/writer): its root then
# exposes that subdirectory alone.
include_guard(GLOBAL)

function(strata_include_root)
  cmake_parse_arguments(ARG "PUBLIC;PRIVATE" "TARGET;MODULE" "" ${ARGN})
  string(REPLACE "/" "_" root_name ${ARG_MODULE})
  set(root ${PROJECT_BINARY_DIR}/strata_include_roots/${root_name})
  if(NOT EXISTS ${root}/${ARG_MODULE})
    get_filename_component(link_parent ${root}/${ARG_MODULE} DIRECTORY)
    file(MAKE_DIRECTORY ${link_parent})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${ARG_MODULE} ${root}/${ARG_MODULE} SYMBOLIC)
  endif()
  set(scope PUBLIC)
  if(ARG_PRIVATE)
    set(scope PRIVATE)
  endif()
  target_include_directories(${ARG_TARGET} ${scope} $<BUILD_INTERFACE:${root}>)
endfunction()
