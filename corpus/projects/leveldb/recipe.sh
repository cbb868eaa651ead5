# leveldb (C++): the library, its tools and the benchmarks db_bench and db_bench_sqlite3 (compiled
# only). The tests need the googletest and benchmark submodules (third_party/, empty in the
# tarball, added with add_subdirectory: no way to use the system ones), so they are not built.
# The benchmarks only link gtest/gmock by name, which Debian's libgtest-dev/libgmock-dev provide;
# libsqlite3-dev enables db_bench_sqlite3.
package=leveldb
build_tools=(cmake)
build_packages=(libgtest-dev libgmock-dev libsqlite3-dev)
build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
    -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
    -DLEVELDB_BUILD_TESTS=OFF -DLEVELDB_BUILD_BENCHMARKS=ON -DLEVELDB_INSTALL=OFF >/dev/null
  capture cmake --build build -j"$JOBS" --target leveldb leveldbutil
  # Optional: the benchmarks; never fatal.
  capture cmake --build build -j"$JOBS" -- -k || true
}
