# lz4: the CLI compressing a fixed 2 MiB file fast (-1) and with the high-compression coder
# (-5, LZ4HC), then decompressing both. The input is the first 2 MiB of the package's own
# sources (C, headers, Markdown) concatenated in name order, repeated to fill 2 MiB.
package=lz4
benchmark_name=lz4
benchmark_summary="compression: LZ4 fast and HC match finders, LZ4 decoding"
benchmark_command="lz4 -1 and -5 of a 2 MiB text file, lz4 -d of both"
benchmark_inputs() {
  local sources
  sources=$(find . -type f \( -name '*.[ch]' -o -name '*.md' \) | LC_ALL=C sort | xargs cat)
  while (( ${#sources} < 2097152 )); do sources+=$sources; done
  printf '%s' "$sources" | head -c 2097152 >"$BENCH_INPUT/input" || true
  [[ $(stat -c %s "$BENCH_INPUT/input") == 2097152 ]]
}
benchmark_build() {
  # CFLAGS replaces the Makefile's `CFLAGS ?= -O3`; the CLI compiles the library's sources in.
  make -j"$JOBS" -C programs lz4 V=1 CC="$CC" CFLAGS="$CFLAGS"
  cp programs/lz4 "$BENCH_BIN/lz4"
}
benchmark_run() {
  bench "$BENCH_BIN/lz4" -q -1 "$BENCH_INPUT/input" input.1.lz4
  bench "$BENCH_BIN/lz4" -q -5 "$BENCH_INPUT/input" input.5.lz4
  bench "$BENCH_BIN/lz4" -q -d input.1.lz4 decompressed.1
  bench "$BENCH_BIN/lz4" -q -d input.5.lz4 decompressed.5
  cmp decompressed.1 "$BENCH_INPUT/input"
  cmp decompressed.5 "$BENCH_INPUT/input"
}
