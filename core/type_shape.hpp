// A canonical SQL type split into what the widening and cast rules look at.
#pragma once

#include <optional>
#include <string>

namespace strata {

struct TypeShape {
  enum class Family { Text, Integer, Float, Numeric, Enum, Other } family = Family::Other;
  int rank = 0;                  // integers: smallint 1, integer 2, bigint 3; floats: real 1, double 2
  std::optional<int> length;     // varchar(n); none for text / unbounded varchar
  std::optional<int> precision;  // numeric(p[,s]); none for unbounded numeric
  int scale = 0;
};

// The shape of a canonical scalar type (see sql_type.hpp); an enum is a quoted name.
TypeShape shape_of(const std::string& type);

// Strips the same number of "[]" from both types; false (types untouched) when the array depths
// differ. `depth`, when given, receives the number stripped.
bool strip_arrays(std::string& a, std::string& b, std::size_t* depth = nullptr);

}  // namespace strata
