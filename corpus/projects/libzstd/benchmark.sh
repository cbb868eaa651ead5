# zstd: the CLI compressing a fixed 2 MiB file at levels 3 (the default: double-fast match
# finder) and 6 (lazy), then decompressing the level-6 frame. The input is the first 2 MiB of
# the package's own C sources concatenated in name order. Built as upstream's `zstd-nomt` (no
# worker or async-I/O threads, which make callgrind counts vary), without the zlib/lzma/lz4
# formats; the x86-64 Huffman decoder loops stay assembly (huf_decompress_amd64.S).
package=libzstd
benchmark_name=zstd
benchmark_summary="compression: match finders, entropy coding, Huffman/FSE decoding"
benchmark_command="zstd -3 and -6 of a 2 MiB text file, zstd -d of the -6 frame"
benchmark_inputs() {
  find . -name '*.[ch]' -type f | LC_ALL=C sort | xargs cat | head -c 2097152 >"$BENCH_INPUT/input" || true
  [[ $(stat -c %s "$BENCH_INPUT/input") == 2097152 ]]
}
benchmark_build() {
  # CFLAGS replaces the Makefile's `CFLAGS ?= -O3`; V=1 prints each compile in the build log.
  make -j"$JOBS" -C programs zstd-nomt HAVE_ZLIB=0 HAVE_LZMA=0 HAVE_LZ4=0 V=1 CC="$CC" CFLAGS="$CFLAGS"
  cp programs/zstd "$BENCH_BIN/zstd"
}
benchmark_run() {
  bench "$BENCH_BIN/zstd" -q -3 "$BENCH_INPUT/input" -o input.3.zst
  bench "$BENCH_BIN/zstd" -q -6 "$BENCH_INPUT/input" -o input.6.zst
  bench "$BENCH_BIN/zstd" -q -d input.6.zst -o decompressed
  cmp decompressed "$BENCH_INPUT/input"
}
