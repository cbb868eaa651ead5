# double-conversion (C++, 3.2.1): the shared library (double-conversion/*.cc: binary-decimal
# conversion of doubles, bignums, cached powers) and its test program cctest (test/cctest: the
# conversion tests and their tables of expected digits). Compiled only, never run. Added
# 2026-12-03 as a never-seen C++ project: no training, validation or selection compiles it.
package=double-conversion
build_tools=(cmake)
build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
    -DBUILD_SHARED_LIBS=ON -DBUILD_TESTING=ON >/dev/null
  capture cmake --build build -j"$JOBS" --target double-conversion
  # Optional: the test program; never fatal.
  capture cmake --build build -j"$JOBS" -- -k || true
}
