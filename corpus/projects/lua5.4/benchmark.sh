# lua5.4: the interpreter running fixed workloads (benchmark.lua, next to this recipe): binary
# trees (allocation, garbage collector), fannkuch (integer loops over tables), n-body (floating
# point, fields), strings (format, gsub, hashing, sort), closures, metatables and coroutines;
# each prints a checksum. The string-hash seed is made constant (lua-seed.h: Lua otherwise mixes
# the time and addresses into it, which moves callgrind counts by ~0.1%), math.random is seeded.
package=lua5.4
benchmark_name=lua
benchmark_summary="interpreter: bytecode dispatch, tables, strings, GC, coroutines"
benchmark_command="lua benchmark.lua"
benchmark_build() {
  echo '#define luai_makeseed(L) 0u' >lua-seed.h
  # MYCFLAGS comes after the Makefile's own -O2, so the configuration's level wins.
  make -j"$JOBS" -C src lua CC="$CC" MYCFLAGS="$CFLAGS -include $PWD/lua-seed.h" \
    SYSCFLAGS="-DLUA_USE_LINUX" SYSLIBS="-Wl,-E -ldl"
  cp src/lua "$BENCH_BIN/lua"
}
benchmark_run() {
  bench "$BENCH_BIN/lua" "$BENCH_RECIPE/benchmark.lua"
}
