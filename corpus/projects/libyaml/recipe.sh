# libyaml (C, 0.2.5): the shared library (src/: api, dumper, emitter, loader, parser, reader,
# scanner, writer) and the 13 programs of tests/ (run-scanner, run-parser, run-loader, run-emitter,
# run-dumper, the test-suite drivers, the example reformatters and deconstructors, test-reader,
# test-version). CMake build (the tarball is a git export without configure; autotools would need
# bootstrap/autoreconf). Compiled only, never run. Left out: a static copy of the library (the same
# sources without -fPIC, with YAML_DECLARE_STATIC).
package=libyaml
build_tools=(cmake)
build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" \
    -DBUILD_SHARED_LIBS=ON -DBUILD_TESTING=ON >/dev/null
  capture cmake --build build -j"$JOBS" --target yaml
  # Optional: the test and example programs; never fatal.
  capture cmake --build build -j"$JOBS" -- -k || true
}
