# leveldb (C++): the library and its tools; tests and benchmarks need submodules the tarball
# does not have.
package=leveldb
build_tools=(cmake)
build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
    -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
    -DLEVELDB_BUILD_TESTS=OFF -DLEVELDB_BUILD_BENCHMARKS=OFF -DLEVELDB_INSTALL=OFF >/dev/null
  capture cmake --build build -j"$JOBS"
}
