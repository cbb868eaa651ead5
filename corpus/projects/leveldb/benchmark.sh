# leveldb (C++): db_bench, the project's own benchmark, with one client thread and fixed seeds
# (db_bench seeds each thread with 1000 + its number): sequential and random fills, overwrite,
# random reads and seeks, sequential and reverse scans, on a database in the run folder (write-
# ahead log, memtable skip list, iterators, the write batch and its encoding). 5,000 entries of
# 100 bytes stay below the 4 MiB write buffer: with a 256 KiB buffer (flushes and compactions on
# leveldb's background thread) one callgrind run took 138 s and the next still ran after 7
# minutes, mostly waiting. db_bench still runs each benchmark in a thread the main thread waits
# for, so counts repeat within about 0.005%, not exactly. The timings are cut from the compared output; the names and found counts stay.
# Built without snappy, crc32c and tcmalloc, so every machine runs the same code.
package=leveldb
benchmark_tools=(cmake)
benchmark_packages=(libgtest-dev libgmock-dev)
benchmark_name=db_bench
benchmark_summary="key-value store (C++): write-ahead log, memtable skip list, iterators"
benchmark_command="db_bench --benchmarks=fillseq,fillrandom,overwrite,readrandom,seekrandom,readseq,readreverse --num=5000 --threads=1"
benchmark_build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
    -DCMAKE_C_FLAGS="$CFLAGS -DNDEBUG" -DCMAKE_CXX_FLAGS="$CXXFLAGS -DNDEBUG" \
    -DHAVE_SNAPPY=OFF -DHAVE_CRC32C=OFF -DHAVE_TCMALLOC=OFF \
    -DLEVELDB_BUILD_TESTS=OFF -DLEVELDB_BUILD_BENCHMARKS=ON -DLEVELDB_INSTALL=OFF >/dev/null
  cmake --build build -j"$JOBS" --target db_bench -- VERBOSE=1
  cp build/db_bench "$BENCH_BIN/db_bench"
}
benchmark_run() {
  bench "$BENCH_BIN/db_bench" --benchmarks=fillseq,fillrandom,overwrite,readrandom,seekrandom,readseq,readreverse \
    --num=5000 --value_size=100 --threads=1 --db="$PWD/db" 2>/dev/null
  rm -rf db
}
benchmark_normalize() {
  # "fillseq      :       1.234 micros/op;   89.6 MB/s (4327 of 5000 found)" -> name and count.
  sed -E 's/: +[0-9.]+ micros\/op;( +[0-9.]+ MB\/s)?/:/'
}
