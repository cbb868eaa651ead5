# expat (C, 2.5.0; the tarball's expat/ folder): the shared library (lib/: xmlparse, xmlrole,
# xmltok), the xmlwf tool, the examples elements and outline, the unit tests runtests (C) and
# runtestspp (the same tests compiled as C++), which compile the library's sources in again
# (non-PIC), and tests/benchmark/benchmark.c against the shared library. CMake build (the tarball
# is a git export without configure). Compiled only, never run.
# Left out: the fuzzers (fuzz/*.c need libFuzzer and -fsanitize=fuzzer), the xmlwf man page
# (docbook2x), and other EXPAT_CHAR_TYPE configurations (wchar_t/ushort; xmlwf does not build
# with them).
package=expat
build_tools=(cmake)
build() {
  cd expat
  cmake -S . -B build -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
    -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" -DEXPAT_SHARED_LIBS=ON \
    -DEXPAT_BUILD_TOOLS=ON -DEXPAT_BUILD_EXAMPLES=ON -DEXPAT_BUILD_TESTS=ON -DEXPAT_BUILD_DOCS=OFF \
    -DEXPAT_BUILD_FUZZERS=OFF -DEXPAT_BUILD_PKGCONFIG=OFF -DEXPAT_ENABLE_INSTALL=OFF >/dev/null
  capture cmake --build build -j"$JOBS" --target expat
  # Optional: xmlwf, the examples, the tests and the benchmark; never fatal.
  capture cmake --build build -j"$JOBS" -- -k || true
  { capture "$CC" $CFLAGS -Ilib -Ibuild -c tests/benchmark/benchmark.c -o build/benchmark.o &&
    "$CC" build/benchmark.o -Lbuild -l:libexpat.so -o build/benchmark; } || echo "recipe: benchmark did not build"
}
