# sqlite3: speedtest1, SQLite's own performance test (test/speedtest1.c, upstream's `make
# speedtest1`: the program and the amalgamation sqlite3.c in one compile), on an in-memory
# database. Inserts, indexed and unindexed selects, updates, deletes, joins, ORDER BY, CTEs,
# integrity_check and ANALYZE: the B-tree, the VDBE bytecode engine, the parser and the
# expression code. --verify adds a hash of every result row; the per-test times are cut from the
# compared output (formatting them still moves callgrind counts by a few hundred instructions).
# Built with SQLITE_THREADSAFE=0 (one thread, no mutexes) and without extension loading (-ldl);
# generating sqlite3.c needs tclsh.
package=sqlite3
benchmark_packages=(tcl)
benchmark_name=speedtest1
benchmark_summary="SQL engine: B-tree, VDBE, parser (speedtest1 --memdb --size 3)"
benchmark_command="speedtest1 --memdb --size 3 --verify"
benchmark_build() {
  # configure compiles the generators (lemon, mkkeywordhash) that make the amalgamation's text;
  # only speedtest1 itself is compiled with the configuration's flags.
  ./configure --disable-readline --disable-tcl CC="$CC" CFLAGS=-O1 >/dev/null
  make sqlite3.c >/dev/null
  local compile=("$CC" $CFLAGS -DSQLITE_OS_KV_OPTIONAL -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -I.
    test/speedtest1.c sqlite3.c -o "$BENCH_BIN/speedtest1" -lm)
  echo "${compile[*]}"  # into build.log
  "${compile[@]}"
}
benchmark_run() {
  bench "$BENCH_BIN/speedtest1" --memdb --size 3 --verify
}
benchmark_normalize() {
  # Each test's line ends in its time ("    0.012s"): keep the names, the counts and the hash.
  sed -E 's/ +[0-9]+\.[0-9]+s$//'
}
