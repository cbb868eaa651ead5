# yaml-cpp (C++, 0.7.0): the shared library (src/ and src/contrib/), the parse/read/sandbox tools
# (util/) and the unit tests (yaml-cpp-tests: test/*.cpp, integration/, node/, new-api/, with
# gmock). Compiled only, never run.
# Debian's +dfsg tarball drops the bundled googletest (test/gtest-1.10.0), which the test
# CMakeLists adds with add_subdirectory; the recipe puts in its place a CMakeLists.txt that makes
# `gmock` an interface target for Debian's libgtest-dev/libgmock-dev (prebuilt static
# libraries), so googletest's own sources are not compiled into the corpus. Left out: a second,
# static copy of the library (Debian builds both; it differs only by -fPIC and visibility).
package=yaml-cpp
build_tools=(cmake)
build_packages=(libgtest-dev libgmock-dev)
build() {
  mkdir -p test/gtest-1.10.0
  cat > test/gtest-1.10.0/CMakeLists.txt <<'CMAKE'
find_package(GTest REQUIRED)
add_library(gmock INTERFACE)
target_link_libraries(gmock INTERFACE GTest::gmock GTest::gtest)
CMAKE
  cmake -S . -B build -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
    -DYAML_BUILD_SHARED_LIBS=ON -DYAML_CPP_BUILD_TOOLS=ON -DYAML_CPP_BUILD_CONTRIB=ON \
    -DYAML_CPP_BUILD_TESTS=ON -DYAML_CPP_INSTALL=OFF >/dev/null
  capture cmake --build build -j"$JOBS" --target yaml-cpp
  # Optional: the tools and the tests; -k keeps going past one that does not build.
  capture cmake --build build -j"$JOBS" -- -k || true
}
