# tinyxml2 (C++, 9.0.0): the shared library (tinyxml2.cpp, one module) and its test program
# xmltest against it. Compiled only, never run. Added 2026-12-03 as a never-seen C++ project:
# no training, validation or selection compiles it.
# Left out: contrib/html5-printer.cpp (an example that upstream's build does not compile).
package=tinyxml2
build_tools=(cmake)
build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
    -DBUILD_SHARED_LIBS=ON -Dtinyxml2_BUILD_TESTING=ON >/dev/null
  capture cmake --build build -j"$JOBS" --target tinyxml2
  # Optional: the test program; never fatal.
  capture cmake --build build -j"$JOBS" -- -k || true
}
