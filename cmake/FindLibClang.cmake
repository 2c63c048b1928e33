# Finds libclang's C API (Debian: libclang-dev, LLVM 14) and defines LibClang::LibClang.
find_path(LibClang_INCLUDE_DIR clang-c/Index.h
  HINTS /usr/lib/llvm-14/include /usr/lib/llvm/include)
find_library(LibClang_LIBRARY NAMES clang-14 clang libclang
  HINTS /usr/lib/llvm-14/lib /usr/lib/llvm/lib)
# clang's own resource directory, so the scanner finds <stddef.h> and friends like clang does.
find_path(LibClang_RESOURCE_DIR include/stddef.h
  HINTS /usr/lib/llvm-14/lib/clang/14.0.6 /usr/lib/clang/14.0.6 /usr/lib/clang/14
  NO_DEFAULT_PATH)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibClang REQUIRED_VARS LibClang_LIBRARY LibClang_INCLUDE_DIR LibClang_RESOURCE_DIR)

if(LibClang_FOUND AND NOT TARGET LibClang::LibClang)
  add_library(LibClang::LibClang UNKNOWN IMPORTED)
  set_target_properties(LibClang::LibClang PROPERTIES
    IMPORTED_LOCATION "${LibClang_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LibClang_INCLUDE_DIR}")
endif()
