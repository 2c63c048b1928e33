// Owning wrappers for libclang's C handles: the only place that calls clang_dispose*.
#pragma once

#include <clang-c/Index.h>

#include <string>
#include <utility>

namespace strata::clang {

// Owns a CXString.
class String {
 public:
  explicit String(CXString text) : text_(text) {}
  String(const String&) = delete;
  String& operator=(const String&) = delete;
  ~String() { clang_disposeString(text_); }

  std::string str() const {
    const char* chars = clang_getCString(text_);
    return chars ? chars : "";
  }

 private:
  CXString text_;
};

// The text of a CXString returned by a libclang call, which is disposed of.
inline std::string take(CXString text) { return String(text).str(); }

template <typename Handle, void (*Dispose)(Handle)>
class Owned {
 public:
  Owned() = default;
  explicit Owned(Handle handle) : handle_(handle) {}
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  Owned(Owned&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  Owned& operator=(Owned&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, nullptr);
    }
    return *this;
  }
  ~Owned() { reset(); }

  Handle get() const { return handle_; }
  explicit operator bool() const { return handle_ != nullptr; }
  void reset() {
    if (handle_) Dispose(handle_);
    handle_ = nullptr;
  }

 private:
  Handle handle_ = nullptr;
};

using IndexHandle = Owned<CXIndex, clang_disposeIndex>;
using TranslationUnitHandle = Owned<CXTranslationUnit, clang_disposeTranslationUnit>;
using DiagnosticHandle = Owned<CXDiagnostic, clang_disposeDiagnostic>;

// Whether `unit` has an error or fatal diagnostic.
inline bool has_errors(CXTranslationUnit unit) {
  for (unsigned i = 0, count = clang_getNumDiagnostics(unit); i < count; ++i) {
    const DiagnosticHandle diagnostic(clang_getDiagnostic(unit, i));
    if (clang_getDiagnosticSeverity(diagnostic.get()) >= CXDiagnostic_Error) return true;
  }
  return false;
}

}  // namespace strata::clang
