# fmtlib (C++, {fmt} 9.1.0): the shared library libfmt (src/format.cc, src/os.cc), its test
# programs (args-test ... xchar-test, posix-mock-test, the header-only format-impl-test,
# compile-fp-test and unicode-test, which recompile the library inline), FMT_PEDANTIC's
# noexception-test and nolocale-test (format.cc again with -fno-exceptions / a static
# thousands separator), and the six fuzz harnesses in reproducer mode (FMT_FUZZ_LINKMAIN: each
# linked with test/fuzzing/main.cc instead of libFuzzer). Compiled only, never run.
# Debian's +ds tarball drops the bundled googletest (test/gtest); the recipe puts in its place a
# CMakeLists.txt that makes `gtest` an interface target for Debian's libgtest-dev/libgmock-dev
# (prebuilt static libraries), so googletest's own sources are not compiled into the corpus.
# Left out: module-test (C++20 modules; FMT_CAN_MODULE is off), the docs, and the ctest
# --build-and-test checks (compile-error-test, find-package-test, add-subdirectory-test,
# static-export-test: nested CMake projects that only run under ctest).
package=fmtlib
build_tools=(cmake)
build_packages=(libgtest-dev libgmock-dev)
build() {
  mkdir -p test/gtest
  cat > test/gtest/CMakeLists.txt <<'CMAKE'
find_package(GTest REQUIRED)
add_library(gtest INTERFACE)
target_link_libraries(gtest INTERFACE GTest::gmock GTest::gtest)
CMAKE
  cmake -S . -B build -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
    -DBUILD_SHARED_LIBS=ON -DFMT_DOC=OFF -DFMT_INSTALL=OFF -DFMT_PEDANTIC=ON -DFMT_TEST=ON \
    -DFMT_FUZZ=ON -DFMT_FUZZ_LINKMAIN=ON >/dev/null
  capture cmake --build build -j"$JOBS" --target fmt
  # Optional: the tests and fuzz harnesses; -k keeps going past one that does not build.
  capture cmake --build build -j"$JOBS" -- -k || true
}
